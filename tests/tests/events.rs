//! Answers that are streams of events, read as they arrive (`*_events`, `send_events`,
//! `EventStream`): Server-Sent Events typed and as text, JSON Lines, against a server of a few
//! lines of tokio that trickles its answer in pieces cut anywhere (inside a line, between `\r`
//! and `\n`) and holds back the rest until the test has read an event, so an event that only
//! arrived at the end of the answer would hang the test instead of passing it.

use std::time::Duration;

use futures_util::StreamExt;
use operations_client::{Client, Error, RequestOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot};

/// What the server sends next.
enum Piece {
    /// These bytes, at once.
    Bytes(&'static str),
    /// These bytes, at once (cut anywhere, inside a character too).
    Raw(&'static [u8]),
    /// Nothing until the test says go.
    Wait,
}

/// A server for one request: answers with `head` (status line and headers), then `pieces`;
/// the request it got (head and body) comes out of the receiver, and the sender says go.
async fn serve(
    head: &'static str,
    pieces: Vec<Piece>,
) -> (String, oneshot::Receiver<String>, mpsc::UnboundedSender<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let (report, request) = oneshot::channel();
    let (go, mut went) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("accept");
        socket.set_nodelay(true).expect("nodelay");
        let mut received = Vec::new();
        let mut buffer = [0u8; 4096];
        let body_start = loop {
            if let Some(at) = received.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            let n = socket.read(&mut buffer).await.expect("read");
            if n == 0 {
                return;
            }
            received.extend_from_slice(&buffer[..n]);
        };
        let text = String::from_utf8_lossy(&received[..body_start]).to_ascii_lowercase();
        let length: usize = text
            .lines()
            .find_map(|l| l.strip_prefix("content-length: "))
            .map_or(0, |l| l.trim().parse().expect("length"));
        while received.len() < body_start + length {
            let n = socket.read(&mut buffer).await.expect("read body");
            received.extend_from_slice(&buffer[..n]);
        }
        let _ = report.send(String::from_utf8_lossy(&received).into_owned());
        let head = format!("{head}\r\n\r\n");
        socket.write_all(head.as_bytes()).await.expect("head");
        for piece in pieces {
            match piece {
                Piece::Bytes(_) | Piece::Raw(_) => {
                    let bytes = match piece {
                        Piece::Bytes(text) => text.as_bytes(),
                        Piece::Raw(bytes) => bytes,
                        Piece::Wait => unreachable!(),
                    };
                    if socket.write_all(bytes).await.is_err() {
                        return; // the client went away
                    }
                    socket.flush().await.expect("flush");
                    if matches!(piece, Piece::Raw(_)) {
                        // Each piece its own packet, so the client reads it on its own.
                        tokio::time::sleep(Duration::from_millis(1)).await;
                    }
                }
                Piece::Wait => {
                    if went.recv().await.is_none() {
                        return;
                    }
                }
            }
        }
    });
    (format!("http://{address}"), request, go)
}

fn client(base: String) -> Client {
    Client::new("k")
        .unwrap()
        .with_base_url(base)
        .with_max_retries(0)
}

const SSE: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close";

