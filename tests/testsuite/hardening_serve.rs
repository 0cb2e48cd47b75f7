//! The preview under hostile or broken conditions: requests addressed to
//! other host names (DNS rebinding) when it listens beyond loopback, clients
//! that open sockets and never finish a request, more connections than it
//! serves at once, and a rebuild that panics.
//!
//! All traffic goes to loopback addresses.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use policyc::commands::serve::{HEADER_TIMEOUT, Limits, serve_connections};
use policyc_testkit::serve::{PATIENCE, Response, Server, request_with};

use crate::support::{Project, bin};

// --- Host names -------------------------------------------------------------

fn get_as(port: u16, host: &str) -> Response {
    request_with(port, "GET", "/", &[&format!("Host: {host}")])
}

/// A WebSocket handshake for the live-reload socket, as a browser on
/// `origin` sends it to `host`: the status it gets.
fn upgrade_as(port: u16, host: &str, origin: &str) -> u16 {
    use tungstenite::client::IntoClientRequest;
    let url = format!("ws://127.0.0.1:{port}/__policyc/live");
    let mut request = url.as_str().into_client_request().expect("a request");
    let headers = request.headers_mut();
    headers.insert("Host", host.parse().expect("a Host header"));
    headers.insert("Origin", origin.parse().expect("an Origin header"));
    let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    match tungstenite::client(request, stream) {
        Ok((_, response)) => response.status().as_u16(),
        Err(tungstenite::HandshakeError::Failure(tungstenite::Error::Http(response))) => {
            response.status().as_u16()
        }
        Err(e) => panic!("WebSocket handshake: {e}"),
    }
}

#[test]
fn every_address_answers_only_the_machines_own_names() {
    let project = Project::example();
    let mut server = Server::start_with(bin(), project.root(), &["--bind", "0.0.0.0"]);
    let port = server.port;
    let names = server.wait_for(|l| l.starts_with("The preview answers requests addressed to"));
    assert!(
        names.contains("localhost") && names.contains("127.0.0.1") && names.contains("[::1]"),
        "{names}"
    );
    assert!(names.contains("--allow-host NAME"), "{names}");

    // A name another site controls is refused, and told how to allow it.
    let refused = get_as(port, &format!("evil.example:{port}"));
    assert_eq!(refused.status, 403);
    assert!(refused.body.contains("--allow-host"), "{}", refused.body);
    assert!(
        !refused.body.contains("127.0.0.1"),
        "the refusal lists no name: {}",
        refused.body
    );
    assert_eq!(get_as(port, "evil.example").status, 403);
    assert_eq!(get_as(port, "").status, 403);
    assert_eq!(
        upgrade_as(port, "evil.example", "http://evil.example"),
        403,
        "a live-reload socket from a rebound name"
    );

    // The machine's own names are answered.
    assert_eq!(get_as(port, &format!("127.0.0.1:{port}")).status, 200);
    assert_eq!(get_as(port, &format!("localhost:{port}")).status, 200);
    assert_eq!(get_as(port, &format!("[::1]:{port}")).status, 200);
    let hostname = gethostname::gethostname()
        .into_string()
        .expect("a UTF-8 host name")
        .to_ascii_lowercase();
    assert!(names.contains(&hostname), "{hostname} not in {names}");
    assert_eq!(get_as(port, &format!("{hostname}:{port}")).status, 200);
    // So is any address of the machine's interfaces (only the header names
    // it: the request itself goes to loopback).
    let own = if_addrs::get_if_addrs()
        .expect("the machine's interfaces")
        .into_iter()
        .map(|i| i.ip())
        .find(|ip| !ip.is_loopback());
    match own {
        Some(ip) => assert_eq!(
            get_as(port, &SocketAddr::new(ip, port).to_string()).status,
            200
        ),
        None if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("this machine has no address but loopback: the interface check cannot run")
        }
        None => eprintln!("skipped: this machine has no address but loopback"),
    }
}

