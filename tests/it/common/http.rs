//! Plain HTTP/1.1 requests to a `pufa serve` on 127.0.0.1, one connection each, as a browser
//! would send them (no client library: the tests also send malformed requests).

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::time::{Duration, Instant};

/// A port that was free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// One raw request; returns the status code and the body (0 and empty when the server is
/// not listening yet or the answer is garbled).
pub fn raw(port: u16, request: &[u8]) -> (u16, String) {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return (0, String::new());
    };
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    // The server may answer and close before reading all of a huge request: keep going.
    let _ = s.write_all(request);
    let _ = s.shutdown(Shutdown::Write);
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text
        .strip_prefix("HTTP/1.1 ")
        .and_then(|r| r.get(..3))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// `GET path`: the status code and the body.
pub fn get(port: u16, path: &str) -> (u16, String) {
    raw(
        port,
        format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

/// Polls `path` until `ok(status, body)` holds; panics with the last answer after `limit` (a
/// deadline for a hung server, not a measurement).
pub fn wait_for(port: u16, path: &str, limit: Duration, ok: impl Fn(u16, &str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let (status, body) = get(port, path);
        if ok(status, &body) {
            return body;
        }
        assert!(
            start.elapsed() < limit,
            "no expected answer for {path} within {limit:?}; last: {status}\n{body}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
