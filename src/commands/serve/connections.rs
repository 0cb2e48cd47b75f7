//! The preview's connections: accepted one by one and served over HTTP/1.1
//! (with WebSocket upgrades), each bounded in time until its request
//! headers are in and while it does not read what it asked for, and no more
//! at once than a limit, so that clients that open sockets and never finish
//! a request (or never read the reply) cannot exhaust the machine.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Sleep;

/// How long a client has to send a request's headers, counted from when the
/// connection opens or its previous response was sent: it is also how long
/// an idle keep-alive connection stays open.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a client may leave the server unable to write to it (it does
/// not read the reply, or a live-reload socket's messages) before it is
/// disconnected.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// How many connections (page loads and live-reload sockets) are served at
/// once; more wait until one closes. Never more than half the process's
/// limit on open files, so that a rebuild can still read the sources.
pub const MAX_CONNECTIONS: usize = 256;

/// How long the server waits before accepting again when the system refuses
/// a connection (out of file descriptors, say).
const ACCEPT_RETRY: Duration = Duration::from_millis(100);

/// Bounds on the preview's connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// See [`HEADER_TIMEOUT`].
    pub header_timeout: Duration,
    /// See [`WRITE_TIMEOUT`].
    pub write_timeout: Duration,
    /// See [`MAX_CONNECTIONS`].
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_timeout: HEADER_TIMEOUT,
            write_timeout: WRITE_TIMEOUT,
            max_connections: MAX_CONNECTIONS,
        }
    }
}

/// Serves `app` on every connection `listener` accepts, within `limits`,
/// until the future is dropped. A connection beyond the limit waits in the
/// system's queue until another closes; a failed accept is retried, so the
/// server never stops accepting.
pub async fn serve(listener: TcpListener, app: Router, limits: Limits) {
    let most = limits
        .max_connections
        .min(descriptor_budget().unwrap_or(usize::MAX))
        .max(1);
    let slots = Arc::new(Semaphore::new(most));
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    loop {
        // The slot is taken before accepting: beyond the limit, connections
        // wait in the listen queue rather than in memory.
        let Ok(slot) = slots.clone().acquire_owned().await else {
            return;
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) if is_connection_error(&e) => continue,
            Err(_) => {
                tokio::time::sleep(ACCEPT_RETRY).await;
                continue;
            }
        };
        let io = TokioIo::new(Counted {
            stream,
            _slot: slot,
            write_timeout: limits.write_timeout,
            stalled: None,
        });
        let service = TowerToHyperService::new(app.clone());
        let connection = builder.serve_connection(io, service).with_upgrades();
        tokio::spawn(async move {
            // A client that goes away or times out is no error of ours.
            let _ = connection.await;
        });
    }
}

/// Half the process's limit on open files, where there is one.
fn descriptor_budget() -> Option<usize> {
    #[cfg(unix)]
    {
        let limit = rustix::process::getrlimit(rustix::process::Resource::Nofile).current?;
        Some(usize::try_from(limit / 2).unwrap_or(usize::MAX))
    }
    #[cfg(not(unix))]
    None
}

/// Errors of one connection that the next accept does not repeat.
fn is_connection_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// A connection holding its slot until it closes, whether as HTTP or, once
/// upgraded, as a live-reload socket; its writes fail once they have been
/// blocked for the write timeout.
struct Counted {
    stream: TcpStream,
    _slot: OwnedSemaphorePermit,
    write_timeout: Duration,
    /// Since when writes have been blocked, as the deadline then.
    stalled: Option<Pin<Box<Sleep>>>,
}

impl Counted {
    /// `polled`, the result of a write to the stream, unless the stream has
    /// not taken anything for the write timeout.
    fn within_timeout<T>(
        &mut self,
        cx: &mut Context<'_>,
        polled: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        if polled.is_ready() {
            self.stalled = None;
            return polled;
        }
        let timeout = self.write_timeout;
        let stalled = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
        match stalled.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client reads nothing",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl AsyncRead for Counted {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Counted {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write(cx, buf);
        self.within_timeout(cx, polled)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let polled = Pin::new(&mut self.stream).poll_flush(cx);
        self.within_timeout(cx, polled)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let polled = Pin::new(&mut self.stream).poll_shutdown(cx);
        self.within_timeout(cx, polled)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        self.within_timeout(cx, polled)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}
