//! Binary bodies that never sit whole in memory: responses read as they arrive (`*_stream`,
//! `ByteStream`: a body far larger than the memory the client may use, the idle timeout, an
//! error status on a streamed call), and uploads from a stream or a file. The servers are a few
//! lines of tokio, so that nothing but the client holds memory in this process (a mock server
//! would keep the whole body).

use std::time::Duration;

use operations_client::{Client, Error, RequestOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Serves one request: `head` (status line and headers), then `length` bytes of a pattern,
/// written 64 KiB at a time, stopping for `stall` after the first `stall_after` bytes.
async fn serve(head: &'static str, length: u64, stall_after: u64, stall: Duration) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("accept");
        let mut request = Vec::new();
        let mut buffer = [0u8; 4096];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = socket.read(&mut buffer).await.expect("read");
            if n == 0 {
                return;
            }
            request.extend_from_slice(&buffer[..n]);
        }
        let head = format!("{head}\r\nContent-Length: {length}\r\n\r\n");
        socket.write_all(head.as_bytes()).await.expect("head");
        let chunk: Vec<u8> = (0..64 * 1024).map(|i| (i % 251) as u8).collect();
        let mut sent = 0u64;
        while sent < length {
            if sent == stall_after {
                tokio::time::sleep(stall).await;
            }
            let n = (length - sent).min(chunk.len() as u64);
            if socket.write_all(&chunk[..n as usize]).await.is_err() {
                return; // the client went away
            }
            sent += n;
        }
    });
    format!("http://{address}")
}

/// This process's resident memory, in bytes (Linux).
fn resident() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").expect("statm");
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .expect("resident pages");
    pages * 4096
}

#[tokio::test]
async fn a_body_larger_than_memory_would_like_streams_in_flat_memory() {
    const SIZE: u64 = 200 * 1024 * 1024;
    let base = serve(
        "HTTP/1.1 200 OK\r\nContent-Type: image/png",
        SIZE,
        u64::MAX,
        Duration::ZERO,
    )
    .await;
    let client = Client::new("k").unwrap().with_base_url(base);
    let before = resident();
    let response = client.uploads().get_stream("big.png").await.expect("200");
    assert_eq!(response.body.content_length(), Some(SIZE));
    let mut body = response.body;
    let (mut read, mut peak) = (0u64, before);
    while let Some(chunk) = body.next_chunk().await.expect("a piece") {
        // The bytes are the server's pattern (restarting every 64 KiB), in order.
        let expected = ((read % (64 * 1024)) % 251) as u8;
        assert_eq!(chunk.first(), Some(&expected));
        read += chunk.len() as u64;
        peak = peak.max(resident());
    }
    assert_eq!(read, SIZE);
    // The body is 200 MiB; the client held at most a few pieces of it at a time.
    let grew = peak.saturating_sub(before);
    assert!(
        grew < 32 * 1024 * 1024,
        "resident memory grew by {grew} bytes"
    );
}

#[tokio::test]
async fn a_streamed_body_can_be_copied_into_any_writer() {
    let base = serve(
        "HTTP/1.1 200 OK",
        3 * 64 * 1024 + 5,
        u64::MAX,
        Duration::ZERO,
    )
    .await;
    let client = Client::new("k").unwrap().with_base_url(base);
    let response = client.uploads().get_stream("f").await.expect("200");
    let mut sink = Vec::new();
    let written = response.body.copy_to(&mut sink).await.expect("copied");
    assert_eq!(written, 3 * 64 * 1024 + 5);
    assert_eq!(sink.len() as u64, written);
}

/// A download the spec does not describe streams the same way through `client.request`; an
/// error status is an error, with its body.
#[tokio::test]
async fn a_raw_request_streams_its_body() {
    let base = serve(
        "HTTP/1.1 200 OK",
        2 * 64 * 1024 + 7,
        u64::MAX,
        Duration::ZERO,
    )
    .await;
    let client = Client::new("k").unwrap().with_base_url(base);
    let response = client
        .request(reqwest::Method::GET, "/files/{name}")
        .path_param("name", "clip.mp4")
        .send_stream()
        .await
        .expect("200");
    assert_eq!(response.status.as_u16(), 200);
    let mut sink = Vec::new();
    let written = response.body.copy_to(&mut sink).await.expect("copied");
    assert_eq!(written, 2 * 64 * 1024 + 7);

    let base = serve("HTTP/1.1 404 Not Found", 9, u64::MAX, Duration::ZERO).await;
    let client = Client::new("k").unwrap().with_base_url(base);
    let error = client
        .request(reqwest::Method::GET, "/files/missing")
        .send_stream()
        .await
        .expect_err("404");
    assert!(error.is_not_found(), "{error:?}");
    assert_eq!(error.raw_body().map(str::len), Some(9));
}

/// No deadline for the whole body, but a server that stops sending fails the read after the
/// idle timeout.
#[tokio::test]
async fn a_stalled_stream_fails_after_the_idle_timeout() {
    let base = serve(
        "HTTP/1.1 200 OK",
        1024 * 1024,
        64 * 1024,
        Duration::from_secs(5),
    )
    .await;
    let client = Client::new("k")
        .unwrap()
        .with_base_url(base)
        .with_options(RequestOptions::new().idle_timeout(Duration::from_millis(300)));
    let mut body = client.uploads().get_stream("slow").await.expect("200").body;
    let first = body.next_chunk().await.expect("the first piece");
    assert!(first.is_some());
    let error = loop {
        match body.next_chunk().await {
            Ok(Some(_)) => continue,
            Ok(None) => panic!("the body ended, but the server stalled"),
            Err(e) => break e,
        }
    };
    assert!(
        matches!(error, Error::Idle { waited } if waited == Duration::from_millis(300)),
        "{error:?}"
    );
    assert!(error.is_retryable());
}

