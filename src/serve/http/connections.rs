//! Connections of `pufa serve`: accepted on a single-threaded runtime, each a small task with
//! timeouts on the request head and on stalled writes, at most [`MAX_CONNECTIONS`] open (a new one
//! closes the oldest waiting, else idle, else live-reload one).

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::body::Incoming;
use hyper::Request;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::task::AbortHandle;

use super::super::editor::Editor;
use super::super::state::ServeState;
use super::{handle, EVENTS_PATH, HEAD_TIMEOUT, MAX_CONNECTIONS, MAX_HEAD, WRITE_STALL};

pub(super) async fn accept_loop(
    listener: std::net::TcpListener,
    state: Arc<ServeState>,
    editor: Option<Arc<Editor>>,
) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let conns = Arc::new(Mutex::new(Conns::default()));
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT)
        .max_buf_size(MAX_HEAD)
        .half_close(true)
        .keep_alive(true);
    let builder = Arc::new(builder);
    loop {
        let stream = match listener.accept().await {
            Ok((s, _)) => s,
            // Out of file descriptors or a connection reset before it was taken: wait a
            // moment instead of spinning, then go on.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let role = Arc::new(AtomicU8::new(WAITING));
        let id = {
            let mut c = conns.lock().unwrap_or_else(|e| e.into_inner());
            if !c.make_room() {
                drop(c);
                tokio::spawn(busy(stream));
                continue;
            }
            c.next += 1;
            c.next
        };
        let (state, builder, conns2, role2, editor) = (
            state.clone(),
            builder.clone(),
            conns.clone(),
            role.clone(),
            editor.clone(),
        );
        let task = tokio::spawn(async move {
            let io = TokioIo::new(Stalled::new(stream));
            let service = hyper::service::service_fn(move |req: Request<Incoming>| {
                let (state, editor) = (state.clone(), editor.clone());
                let events = req.uri().path() == EVENTS_PATH;
                role2.store(if events { STREAM } else { SERVED }, Ordering::SeqCst);
                async move {
                    let path = req.uri().path();
                    if path == "/_pufa" || path.starts_with("/_pufa/") {
                        if let Some(ed) = editor {
                            return Ok::<_, Infallible>(ed.handle(req, state).await);
                        }
                    }
                    Ok::<_, Infallible>(handle(req, &state).await)
                }
            });
            let _ = builder.serve_connection(io, service).await;
            conns2
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .open
                .remove(&id);
        });
        conns
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .open
            .insert(id, (role, task.abort_handle()));
    }
}

/// What a connection is doing, for choosing one to close when all slots are taken.
const WAITING: u8 = 0;
const SERVED: u8 = 1;
const STREAM: u8 = 2;

/// The open connections, oldest first.
#[derive(Default)]
struct Conns {
    next: u64,
    open: BTreeMap<u64, (Arc<AtomicU8>, AbortHandle)>,
}

impl Conns {
    /// Frees a slot if all are taken: closes the oldest connection that has not yet sent a
    /// whole request (a slow or silent client), else the oldest idle or ordinary one, else
    /// the oldest live-reload stream (the browser reconnects it by itself). `false` when
    /// nothing could be closed.
    fn make_room(&mut self) -> bool {
        self.open.retain(|_, (_, task)| !task.is_finished());
        if self.open.len() < MAX_CONNECTIONS {
            return true;
        }
        let victim = [WAITING, SERVED, STREAM].into_iter().find_map(|want| {
            self.open
                .iter()
                .find(|(_, (role, _))| role.load(Ordering::SeqCst) == want)
                .map(|(id, _)| *id)
        });
        match victim.and_then(|id| self.open.remove(&id)) {
            Some((_, task)) => {
                task.abort();
                true
            }
            None => false,
        }
    }
}

/// The answer when no connection slot can be freed.
async fn busy(mut stream: tokio::net::TcpStream) {
    let answer = b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n\
Content-Length: 4\r\nRetry-After: 1\r\nConnection: close\r\n\r\nbusy";
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        stream.write_all(answer).await?;
        stream.shutdown().await?;
        // Read what the client sent, so that closing does not reset the connection before
        // it has read the answer.
        let mut sink = [0u8; 4096];
        while stream.read(&mut sink).await? > 0 {}
        Ok::<_, io::Error>(())
    })
    .await;
}

/// A stream whose writes fail after [`WRITE_STALL`] without progress, so a client that
/// stops reading cannot hold its connection (and a response in memory) for ever.
struct Stalled {
    inner: tokio::net::TcpStream,
    stall: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl Stalled {
    fn new(inner: tokio::net::TcpStream) -> Self {
        Stalled { inner, stall: None }
    }

    /// Called when a write is pending: starts the clock, or reports that it ran out.
    fn pending<T>(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<T>> {
        let sleep = self
            .stall
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(WRITE_STALL)));
        match sleep.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "client stopped reading",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl AsyncRead for Stalled {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for Stalled {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match Pin::new(&mut self.inner).poll_write(cx, buf) {
            Poll::Pending => self.pending(cx),
            ready => {
                self.stall = None;
                ready
            }
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.inner).poll_flush(cx) {
            Poll::Pending => self.pending(cx),
            ready => {
                self.stall = None;
                ready
            }
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
