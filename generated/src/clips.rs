//! Clip conveniences, written by hand beside the generated code: `cargo xtask codegen` never
//! writes this file (`spec/codegen.yaml` lists it under `handwritten`, so `lib.rs` declares it).
//!
//! The [Get clips](https://gcore.com/docs/api-reference/streaming/streams/get-clips) page says
//! that the `master` in a clip's `hls_master`/`mp4_master` URL means "the highest quality", and
//! that replacing it with a name from the clip's `renditions` (`media_1_360`) picks one quality.
//! [`ClipId::hls_url`] and [`ClipId::mp4_url`] do that replacement, checked against
//! `renditions`. [`Client::download_clip`] fetches the MP4, telling apart the two answers the
//! spec documents for a clip's link: 425 Too Early (still recording) and 404 (expired).
//!
//! ```no_run
//! use gcore_streaming::clips::{DownloadError, Quality};
//!
//! # async fn run(client: gcore_streaming::Client) -> Result<(), Box<dyn std::error::Error>> {
//! let clips = client.streams().clips().list(42).await?;
//! for clip in &clips {
//!     // The 720p rendition's MP4, if the clip has one.
//!     let Some(rendition) = clip.rendition_with_height(720) else { continue };
//!     match client.download_clip(clip, Quality::Rendition(rendition)).await {
//!         Ok(mp4) => println!("{}: {} bytes", clip.id, mp4.len()),
//!         Err(DownloadError::TooEarly { available_at }) => {
//!             println!("{} is still recording; ready at {available_at:?}", clip.id)
//!         }
//!         Err(DownloadError::Expired { .. }) => println!("{} has expired", clip.id),
//!         Err(other) => return Err(other.into()),
//!     }
//! }
//! # Ok(())
//! # }
//! ```

use std::fmt;
use std::time::{Duration, SystemTime};

use crate::models::ClipId;
use crate::runtime::{ByteStream, Call, Endpoint, Error, Runtime};
use crate::Client;

/// Which quality of a clip to fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quality<'a> {
    /// The highest quality of the clip's bitrate ladder (the URL as the API gives it).
    Master,
    /// One rendition, by its name in [`ClipId::renditions`] (`media_1_360`).
    Rendition(&'a str),
}

/// Why a clip URL could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClipUrlError {
    /// The clip has no URL of that kind (the field is absent).
    MissingUrl {
        /// `hls_master` or `mp4_master`.
        field: &'static str,
    },
    /// The rendition is not one of the clip's `renditions`.
    UnknownRendition {
        /// The name asked for.
        requested: String,
        /// The clip's renditions.
        available: Vec<String>,
    },
    /// The URL's file name has no `master` to replace.
    NoMasterAlias {
        /// The URL as the API gave it.
        url: String,
    },
}

impl fmt::Display for ClipUrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClipUrlError::MissingUrl { field } => write!(f, "the clip has no `{field}` URL"),
            ClipUrlError::UnknownRendition {
                requested,
                available,
            } => write!(
                f,
                "the clip has no rendition `{requested}` (it has: {})",
                available.join(", ")
            ),
            ClipUrlError::NoMasterAlias { url } => {
                write!(f, "the clip URL `{url}` has no `master` alias to replace")
            }
        }
    }
}

impl std::error::Error for ClipUrlError {}

impl ClipId {
    /// The HLS playlist URL of `quality`: `hls_master`, with `master` replaced by the
    /// rendition's name for [`Quality::Rendition`].
    pub fn hls_url(&self, quality: Quality<'_>) -> Result<String, ClipUrlError> {
        self.url_for("hls_master", self.hls_master.as_deref(), quality)
    }

    /// The MP4 file URL of `quality`: `mp4_master`, with `master` replaced by the rendition's
    /// name for [`Quality::Rendition`].
    pub fn mp4_url(&self, quality: Quality<'_>) -> Result<String, ClipUrlError> {
        self.url_for("mp4_master", self.mp4_master.as_deref(), quality)
    }