/// An error status on a streamed call is read and reported as on any other call.
#[tokio::test]
async fn an_error_status_on_a_streamed_call_is_an_error() {
    let base = serve("HTTP/1.1 404 Not Found", 9, u64::MAX, Duration::ZERO).await;
    let client = Client::new("k")
        .unwrap()
        .with_base_url(base)
        .with_max_retries(0);
    let error = client.uploads().get_stream("gone").await.expect_err("404");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert!(matches!(error, Error::UnexpectedStatus { .. }), "{error:?}");
}

/// An error status on a streamed call whose body stalls (headers sent, then nothing): the
/// streamed call has no deadline of its own, but its error body is read under the idle
/// timeout, so the call ends.
#[tokio::test]
async fn a_stalled_error_body_on_a_streamed_call_ends_after_the_idle_timeout() {
    let base = serve(
        "HTTP/1.1 500 Internal Server Error",
        1024 * 1024,
        64 * 1024,
        Duration::from_secs(30),
    )
    .await;
    let client = Client::new("k")
        .unwrap()
        .with_base_url(base)
        .with_max_retries(0)
        .with_options(RequestOptions::new().idle_timeout(Duration::from_millis(300)));
    let started = std::time::Instant::now();
    let error = tokio::time::timeout(
        Duration::from_secs(20),
        client.uploads().get_stream("stalls"),
    )
    .await
    .expect("the call ended")
    .expect_err("stalled");
    assert!(matches!(error, Error::Idle { .. }), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(20));
}

/// Serves one upload: reads the request's chunked body (a streamed body has no length),
/// answers 204, and reports the body's length and its first and last bytes.
async fn receive_upload() -> (String, tokio::sync::oneshot::Receiver<(u64, u8, u8)>) {
    use tokio::io::AsyncBufReadExt;
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let (report, received) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        let (socket, _) = listener.accept().await.expect("accept");
        let mut reader = tokio::io::BufReader::new(socket);
        let mut line = String::new();
        let mut chunked = false;
        loop {
            line.clear();
            reader.read_line(&mut line).await.expect("header");
            if line
                .to_ascii_lowercase()
                .starts_with("transfer-encoding: chunked")
            {
                chunked = true;
            }
            if line == "\r\n" {
                break;
            }
        }
        assert!(chunked, "a streamed body is sent chunked");
        let (mut length, mut first, mut last) = (0u64, None, 0u8);
        let mut buffer = vec![0u8; 64 * 1024];
        loop {
            line.clear();
            reader.read_line(&mut line).await.expect("chunk size");
            let size = u64::from_str_radix(line.trim(), 16).expect("hex size");
            if size == 0 {
                break;
            }
            let mut left = size;
            while left > 0 {
                let n = left.min(buffer.len() as u64) as usize;
                reader.read_exact(&mut buffer[..n]).await.expect("chunk");
                first.get_or_insert(buffer[0]);
                last = buffer[n - 1];
                left -= n as u64;
            }
            length += size;
            line.clear();
            reader.read_line(&mut line).await.expect("chunk end");
        }
        let mut socket = reader.into_inner();
        socket
            .write_all(b"HTTP/1.1 204 No Content\r\n\r\n")
            .await
            .expect("answer");
        let _ = report.send((length, first.unwrap_or(0), last));
    });
    (format!("http://{address}"), received)
}

#[tokio::test]
async fn an_upload_larger_than_memory_would_like_streams_in_flat_memory() {
    const CHUNKS: u64 = 3200; // 200 MiB in 64 KiB pieces, made as they are sent
    let (base, received) = receive_upload().await;
    let client = Client::new("k").unwrap().with_base_url(base);
    let pieces = futures_util::stream::iter(
        (0..CHUNKS).map(|i| Ok::<_, std::io::Error>(vec![(i % 251) as u8; 64 * 1024])),
    );
    let before = resident();
    client
        .uploads()
        .update("big.bin", reqwest::Body::wrap_stream(pieces))
        .await
        .expect("204");
    let grew = resident().saturating_sub(before);
    let (length, first, last) = received.await.expect("the server read the body");
    assert_eq!(length, CHUNKS * 64 * 1024);
    assert_eq!((first, last), (0, ((CHUNKS - 1) % 251) as u8));
    assert!(
        grew < 32 * 1024 * 1024,
        "resident memory grew by {grew} bytes"
    );
}

#[tokio::test]
async fn a_file_is_uploaded_from_disk() {
    let file = tempfile::NamedTempFile::new().expect("temp file");
    let content: Vec<u8> = (0..300_000u32).map(|i| (i % 199) as u8).collect();
    std::fs::write(file.path(), &content).expect("write");
    let (base, received) = receive_upload().await;
    let client = Client::new("k").unwrap().with_base_url(base);
    let opened = tokio::fs::File::open(file.path()).await.expect("open");
    client
        .uploads()
        .update("photo.png", opened)
        .await
        .expect("204");
    let (length, first, last) = received.await.expect("the server read the body");
    assert_eq!(length, content.len() as u64);
    assert_eq!((first, last), (content[0], content[content.len() - 1]));
}