#[test]
fn allow_host_adds_a_name_for_pages_and_the_live_socket() {
    let project = Project::example();
    let mut server = Server::start_with(
        bin(),
        project.root(),
        &[
            "--bind",
            "0.0.0.0",
            "--allow-host",
            "policy.test",
            "--allow-host",
            "Preview.Example",
        ],
    );
    let port = server.port;
    let names = server.wait_for(|l| l.starts_with("The preview answers requests addressed to"));
    assert!(
        names.contains("policy.test") && names.contains("preview.example"),
        "{names}"
    );
    assert_eq!(get_as(port, &format!("policy.test:{port}")).status, 200);
    assert_eq!(get_as(port, "preview.example").status, 200);
    assert_eq!(get_as(port, &format!("other.test:{port}")).status, 403);
    assert_eq!(
        get_as(port, &format!("policy.test.evil.example:{port}")).status,
        403
    );
    let host = format!("policy.test:{port}");
    assert_eq!(upgrade_as(port, &host, &format!("http://{host}")), 101);
    assert_eq!(upgrade_as(port, &host, "http://evil.example"), 403);
    assert_eq!(
        upgrade_as(port, &format!("evil.example:{port}"), "http://evil.example"),
        403
    );
}

#[test]
fn allow_host_works_on_loopback_too() {
    let project = Project::example();
    let server = Server::start_with(bin(), project.root(), &["--allow-host", "policy.test"]);
    let port = server.port;
    assert_eq!(get_as(port, &format!("policy.test:{port}")).status, 200);
    assert_eq!(get_as(port, &format!("evil.example:{port}")).status, 403);
}

#[test]
#[cfg(target_os = "linux")] // elsewhere, 127.0.0.2 is not this machine's
fn a_specific_loopback_address_answers_to_itself() {
    let project = Project::example();
    let server = Server::start_with(bin(), project.root(), &["--bind", "127.0.0.2"]);
    let served = server
        .log
        .iter()
        .find(|l| l.starts_with("Serving "))
        .cloned()
        .unwrap_or_default();
    assert!(served.contains("http://127.0.0.2:"), "{served}");
    let get = |host: &str| {
        let mut stream = TcpStream::connect(("127.0.0.2", server.port)).expect("connect");
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut reply = String::new();
        stream.read_to_string(&mut reply).unwrap();
        reply.lines().next().unwrap_or_default().to_string()
    };
    // The address it printed opens the preview.
    assert!(
        get(&format!("127.0.0.2:{}", server.port)).contains(" 200 "),
        "the printed address is refused"
    );
    assert!(get("evil.example").contains(" 403 "));
}

#[test]
fn allow_host_refuses_what_is_not_a_host_name() {
    let project = Project::example();
    let output = std::process::Command::new(bin())
        .arg("--root")
        .arg(project.root())
        .args(["serve", "--port", "0", "--allow-host", "policy.test:4000"])
        .output()
        .expect("run policyc");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("`policy.test:4000` is not a host name") && stderr.contains("no port"),
        "{stderr}"
    );
}

/// The status of `head` (a request line and headers, without the blank
/// line), sent as is to the preview on loopback.
fn raw_status(port: u16, head: &str) -> u16 {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(stream, "{head}\r\nConnection: close\r\n\r\n").unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    let status = reply.lines().next().unwrap_or_default();
    status
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {status:?}"))
}

#[test]
fn two_host_headers_are_a_bad_request_whichever_comes_first() {
    let project = Project::example();
    let server = Server::start_with(bin(), project.root(), &[]);
    let port = server.port;
    let ok = format!("localhost:{port}");
    assert_eq!(
        raw_status(port, &format!("GET / HTTP/1.1\r\nHost: {ok}")),
        200
    );
    for (first, second) in [(ok.as_str(), "evil.example"), ("evil.example", ok.as_str())] {
        let head = format!("GET / HTTP/1.1\r\nHost: {first}\r\nHost: {second}");
        assert_eq!(raw_status(port, &head), 400, "{head}");
    }
}

#[test]
fn an_absolute_form_target_is_checked_in_place_of_the_host_header() {
    let project = Project::example();
    let server = Server::start_with(bin(), project.root(), &[]);
    let port = server.port;
    let ok = format!("localhost:{port}");
    for (target, expected) in [
        ("http://evil.example/".to_string(), 403),
        (format!("http://evil.example:{port}/"), 403),
        (format!("http://user@localhost:{port}/"), 403),
        (format!("http://{ok}/"), 200),
    ] {
        let head = format!("GET {target} HTTP/1.1\r\nHost: {ok}");
        assert_eq!(raw_status(port, &head), expected, "{head}");
    }
    // The target names the preview: a `Host` naming another does not matter.
    let head = format!("GET http://{ok}/ HTTP/1.1\r\nHost: evil.example");
    assert_eq!(raw_status(port, &head), 200, "{head}");
}

