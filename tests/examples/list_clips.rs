//! The README's example: list a stream's clips with the generated client, configured as a
//! production service would be.
//!
//! `GCORE_API_KEY=... cargo run -p workspace-tests --example list_clips -- 12345`

use gcore_streaming::client::StreamsClipsListError;
use gcore_streaming::clips::Quality;
use gcore_streaming::{Client, Error, RetryPolicy};
use std::time::Duration;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let stream_id: i64 = std::env::args().nth(1).unwrap_or_default().parse()?;
    // Reads GCORE_API_KEY, and GCORE_BASE_URL if set (default https://api.gcore.com).
    let client = Client::from_env()?
        // Per attempt (default 60 s); connecting may take 10 s.
        .with_timeout(Duration::from_secs(20))
        // Connection failures, timeouts, 408/409/429/5xx: up to 3 retries, 0.5 s doubling
        // (capped at 8 s, with jitter), or as long as the server's Retry-After says.
        .with_retry_policy(RetryPolicy::new().max_retries(3));
    match client.streams().clips().list(stream_id).await {
        Ok(clips) => {
            for clip in clips {
                // The 720p rendition when there is one, else the best quality.
                let quality = clip
                    .rendition_with_height(720)
                    .map_or(Quality::Master, Quality::Rendition);
                let url = clip.hls_url(quality).unwrap_or_default();
                println!("{} ({} s): {url}", clip.id, clip.duration);
            }
        }
        // A declared error status arrives decoded, as the type the spec gives it.
        Err(Error::Api {
            body: StreamsClipsListError::NotFound(not_found),
            ..
        }) => {
            eprintln!(
                "stream {stream_id}: {}",
                not_found.error.unwrap_or_default()
            );
        }
        // Still failing after the retries: worth trying again later.
        Err(e) if e.is_retryable() => eprintln!("Gcore is unavailable right now: {e}"),
        Err(other) => return Err(other.into()),
    }
    Ok(())
}
