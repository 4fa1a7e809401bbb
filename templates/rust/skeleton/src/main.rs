//! The service: a small HTTP server on the standard library. With
//! `--healthcheck` the binary instead asks the running service for /healthz
//! and exits 0 or 1, since the runtime image has no shell or curl.

use std::env;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::exit;
use std::thread;
use std::time::Duration;

/// The status line and JSON body for one request.
fn respond(method: &str, path: &str) -> (&'static str, String) {
    match (method, path) {
        ("GET", "/healthz") => ("200 OK", r#"{"status":"ok"}"#.to_string()),
        ("GET", "/") => {
            let name = env::var("SERVICE_NAME").unwrap_or_else(|_| "service".to_string());
            ("200 OK", format!(r#"{{"service":"{}","message":"hello"}}"#, name))
        }
        ("GET", _) => ("404 Not Found", format!(r#"{{"error":"no route {}"}}"#, path)),
        _ => ("405 Method Not Allowed", r#"{"error":"method not allowed"}"#.to_string()),
    }
}

fn serve(mut stream: TcpStream) {
    let mut request_line = String::new();
    if BufReader::new(&stream).read_line(&mut request_line).is_err() {
        return;
    }
    let mut parts = request_line.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let (status, body) = respond(method, path.split('?').next().unwrap_or("/"));
    let _ = write!(
        stream,
        "HTTP/1.1 {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{}",
        status,
        body.len(),
        body
    );
}

fn healthcheck(port: &str) -> bool {
    let mut stream = match TcpStream::connect(format!("127.0.0.1:{}", port)) {
        Ok(stream) => stream,
        Err(_) => return false,
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(3)));
    if stream.write_all(b"GET /healthz HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n").is_err() {
        return false;
    }
    let mut reply = String::new();
    let _ = stream.read_to_string(&mut reply);
    reply.starts_with("HTTP/1.1 200")
}

fn main() {
    let port = env::var("PORT").unwrap_or_else(|_| "8080".to_string());
    if env::args().any(|a| a == "--healthcheck") {
        exit(if healthcheck(&port) { 0 } else { 1 });
    }
    let listener = TcpListener::bind(format!("0.0.0.0:{}", port)).expect("cannot listen");
    println!("listening on {}", port);
    for stream in listener.incoming().flatten() {
        thread::spawn(move || serve(stream));
    }
}

#[cfg(test)]
mod tests {
    use super::respond;

    #[test]
    fn health_answers_ok() {
        assert_eq!(respond("GET", "/healthz"), ("200 OK", r#"{"status":"ok"}"#.to_string()));
    }

    #[test]
    fn unknown_routes_and_methods_are_refused() {
        assert_eq!(respond("GET", "/nope").0, "404 Not Found");
        assert_eq!(respond("POST", "/").0, "405 Method Not Allowed");
    }
}