    /// The name of the rendition whose height (the number that ends its name, `media_3_720`
    /// → 720) is `height`.
    pub fn rendition_with_height(&self, height: u32) -> Option<&str> {
        self.renditions
            .iter()
            .flatten()
            .map(String::as_str)
            .find(|name| rendition_height(name) == Some(height))
    }

    /// When the recording is complete and the whole clip can be downloaded: `start +
    /// duration`. Before that, the clip's links answer 425 Too Early.
    pub fn available_at(&self) -> Option<SystemTime> {
        let end = self.start?.checked_add(self.duration)?;
        unix_time(end)
    }

    /// When the clip's links stop working: `expiration`, or, when absent, one hour after the
    /// end of the clip (the spec's rule). After that, the links answer 404.
    pub fn expires_at(&self) -> Option<SystemTime> {
        let expiration = match self.expiration {
            Some(expiration) => expiration,
            None => self.start?.checked_add(self.duration)?.checked_add(3600)?,
        };
        unix_time(expiration)
    }

    fn url_for(
        &self,
        field: &'static str,
        url: Option<&str>,
        quality: Quality<'_>,
    ) -> Result<String, ClipUrlError> {
        let url = url.ok_or(ClipUrlError::MissingUrl { field })?;
        let rendition = match quality {
            Quality::Master => return Ok(url.to_string()),
            Quality::Rendition(name) => name,
        };
        let available = self.renditions.clone().unwrap_or_default();
        if !available.iter().any(|r| r == rendition) {
            return Err(ClipUrlError::UnknownRendition {
                requested: rendition.to_string(),
                available,
            });
        }
        replace_master(url, rendition).ok_or_else(|| ClipUrlError::NoMasterAlias {
            url: url.to_string(),
        })
    }
}

/// The height a rendition name ends with: `media_3_720` → 720.
pub fn rendition_height(name: &str) -> Option<u32> {
    name.rsplit('_').next()?.parse().ok()
}

/// `url` with the last `master` of its file name (not its host, directories or query)
/// replaced by `rendition`.
fn replace_master(url: &str, rendition: &str) -> Option<String> {
    let path_end = url.find(['?', '#']).unwrap_or(url.len());
    let file_start = url[..path_end].rfind('/').map_or(0, |i| i + 1);
    let at = file_start + url[file_start..path_end].rfind("master")?;
    Some(format!(
        "{}{rendition}{}",
        &url[..at],
        &url[at + "master".len()..]
    ))
}

fn unix_time(seconds: i64) -> Option<SystemTime> {
    let seconds = u64::try_from(seconds).ok()?;
    SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(seconds))
}

/// Why [`Client::download_clip`] failed.
#[derive(Debug)]
pub enum DownloadError {
    /// No URL for that quality (see [`ClipUrlError`]).
    Url(ClipUrlError),
    /// 425 Too Early: the clip is still being recorded. It can be downloaded from
    /// `available_at` (`start + duration`) on.
    TooEarly {
        /// [`ClipId::available_at`], when the clip says its start.
        available_at: Option<SystemTime>,
    },
    /// 404 Not Found: the clip has expired (or never existed); make a new one, or create clips
    /// with `vod_required: true` to keep them as videos.
    Expired {
        /// [`ClipId::expires_at`], when the clip says it.
        expired_at: Option<SystemTime>,
    },
    /// Any other failure: transport, timeout, another status (after the client's retries).
    Http(Error),
}

impl fmt::Display for DownloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DownloadError::Url(e) => e.fmt(f),
            DownloadError::TooEarly { .. } => {
                f.write_str("the clip is still being recorded (425 Too Early)")
            }
            DownloadError::Expired { .. } => f.write_str("the clip has expired (404 Not Found)"),
            DownloadError::Http(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for DownloadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DownloadError::Url(e) => Some(e),
            DownloadError::Http(e) => Some(e),
            _ => None,
        }
    }
}