// --- Connections ------------------------------------------------------------

/// A server of a one-page app within `limits`, through the same connection
/// handling as the preview, on its own runtime (stopped when dropped).
struct Connections {
    addr: SocketAddr,
    _runtime: tokio::runtime::Runtime,
}

impl Connections {
    fn start(limits: Limits) -> Connections {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("listen");
        let addr = listener.local_addr().expect("its address");
        // `/big` is more than the system buffers between the server and a
        // client that does not read.
        let app = Router::new()
            .route("/", get(|| async { "ok" }))
            .route("/big", get(|| async { vec![b'x'; 64 << 20] }));
        runtime.spawn(serve_connections(listener, app, limits));
        Connections {
            addr,
            _runtime: runtime,
        }
    }
}

/// A socket that sent half a request's headers and nothing since.
fn half_open(addr: SocketAddr) -> TcpStream {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .expect("send half a header");
    stream
}

/// Waits up to `within` for the server to close `stream`; false if it is
/// still open then.
fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    let mut buf = [0; 1024];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        stream.set_read_timeout(Some(left)).expect("set a timeout");
        match stream.read(&mut buf) {
            Ok(0) => return true,
            // A 408 or other reply before the close is fine.
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::ConnectionReset => return true,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return false;
            }
            Err(e) => panic!("reading: {e}"),
        }
    }
}

/// A complete `GET /` on a new connection: its status.
fn complete_request(addr: SocketAddr) -> u16 {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).expect("a reply");
    reply
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP reply: {reply:?}"))
}

#[test]
fn sockets_that_never_finish_their_headers_are_closed_after_the_timeout() {
    let timeout = Duration::from_millis(400);
    let server = Connections::start(Limits {
        header_timeout: timeout,
        max_connections: 64,
        ..Limits::default()
    });
    let started = Instant::now();
    let mut slow: Vec<TcpStream> = (0..20).map(|_| half_open(server.addr)).collect();
    // Others are served while they hang.
    assert_eq!(complete_request(server.addr), 200);
    for (i, stream) in slow.iter_mut().enumerate() {
        assert!(
            closed_within(stream, timeout + PATIENCE),
            "socket {i} is still open"
        );
    }
    assert!(
        started.elapsed() >= timeout,
        "closed before the timeout: {:?}",
        started.elapsed()
    );
}

#[test]
fn an_idle_keep_alive_connection_is_closed_after_the_timeout() {
    let timeout = Duration::from_millis(400);
    let server = Connections::start(Limits {
        header_timeout: timeout,
        max_connections: 64,
        ..Limits::default()
    });
    let mut stream = TcpStream::connect(server.addr).expect("connect");
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap();
    let answered = Instant::now();
    // The reply, then the close once the connection has idled.
    let mut reply = Vec::new();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream
        .read_to_end(&mut reply)
        .expect("the server closes the idle connection");
    assert!(String::from_utf8_lossy(&reply).starts_with("HTTP/1.1 200"));
    assert!(answered.elapsed() >= timeout, "{:?}", answered.elapsed());
}

#[test]
fn connections_beyond_the_limit_wait_for_a_slot_and_are_then_served() {
    let timeout = Duration::from_millis(1500);
    let server = Connections::start(Limits {
        header_timeout: timeout,
        max_connections: 4,
        ..Limits::default()
    });
    // Twice the limit hang; the first four hold every slot.
    let mut slow: Vec<TcpStream> = (0..8).map(|_| half_open(server.addr)).collect();
    let started = Instant::now();
    assert_eq!(complete_request(server.addr), 200);
    let waited = started.elapsed();
    // Served only once slow sockets timed out and freed their slots: the
    // server never stops accepting.
    assert!(
        waited >= timeout / 2,
        "served after {waited:?}, before any slot was free"
    );
    for (i, stream) in slow.iter_mut().enumerate() {
        assert!(
            closed_within(stream, 2 * timeout + PATIENCE),
            "socket {i} is still open"
        );
    }
    assert_eq!(complete_request(server.addr), 200);
}

