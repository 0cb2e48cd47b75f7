//! Running `policyc serve` in tests: start it on a free port, follow what it
//! prints, make raw HTTP requests (so that paths reach it unnormalised) and
//! open live-reload sockets.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// How long a test waits for something the server should do "at once".
pub const PATIENCE: Duration = Duration::from_secs(20);

/// A running `policyc serve`, stopped when dropped.
pub struct Server {
    child: Child,
    /// How long to wait for what the server should print.
    patience: Duration,
    /// The port it listens on.
    pub port: u16,
    lines: Receiver<String>,
    /// Every line printed so far.
    pub log: Vec<String>,
}

impl Server {
    /// Starts `<policyc> --root <root> serve --port 0` (`policyc` being the
    /// binary under test) and waits until it listens.
    pub fn start(policyc: &Path, root: &Path) -> Server {
        Server::start_with(policyc, root, &[])
    }

    /// Same, with extra arguments for `serve`.
    pub fn start_with(policyc: &Path, root: &Path, args: &[&str]) -> Server {
        Server::launch(policyc, root, args, PATIENCE)
    }

    /// Same, waiting up to `patience` for what the server should print (a
    /// large project's first build takes seconds).
    pub fn launch(policyc: &Path, root: &Path, args: &[&str], patience: Duration) -> Server {
        Server::launch_with_env(policyc, root, args, &[], patience)
    }

    /// Same, with extra environment variables.
    pub fn launch_with_env(
        policyc: &Path,
        root: &Path,
        args: &[&str],
        env: &[(&str, &str)],
        patience: Duration,
    ) -> Server {
        let mut child = Command::new(policyc)
            .arg("--root")
            .arg(root)
            .args(["serve", "--port", "0"])
            .args(args)
            .env("NO_COLOR", "1")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start policyc serve");
        let (tx, lines) = channel();
        for stream in [
            Box::new(child.stderr.take().expect("stderr")) as Box<dyn Read + Send>,
            Box::new(child.stdout.take().expect("stdout")),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if tx.send(line).is_err() {
                        return;
                    }
                }
            });
        }
        let mut server = Server {
            child,
            patience,
            port: 0,
            lines,
            log: Vec::new(),
        };
        let line = server.wait_for(|l| l.starts_with("Serving "));
        let port = line
            .rsplit(':')
            .next()
            .and_then(|p| p.trim_end_matches('/').parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        server.port = port;
        server
    }

    /// Waits for a printed line that `matches`, and returns it.
    pub fn wait_for(&mut self, matches: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + self.patience;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.log.push(line.clone());
                    if matches(&line) {
                        return line;
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    panic!("timed out; the server printed:\n{}", self.log.join("\n"))
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("the server stopped; it printed:\n{}", self.log.join("\n"))
                }
            }
        }
    }

    /// Waits for the next "Built …" line: a rebuild that succeeded.
    pub fn wait_for_build(&mut self) -> String {
        self.wait_for(|l| l.starts_with("Built "))
    }

    /// Waits for the next "Build failed" line.
    pub fn wait_for_failure(&mut self) -> String {
        self.wait_for(|l| l.starts_with("Build failed"))
    }

    /// The lines printed within `quiet` from now (for "nothing happened").
    pub fn lines_within(&mut self, quiet: Duration) -> Vec<String> {
        let deadline = Instant::now() + quiet;
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.log.push(line.clone());
                    seen.push(line);
                }
                Err(_) => return seen,
            }
        }
    }

    /// `GET path`, the path sent exactly as given.
    pub fn get(&self, path: &str) -> Response {
        request(self.port, "GET", path)
    }

    /// Opens a live-reload socket, as a page does.
    pub fn live(&self) -> Live {
        let stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream
            .set_read_timeout(Some(self.patience))
            .expect("set a timeout");
        // A page's socket: small messages that should go out at once.
        stream.set_nodelay(true).expect("set no delay");
        let url = format!("ws://127.0.0.1:{}/__policyc/live", self.port);
        let (socket, _) = tungstenite::client(url.as_str(), stream).expect("WebSocket handshake");
        Live { socket }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP response.
#[derive(Debug)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Header lines, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// The body, as text.
    pub body: String,
}

impl Response {
    /// The value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Sends one HTTP/1.1 request with `Connection: close` and reads the reply.
pub fn request(port: u16, method: &str, path: &str) -> Response {
    let host = format!("Host: 127.0.0.1:{port}");
    request_with(port, method, path, &[&host])
}

/// Same, with the given header lines (`Host` included) instead.
pub fn request_with(port: u16, method: &str, path: &str, headers: &[&str]) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(PATIENCE))
        .expect("set a timeout");
    let headers: String = headers.iter().map(|h| format!("{h}\r\n")).collect();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\n{headers}Connection: close\r\n\r\n"
    )
    .expect("send the request");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the response");
    let text = String::from_utf8_lossy(&raw);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP response: {head:?}"));
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: body.to_string(),
    }
}

/// A live-reload socket.
pub struct Live {
    socket: tungstenite::WebSocket<TcpStream>,
}

/// What the server told a page.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct LiveState {
    /// The build the page should show.
    pub build: String,
    /// The errors of the last rebuild.
    pub errors: Vec<LiveError>,
}

/// One error of a failed rebuild.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct LiveError {
    /// `file:line:column`.
    pub place: String,
    /// The message.
    pub message: String,
    /// The full report.
    pub report: String,
}

impl Live {
    /// The next state the server sends.
    pub fn receive(&mut self) -> LiveState {
        loop {
            match self.socket.read().expect("read from the live socket") {
                tungstenite::Message::Text(text) => {
                    return serde_json::from_str(text.as_str()).expect("a live state");
                }
                tungstenite::Message::Close(_) => panic!("the server closed the live socket"),
                _ => {}
            }
        }
    }
}
