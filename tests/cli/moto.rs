//! A real EC2 emulator for the tests: one `moto_server` per test process, started on first
//! use on a free port of 127.0.0.1 and stopped when the process ends (a watchdog shell kills
//! it as soon as the test process is gone). Tests isolate themselves by region.
//!
//! Nothing here talks to any address but 127.0.0.1: the SDK's instance-metadata lookups are
//! disabled (`AWS_EC2_METADATA_DISABLED=true`) and credentials are static.

use aws_sdk_ec2::config::{BehaviorVersion, Credentials, Region};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct Moto {
    pub endpoint: String,
}

static MOTO: OnceLock<Result<Moto, String>> = OnceLock::new();

/// The shared server (started on first use).
pub fn moto() -> &'static Moto {
    match MOTO.get_or_init(|| start(&[])) {
        Ok(moto) => moto,
        Err(error) => panic!("{error}"),
    }
}

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free port")
}

/// Starts a moto server with extra environment variables (a separate one for tests that
/// change its behaviour, such as IAM enforcement).
pub fn start(env: &[(&str, &str)]) -> Result<Moto, String> {
    let found = Command::new("sh").args(["-c", "command -v moto_server"]).output().map_err(|e| e.to_string())?;
    if !found.status.success() {
        return Err("moto_server is not installed: run scripts/test, or pip install 'moto[server]'".into());
    }
    let port = free_port();
    let watchdog = format!(
        "moto_server -H 127.0.0.1 -p {port} >/dev/null 2>&1 & m=$!; \
         while kill -0 {parent} 2>/dev/null && kill -0 $m 2>/dev/null; do sleep 0.5; done; kill $m 2>/dev/null",
        parent = std::process::id()
    );
    Command::new("sh")
        .args(["-c", &watchdog])
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start moto_server: {e}"))?;
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if ready(port) {
            return Ok(Moto { endpoint: format!("http://127.0.0.1:{port}") });
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Err(format!("moto_server did not answer on 127.0.0.1:{port} within 60 s"))
}

fn ready(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else { return false };
    let request = "GET /moto-api/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    let mut answer = String::new();
    stream.write_all(request.as_bytes()).is_ok()
        && stream.read_to_string(&mut answer).is_ok()
        && answer.starts_with("HTTP/1.1 200")
}

/// The environment a `sgctl` run against moto gets: static test credentials, no metadata
/// service, one attempt per call (a mistake fails fast), and no profile files.
pub fn aws_env(home: &std::path::Path) -> Vec<(String, String)> {
    [
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
        ("AWS_MAX_ATTEMPTS", "1"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .chain([("HOME".to_string(), home.display().to_string())])
    .collect()
}

/// An EC2 client of the test itself, for seeding.
pub fn ec2(endpoint: &str, region: &str) -> aws_sdk_ec2::Client {
    let config = aws_sdk_ec2::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_string()))
        .endpoint_url(endpoint)
        .credentials_provider(Credentials::new("test", "test", None, None, "static"))
        .build();
    aws_sdk_ec2::Client::from_conf(config)
}
