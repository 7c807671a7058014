//! The contract runner `cargo xtask contract` builds and runs against two Prism mock servers:
//! one serving `spec/streaming_api.yaml` (`CONTRACT_SPEC_URL`), one the full Gcore Streaming
//! spec (`CONTRACT_FULL_URL`). Prism validates every request against its spec (a wrong path,
//! parameter, header or body is answered 4xx, and a looser mismatch is reported in an
//! `sl-violations` header) and answers with bodies generated from the response schemas, which
//! the typed client must decode. Every check must pass; the exit code says whether they did.

use futures_util::StreamExt;
use std::future::Future;
use std::process::ExitCode;

mod tasks;

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
            // The body's required field is an argument, the others setters.
            parts(full.streams().create("contract").active(true).with_response().await)
        })
        .await;
    checks
        .run(
            "JSON body, update: PATCH /streaming/streams/{stream_id}",
            async {
                // A body built apart with its constructor and setters (it has no `Deserialize`
                // unless the crate's `deserialize` feature is on: the client only sends it).
                let stream = gcore_streaming_full::models::CreateStream::new("contract").active(true);
                parts(full.streams().update(7).stream(stream).with_response().await)
            },
        )
        .await;
    checks
        .run(
            "JSON body, replace: PUT /streaming/streams/{stream_id}/clip_recording",
            async {
                // The README's example: the duration, and what else is set with setters.
                parts(
                    full.streams()
                        .clips()
                        .create(7, 60)
                        .expiration(3600)
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

    println!("everyday tasks (xtask/contract/tasks.rs) against the full spec:");
    let ok = |detail: &str| Ok::<String, String>(detail.to_string());
    checks
        .run("1. list a stream's clips", async {
            let clips = tasks::list_clips(&full, 7).await.map_err(|e| e.to_string())?;
            ok(&format!("{} clips", clips.len()))
        })
        .await;
    checks
        .run("2. create a clip with its required duration", async {
            tasks::create_clip(&full, 7).await.map_err(|e| e.to_string())?;
            ok("created")
        })
        .await;
    checks
        .run("3. create a clip with three optional fields", async {
            tasks::create_clip_with_options(&full, 7)
                .await
                .map_err(|e| e.to_string())?;
            ok("created")
        })
        .await;
    checks
        .run("4. walk videos lazily over pages", async {
            let videos = tasks::first_videos(&full, 3).await.map_err(|e| e.to_string())?;
            ok(&format!("{} videos", videos.len()))
        })
        .await;
    checks
        .run("5. stream a download", async {
            let mut sink = Vec::new();
            let bytes = tasks::download(&full, "/streaming/videos/7", &mut sink)
                .await
                .map_err(|e| e.to_string())?;
            match bytes as usize == sink.len() && bytes > 0 {
                true => ok(&format!("{bytes} bytes")),
                false => Err(format!("{bytes} bytes counted, {} written", sink.len())),
            }
        })
        .await;
    checks
        .run("6. tell a failure's kind apart (a closed port)", async {
            let closed = std::net::TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .map_err(|e| e.to_string())?;
            let offline = gcore_streaming_full::Client::new("key")
                .map_err(|e| e.to_string())?
                .with_base_url(format!("http://{closed}"))
                .with_max_retries(0);
            let said = tasks::describe_stream(&offline, 7).await;
            match said.starts_with("network: ") {
                true => ok(&said),
                false => Err(said),
            }
        })
        .await;
    checks
        .run("7. a per-call timeout", async {
            tasks::get_stream_quickly(&full, 7).await.map_err(|e| e.to_string())?;
            ok("answered in time")
        })
        .await;
    checks
        .run("8. extra query parameter and body field", async {
            tasks::create_clip_with_extras(&full, 7)
                .await
                .map_err(|e| e.to_string())?;
            ok("created")
        })
        .await;
    checks
        .run("9. headers and raw body beside the typed one", async {
            let (status, raw, _) = tasks::stream_with_headers(&full, 7)
                .await
                .map_err(|e| e.to_string())?;
            ok(&format!("{status}, {raw} raw bytes"))
        })
        .await;
    checks
        .run("10. an endpoint the spec does not describe", async {
            // Prism knows only the spec's paths: its 404 is the answer, not a client error.
            let status = tasks::call_unlisted(&full).await.map_err(|e| e.to_string())?;
            ok(&format!("answered {status}"))
        })
        .await;
    checks
        .run("11. credentials from the environment", async {
            // The runner's own environment has no GCORE_API_KEY: the error names it.
            match tasks::from_env() {
                Err(e) if e.to_string().contains("GCORE_API_KEY") => ok(&e.to_string()),
                Err(e) => Err(format!("an error that does not name the variable: {e}")),
                Ok(_) => ok("read"),
            }
        })
        .await;
    checks
        .run("12. a custom base URL and HTTP client", async {
            let client = tasks::custom(&full_url, reqwest::Client::new()).map_err(|e| e.to_string())?;
            parts(client.streams().get(7).with_response().await)
        })
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
