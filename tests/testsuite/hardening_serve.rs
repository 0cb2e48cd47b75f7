//! The preview under hostile or broken conditions: requests addressed to
//! other host names (DNS rebinding) when it listens beyond loopback, clients
//! that open sockets and never finish a request, more connections than it
//! serves at once, and a rebuild that panics.
//!
//! All traffic goes to loopback addresses.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

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