#[test]
fn a_client_that_never_reads_the_reply_is_disconnected() {
    let write_timeout = Duration::from_millis(800);
    let server = Connections::start(Limits {
        write_timeout,
        max_connections: 1,
        ..Limits::default()
    });
    let mut stalled = TcpStream::connect(server.addr).expect("connect");
    stalled
        .write_all(b"GET /big HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .unwrap();
    // It holds the only slot until the server gives up writing to it.
    let started = Instant::now();
    assert_eq!(complete_request(server.addr), 200);
    assert!(
        started.elapsed() >= write_timeout / 2,
        "served after {:?}, while the slot was taken",
        started.elapsed()
    );
    // What it reads now ends before the whole reply.
    let mut got = Vec::new();
    stalled.set_read_timeout(Some(PATIENCE)).unwrap();
    let _ = stalled.read_to_end(&mut got);
    assert!(got.len() < 64 << 20, "the whole reply was sent");
}

/// The preview itself (default limits): many sockets that never finish
/// their headers neither block other requests nor stay open.
#[test]
fn the_preview_closes_sockets_that_never_finish_their_headers() {
    let project = Project::example();
    let server = Server::start(bin(), project.root());
    let addr = SocketAddr::from(([127, 0, 0, 1], server.port));
    let mut slow: Vec<TcpStream> = (0..100).map(|_| half_open(addr)).collect();
    let started = Instant::now();
    assert_eq!(server.get("/").status, 200);
    assert!(
        started.elapsed() < HEADER_TIMEOUT / 2,
        "a request waited {:?} behind the slow sockets",
        started.elapsed()
    );
    for (i, stream) in slow.iter_mut().enumerate() {
        assert!(
            closed_within(stream, HEADER_TIMEOUT + PATIENCE),
            "socket {i} is still open"
        );
    }
}

// --- A rebuild that panics ----------------------------------------------------

/// A debug build of `policyc serve` panics in a rebuild while this file
/// exists (see `POLICYC_TEST_PANIC_ON`).
const PANIC_TRIGGER: &str = "templates/panic-now.html";

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "POLICYC_TEST_PANIC_ON works in debug builds only"
)]
fn a_rebuild_that_panics_is_reported_and_the_next_save_rebuilds() {
    let project = Project::example();
    let mut server = Server::launch_with_env(
        bin(),
        project.root(),
        &[],
        &[("POLICYC_TEST_PANIC_ON", PANIC_TRIGGER)],
        PATIENCE,
    );
    let mut live = server.live();
    let first = live.receive();
    assert!(first.errors.is_empty(), "{first:#?}");

    project.write(PANIC_TRIGGER, "<p>x</p>\n");
    let printed = server.wait_for(|l| l.contains("internal error while rebuilding"));
    assert!(printed.contains("POLICYC_TEST_PANIC_ON"), "{printed}");
    server.wait_for_failure();
    let state = live.receive();
    assert_eq!(state.build, first.build, "the last good build stays");
    assert_eq!(state.errors.len(), 1, "{state:#?}");
    let error = &state.errors[0];
    assert!(
        error.message.starts_with("internal error while rebuilding"),
        "{error:#?}"
    );
    assert!(
        error.report.contains("this is a bug in policyc") && error.report.contains("report it"),
        "{error:#?}"
    );
    // The pages are still served.
    assert_eq!(server.get("/us/en-US/privacy/").status, 200);

    // The watcher is still there: the next saves rebuild.
    std::fs::remove_file(project.root().join(PANIC_TRIGGER)).expect("remove the trigger");
    server.wait_for_build();
    let recovered = live.receive();
    assert!(recovered.errors.is_empty(), "{recovered:#?}");
    assert_ne!(recovered.build, first.build);
    let terms = project.root().join("policies/terms/en-US.md");
    let text = std::fs::read_to_string(&terms).expect("read terms");
    project.write(
        "policies/terms/en-US.md",
        format!("{text}\nA sentence saved after the panic.\n"),
    );
    server.wait_for_build();
    let rebuilt = live.receive();
    assert!(rebuilt.errors.is_empty(), "{rebuilt:#?}");
    assert_ne!(rebuilt.build, recovered.build);
    assert!(
        server
            .get("/us/en-US/terms/")
            .body
            .contains("A sentence saved after the panic.")
    );
}