/// Typed Server-Sent Events, one by one as the server sends them: comments skipped, fields
/// cut across pieces and line endings of every kind, `data` over several lines, `id`, `event`
/// and `retry` kept, `[DONE]` ending the stream. The request asked for events: `Accept`, and
/// the body's `stream` set to `true`.
#[tokio::test]
async fn server_sent_events_arrive_one_by_one_typed() {
    let (base, request, go) = serve(
        SSE,
        vec![
            Piece::Bytes(": connected\n\nid: 7\nda"),
            Piece::Bytes("ta: {\"delta\":\"Hel\"}\r"),
            Piece::Bytes("\n\r\n"),
            Piece::Wait,
            Piece::Bytes("event: piece\ndata: {\"delta\":\ndata: \"lo\"}\nretry: 1500\n\n"),
            Piece::Bytes("data: [DONE]\n\ndata: {\"delta\":\"never read\"}\n\n"),
        ],
    )
    .await;
    let client = client(base);
    let call = async {
        let response = client.completions().create("Say hello").send_events().await;
        let mut events = response.expect("200").body;
        let first = events.next_event().await.expect("an event").expect("one");
        assert_eq!(first.data.delta, "Hel");
        assert_eq!(first.raw, r#"{"delta":"Hel"}"#);
        assert_eq!(
            (first.id.as_deref(), first.event, first.retry),
            (Some("7"), None, None)
        );
        // The server sends the next event only now: the first came before the answer ended.
        go.send(()).expect("go");
        let second = events.next_event().await.expect("an event").expect("one");
        assert_eq!(second.data.delta, "lo");
        assert_eq!(second.raw, "{\"delta\":\n\"lo\"}");
        assert_eq!(second.event.as_deref(), Some("piece"));
        assert_eq!(second.retry, Some(Duration::from_millis(1500)));
        assert_eq!(events.last_event_id(), Some("7"));
        assert!(events.next_event().await.expect("the end").is_none());
        assert!(events.next_event().await.expect("still the end").is_none());
    };
    tokio::time::timeout(Duration::from_secs(20), call)
        .await
        .expect("each event arrives when it is sent");
    let request = request.await.expect("the request");
    assert!(
        request
            .to_ascii_lowercase()
            .contains("accept: text/event-stream"),
        "{request}"
    );
    assert!(request.contains(r#""stream":true"#), "{request}");
    assert!(request.contains(r#""prompt":"Say hello""#), "{request}");
}

/// An optional body, held as an `Option` until a setter makes it, is made to ask for events.
#[tokio::test]
async fn an_optional_body_is_made_to_ask_for_events() {
    let (base, request, _go) = serve(SSE, vec![Piece::Bytes("data: {\"delta\":\"x\"}\n\n")]).await;
    let response = client(base).chats().create().send_events().await;
    let events: Vec<_> = response.expect("200").body.into_stream().collect().await;
    assert_eq!(events.len(), 1);
    let request = request.await.expect("the request");
    assert!(request.ends_with(r#"{"stream":true}"#), "{request}");
}

/// A `stream` the caller set is sent as set.
#[tokio::test]
async fn a_stream_field_the_caller_set_is_kept() {
    let (base, request, _go) = serve(SSE, vec![Piece::Bytes("data: {\"delta\":\"x\"}\n\n")]).await;
    let response = client(base)
        .completions()
        .create("p")
        .stream(false)
        .send_events()
        .await;
    let events: Vec<_> = response.expect("200").body.into_stream().collect().await;
    assert_eq!(events.len(), 1);
    let request = request.await.expect("the request");
    assert!(request.contains(r#""stream":false"#), "{request}");
}

/// JSON Lines: a line cut across pieces, blank lines skipped, the last line without its line
/// ending; the data as a `Stream`.
#[tokio::test]
async fn json_lines_arrive_as_a_stream_of_values() {
    let (base, request, go) = serve(
        "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nConnection: close",
        vec![
            Piece::Bytes("{\"level\":\"info\",\"mes"),
            Piece::Bytes("sage\":\"a\"}\n\n"),
            Piece::Wait,
            Piece::Bytes("{\"level\":\"warn\",\"message\":\"b\"}"),
        ],
    )
    .await;
    let client = client(base);
    let call = async {
        let response = client.logs().list_events("info").await.expect("200");
        let mut lines = Box::pin(response.body.into_stream());
        let first = lines.next().await.expect("a line").expect("decoded");
        assert_eq!(
            (first.level.as_str(), first.message.as_str()),
            ("info", "a")
        );
        go.send(()).expect("go");
        let second = lines.next().await.expect("a line").expect("decoded");
        assert_eq!(
            (second.level.as_str(), second.message.as_str()),
            ("warn", "b")
        );
        assert!(lines.next().await.is_none());
    };
    tokio::time::timeout(Duration::from_secs(20), call)
        .await
        .expect("each line arrives when it is sent");
    let request = request.await.expect("the request");
    assert!(
        request
            .to_ascii_lowercase()
            .contains("accept: application/x-ndjson"),
        "{request}"
    );
    assert!(request.contains("GET /logs?level=info"), "{request}");
}

/// Events whose data the spec does not type are text, as sent; an event the answer ends in
/// the middle of is dropped, as the standard says.
#[tokio::test]
async fn untyped_events_are_text() {
    let (base, _request, _go) = serve(
        SSE,
        vec![Piece::Bytes(
            "data: one\r\ndata: two\r\n\r\ndata: 3\r\rdata: cut off",
        )],
    )
    .await;
    let client = client(base);
    // The future borrows the client, not the resource handle it was called on (a temporary):
    // it can be kept and awaited later.
    let pending = client.ticks().list_events();
    let response = pending.await.expect("200");
    let events: Vec<String> = response
        .body
        .into_stream()
        .map(|event| event.expect("an event"))
        .collect()
        .await;
    assert_eq!(events, ["one\ntwo", "3"]);
}

/// A server that answers with one JSON value instead of events (the request did not ask for
/// them the way the API wants): an error saying so, with the body.
#[tokio::test]
async fn an_answer_that_is_not_events_is_an_error_saying_so() {
    let (base, _request, _go) = serve(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15",
        vec![Piece::Bytes(r#"{"text":"Hi!"}"#)],
    )
    .await;
    let error = client(base)
        .completions()
        .create("p")
        .send_events()
        .await
        .expect_err("not events");
    let Error::Decode { body, .. } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(body, r#"{"text":"Hi!"}"#);
    let message = error.to_string();
    assert!(
        message.contains("expected `text/event-stream`, the server answered `application/json`"),
        "{message}"
    );
}

/// A declared error status is the operation's typed error, as for any call.
#[tokio::test]
async fn an_error_status_is_the_typed_error() {
    let (base, _request, _go) = serve(
        "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: 17",
        vec![Piece::Bytes(r#"{"title":"empty"}"#)],
    )
    .await;
    let error = client(base)
        .completions()
        .create("")
        .send_events()
        .await
        .expect_err("400");
    let Error::Api { body, .. } = &error else {
        panic!("{error:?}");
    };
    assert!(format!("{body:?}").contains("empty"), "{body:?}");
}

/// An event whose data does not match its type is a decode error carrying that data, and
/// the stream ends there.
#[tokio::test]
async fn an_event_that_does_not_decode_is_an_error_with_its_data() {
    let (base, _request, _go) = serve(
        SSE,
        vec![Piece::Bytes(
            "data: {\"delta\":\"a\"}\n\ndata: {\"nope\":1}\n\ndata: {\"delta\":\"b\"}\n\n",
        )],
    )
    .await;
    let response = client(base).completions().create("p").send_events().await;
    let events: Vec<_> = response.expect("200").body.into_events().collect().await;
    assert_eq!(events.len(), 2);
    assert!(events[0].is_ok());
    match &events[1] {
        Err(Error::Decode { body, .. }) => assert_eq!(body, r#"{"nope":1}"#),
        other => panic!("{other:?}"),
    }
}

/// A server that stops sending fails the read after the idle timeout; one that sends an event
/// longer than the body size limit fails it at the limit, without holding more.
#[tokio::test]
async fn a_stalled_or_endless_event_fails() {
    let (base, _request, _go) = serve(
        SSE,
        vec![Piece::Bytes("data: {\"delta\":\"a\"}\n\n"), Piece::Wait],
    )
    .await;
    let stalled =
        client(base).with_options(RequestOptions::new().idle_timeout(Duration::from_millis(300)));
    let mut events = stalled
        .completions()
        .create("p")
        .send_events()
        .await
        .expect("200")
        .body;
    assert!(events.next_event().await.expect("the first").is_some());
    let error = events.next_event().await.expect_err("stalled");
    assert!(matches!(error, Error::Idle { .. }), "{error:?}");

    let long =
        "data: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n";
    let (base, _request, _go) = serve(
        SSE,
        vec![Piece::Bytes(long), Piece::Bytes(long), Piece::Wait],
    )
    .await;
    let limited = client(base).with_options(RequestOptions::new().max_body_size(100));
    let mut events = limited
        .completions()
        .create("p")
        .send_events()
        .await
        .expect("200")
        .body;
    let error = events.next_event().await.expect_err("too long");
    assert!(
        matches!(error, Error::BodyTooLarge { limit: 100, .. }),
        "{error:?}"
    );
}

/// An events call can be spawned: its future, the stream and its `Stream` forms are `Send`.
#[test]
fn an_events_call_is_send() {
    fn send<T: Send>(_: &T) {}
    let client = Client::new("k").unwrap();
    let call = client.completions().create("p").send_events();
    send(&call);
    let logs = client.logs();
    send(&logs.list_events("info"));
    fn stream_is_send(events: operations_client::EventStream<String>) {
        send(&events);
        send(&events.into_stream());
    }
    let _ = stream_is_send;
}

/// However the answer is cut into pieces (here: 20 ways, by a fixed pseudo-random sequence,
/// inside lines, line endings and characters), the events read are the same.
#[tokio::test]
async fn events_are_the_same_however_the_answer_is_cut() {
    let endings = ["\n", "\r\n", "\r"];
    let mut text = String::from(": hello\n\n");
    let mut expected = Vec::new();
    for i in 0..40 {
        let end = endings[i % 3];
        let delta = format!("piece {i} ✓");
        text.push_str(&format!("id: {i}{end}data: {{\"delta\":{end}"));
        text.push_str(&format!("data: \"{delta}\"}}{end}{end}"));
        expected.push(delta);
    }
    let text: &'static str = Box::leak(text.into_boxed_str());
    let mut seed = 0x2545_f491_u32;
    for _ in 0..20 {
        let mut pieces = Vec::new();
        let mut at = 0;
        while at < text.len() {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            // A cut may fall inside `✓` (three bytes): lines are decoded whole.
            let end = (at + 1 + seed as usize % 23).min(text.len());
            pieces.push(Piece::Raw(&text.as_bytes()[at..end]));
            at = end;
        }
        let (base, _request, _go) = serve(SSE, pieces).await;
        let response = client(base).completions().create("p").send_events().await;
        let got: Vec<String> = response
            .expect("200")
            .body
            .into_stream()
            .map(|event| event.expect("an event").delta)
            .collect()
            .await;
        assert_eq!(got, expected);
    }
}

/// A `GET` stream whose connection drops (mid-body, after the server set an id) reconnects as
/// `EventSource` does: the request again with the last dispatched event's id as
/// `Last-Event-ID`, after the server's `retry`; the event it was reading when the connection
/// dropped is not dispatched; the new answer's events follow. With no retries allowed, the
/// drop is the error.
#[tokio::test]
async fn a_dropped_get_stream_reconnects_with_the_last_event_id() {
    // Each answer chunked; the first never sends its last chunk: the connection just closes.
    let answers = [
        "retry: 10\nid: 1\ndata: one\n\nid: 2\ndata: tw",
        "id: 3\ndata: three\n\n",
    ];
    let (base, mut heads) = serve_chunked(answers.len(), answers, &[1]).await;
    let retrying = Client::new("k").unwrap().with_base_url(base);
    let response = retrying.ticks().list_events().await.expect("200");
    let events: Vec<String> = response
        .body
        .into_stream()
        .map(|event| event.expect("an event"))
        .collect()
        .await;
    assert_eq!(events, ["one", "three"]);
    let first = heads.recv().await.expect("first request");
    let second = heads.recv().await.expect("the reconnection");
    assert!(!first.contains("last-event-id"), "{first}");
    assert!(second.starts_with("get /ticks "), "{second}");
    assert!(second.contains("\r\nlast-event-id: 1\r\n"), "{second}");

    let (base, _heads) = serve_chunked(1, answers, &[]).await;
    let response = client(base).ticks().list_events().await.expect("200");
    let mut events = response.body;
    assert_eq!(events.next_event().await.unwrap().unwrap().data, "one");
    assert!(matches!(
        events.next_event().await,
        Err(Error::Transport { .. })
    ));
}

/// A server for `connections` requests in turn, each answered with the next of `answers` as
/// one chunk of a chunked body, ended properly only for the answers whose index `ended` lists;
/// each request's head (lowercase) comes out of the receiver.
async fn serve_chunked(
    connections: usize,
    answers: [&'static str; 2],
    ended: &'static [usize],
) -> (String, mpsc::UnboundedReceiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let (report, heads) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        for (i, answer) in answers.iter().enumerate().take(connections) {
            let (mut socket, _) = listener.accept().await.expect("accept");
            let mut received = Vec::new();
            let mut buffer = [0u8; 4096];
            while !received.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = socket.read(&mut buffer).await.expect("read");
                if n == 0 {
                    return;
                }
                received.extend_from_slice(&buffer[..n]);
            }
            let _ = report.send(String::from_utf8_lossy(&received).to_ascii_lowercase());
            let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
            let chunk = format!("{:x}\r\n{answer}\r\n", answer.len());
            let end = if ended.contains(&i) { "0\r\n\r\n" } else { "" };
            let _ = socket
                .write_all(format!("{head}{chunk}{end}").as_bytes())
                .await;
            let _ = socket.flush().await;
            // Dropped: an unfinished chunked body is a broken connection to the client.
        }
    });
    (format!("http://{address}"), heads)
}
