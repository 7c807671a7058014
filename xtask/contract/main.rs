//! The contract runner `cargo xtask contract` builds and runs against two Prism mock servers:
//! one serving `spec/streaming_api.yaml` (`CONTRACT_SPEC_URL`), one the full Gcore Streaming
//! spec (`CONTRACT_FULL_URL`). Prism validates every request against its spec (a wrong path,
//! parameter, header or body is answered 4xx, and a looser mismatch is reported in an
//! `sl-violations` header) and answers with bodies generated from the response schemas, which
//! the typed client must decode. Every check must pass; the exit code says whether they did.

use futures_util::StreamExt;
use std::future::Future;
use std::process::ExitCode;

/// The tally: how many checks ran and how many failed.
struct Checks {
    failures: usize,
    total: usize,
}

impl Checks {
    /// Runs one check: `call` says what happened, or what went wrong.
    async fn run<F>(&mut self, name: &str, call: F)
    where
        F: Future<Output = Result<String, String>>,
    {
        self.total += 1;
        match call.await {
            Ok(detail) => println!("  ok    {name} ({detail})"),
            Err(e) => {
                self.failures += 1;
                println!("  FAIL  {name}: {e}");
            }
        }
    }
}

/// A response passes when its status is a success and Prism found nothing wrong with the
/// request (it reports softer mismatches in `sl-violations` instead of refusing).
fn verdict(
    status: reqwest::StatusCode,
    headers: &reqwest::header::HeaderMap,
) -> Result<String, String> {
    match headers.get("sl-violations") {
        Some(violations) => Err(format!(
            "{status}, but Prism reports violations: {}",
            String::from_utf8_lossy(violations.as_bytes())
        )),
        None if status.is_success() => Ok(format!("{status}, body decoded")),
        None => Err(format!("status {status}")),
    }
}

fn env(name: &str) -> Result<String, String> {
    std::env::var(name)
        .map_err(|_| format!("{name} is not set (run this through `cargo xtask contract`)"))
}

/// The verdict on a typed call: its response, or the client error as text.
fn parts<T, E: std::fmt::Debug>(
    result: Result<gcore_streaming_full::Response<T>, gcore_streaming_full::Error<E>>,
) -> Result<String, String> {
    let response = result.map_err(|e| e.to_string())?;
    verdict(response.status, &response.headers)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let (spec_url, full_url) = match (env("CONTRACT_SPEC_URL"), env("CONTRACT_FULL_URL")) {
        (Ok(spec), Ok(full)) => (spec, full),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut checks = Checks {
        failures: 0,
        total: 0,
    };

    // Prism really validates: a request the spec forbids (a non-integer path parameter) must
    // be refused, or every check below would prove nothing.
    checks
        .run("Prism refuses a request that breaks the spec", async {
            let url = format!("{spec_url}/streaming/streams/not-a-number/clip_recording");
            let response = reqwest::Client::new()
                .get(&url)
                .header("Authorization", "apikey contract-key")
                .send()
                .await
                .map_err(|e| e.to_string())?;
            match response.status().as_u16() {
                400..=499 => Ok(format!("refused with {}", response.status())),
                other => Err(format!("expected a 4xx refusal, got {other}")),
            }
        })
        .await;

    println!("spec/streaming_api.yaml (every operation):");
    let client = gcore_streaming::Client::new("contract-key").expect("the HTTP client builds").with_base_url(&spec_url);
    checks
        .run("GET /streaming/streams/{stream_id}/clip_recording", async {
            let response = client
                .streams()
                .clips()
                .list(42).with_response()
                .await
                .map_err(|e| e.to_string())?;
            verdict(response.status, &response.headers)
        })
        .await;

    println!("full Gcore Streaming spec (one operation of each shape):");
    let full = gcore_streaming_full::Client::new("contract-key").expect("the HTTP client builds").with_base_url(&full_url);
    // A request body is built with its constructor and setters (it has no `Deserialize`
    // unless the crate's `deserialize` feature is on: the client only sends it).
    let stream = gcore_streaming_full::models::CreateStream::new("contract").active(true);
    checks
        .run(
            "path parameter: GET /streaming/streams/{stream_id}",
            async { parts(full.streams().get(7).with_response().await) },
        )
        .await;
    checks
        .run("query parameters: GET /streaming/statistics/views", async {
            parts(
                full.statistics()
                    .get_views("2024-05-24T14:00:00Z", "2024-05-25T14:00:00Z")
                    .host("example.com")
                    .with_response()
                    .await,
            )
        })
        .await;
    checks
        .run("JSON body, create: POST /streaming/streams", async {
            parts(full.streams().create().body(&stream).with_response().await)
        })
        .await;
    checks
        .run(
            "JSON body, update: PATCH /streaming/streams/{stream_id}",
            async {
                let patch = gcore_streaming_full::models::PatchStreamsIdBody::default()
                    .stream(stream.clone());
                parts(
                    full.streams()
                        .update(7)
                        .body(&patch)
                        .with_response()
                        .await,
                )
            },
        )
        .await;
    checks
        .run(
            "JSON body, replace: PUT /streaming/streams/{stream_id}/clip_recording",
            async {
                // The README's example: the duration, and what else is set with setters.
                let clip = gcore_streaming_full::models::ClipPut::new(60).expiration(3600);
                parts(
                    full.streams()
                        .clips()
                        .create(7)
                        .body(&clip)
                        .with_response()
                        .await,
                )
            },
        )
        .await;
    checks
        .run("delete: DELETE /streaming/streams/{stream_id}", async {
            parts(full.streams().delete(7).with_response().await)
        })
        .await;
    checks
        .run(
            "list with paging: GET /streaming/streams?page=N (two pages)",
            async {
                // Prism's generated pages never run dry, so take one item more than the first
                // page holds: the stream must then ask for page 2 and decode it too.
                let first = full
                    .streams()
                    .list()
                    .page(1)
                    .with_response()
                    .await
                    .map_err(|e| e.to_string())?;
                let wanted = first.body.len() + 1;
                let items: Vec<_> = full.streams().list().pages().take(wanted).collect().await;
                let decoded = items
                    .into_iter()
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| e.to_string())?;
                if first.body.is_empty() || decoded.len() == wanted {
                    verdict(first.status, &first.headers)
                        .map(|_| format!("{} items over two pages, decoded", decoded.len()))
                } else {
                    Err(format!(
                        "expected {wanted} items over two pages, got {}",
                        decoded.len()
                    ))
                }
            },
        )
        .await;

    println!(
        "{} of {} contract checks passed",
        checks.total - checks.failures,
        checks.total
    );
    if checks.failures == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