impl Client {
    /// Downloads the MP4 of `clip` in `quality`, into memory.
    ///
    /// The clip's link is a public CDN URL, so the API key is **not** sent with it, nor any
    /// header, query parameter or body field set with `RequestOptions`. The client's timeout,
    /// retries and tracing apply; 425 and 404 are not retried, they are answers:
    /// [`DownloadError::TooEarly`] and [`DownloadError::Expired`]. The response body limit
    /// (`RequestOptions::max_body_size`) does not apply: a clip is as large as it is. For a
    /// long clip, [`Client::download_clip_to`] writes it out as it arrives instead.
    pub async fn download_clip(
        &self,
        clip: &ClipId,
        quality: Quality<'_>,
    ) -> Result<Vec<u8>, DownloadError> {
        let url = clip.mp4_url(quality).map_err(DownloadError::Url)?;
        let request = self.runtime.http.get(&url);
        let raw = self
            .cdn_runtime()
            .execute(CDN_CALL, request)
            .await
            .map_err(DownloadError::Http)?;
        match raw.status.as_u16() {
            200..=299 => Ok(raw.body),
            _ => Err(refusal(clip, raw.status, &raw.headers, &raw.body)),
        }
    }

    /// Downloads the MP4 of `clip` in `quality` into `writer` (a file, a socket) as it
    /// arrives, never whole in memory, and returns its size in bytes.
    ///
    /// As [`Client::download_clip`], but with no deadline for the whole body: each wait for the
    /// next piece may last the idle timeout (`RequestOptions::idle_timeout`, 30 s by default),
    /// past which the download fails with `Error::Idle`.
    pub async fn download_clip_to<W>(
        &self,
        clip: &ClipId,
        quality: Quality<'_>,
        writer: &mut W,
    ) -> Result<u64, DownloadError>
    where
        W: tokio::io::AsyncWrite + Unpin + ?Sized,
    {
        let url = clip.mp4_url(quality).map_err(DownloadError::Url)?;
        let request = self.runtime.http.get(&url);
        let runtime = self.cdn_runtime();
        let raw = runtime
            .execute_streaming(CDN_CALL, request)
            .await
            .map_err(DownloadError::Http)?;
        match raw.live {
            Some(live) => ByteStream::new(live, runtime.idle_timeout)
                .copy_to(writer)
                .await
                .map_err(DownloadError::Http),
            None => Err(refusal(clip, raw.status, &raw.headers, &raw.body)),
        }
    }

    /// The runtime for the CDN: another host, so nothing set for API calls goes there (headers,
    /// an `Authorization` override among them, extra query parameters and body fields), and
    /// no body limit.
    fn cdn_runtime(&self) -> Runtime {
        let mut runtime = self.runtime.clone();
        runtime.max_body_size = usize::MAX;
        runtime.headers.clear();
        runtime.query.clear();
        runtime.body_fields.clear();
        runtime
    }
}

/// A clip download, for logs. No `security`: no credential goes to the CDN.
const CDN_CALL: Call = Call {
    endpoint: Some(Endpoint {
        operation: "download_clip",
        method: "GET",
        path: "{mp4_master}",
    }),
    security: &[],
};

/// The error for a download's non-success answer.
fn refusal(
    clip: &ClipId,
    status: reqwest::StatusCode,
    headers: &reqwest::header::HeaderMap,
    body: &[u8],
) -> DownloadError {
    match status.as_u16() {
        425 => DownloadError::TooEarly {
            available_at: clip.available_at(),
        },
        404 => DownloadError::Expired {
            expired_at: clip.expires_at(),
        },
        _ => DownloadError::Http(Error::UnexpectedStatus {
            status,
            text: String::from_utf8_lossy(body).into_owned(),
            endpoint: CDN_CALL.endpoint,
            headers: Box::new(headers.clone()),
        }),
    }
}
