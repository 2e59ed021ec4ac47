//! Fault injection: a small proxy on 127.0.0.1 in front of moto answers a share of the
//! requests with throttling (EC2's `RequestLimitExceeded`), a 500 or a 503, a connection reset before
//! or after forwarding (the change is made, the answer is lost), or a slow answer. Apply must
//! converge, by its own retries or by running again, and never touch what it does not own.

use super::apply_support::{calls_made, EXAMPLE};
use super::aws::{seed_example, workdir};
use super::moto::moto;
use super::support::sgctl;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Counts of what the proxy did, for the test to report.
#[derive(Debug, Default)]
struct Injected {
    forwarded: AtomicUsize,
    faults: AtomicUsize,
}

/// A proxy on a free local port; `percent` of the requests get a fault, chosen by a seeded
/// generator so that a failure can be replayed.
fn faulty_proxy(upstream: u16, percent: u64, seed: u64) -> (String, Arc<Injected>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let injected = Arc::new(Injected::default());
    let state = Arc::new(AtomicU64::new(seed));
    let counts = injected.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (state, counts) = (state.clone(), counts.clone());
            std::thread::spawn(move || serve(stream, upstream, percent, &state, &counts));
        }
    });
    (format!("http://127.0.0.1:{port}"), injected)
}

fn next(state: &AtomicU64) -> u64 {
    // xorshift, shared by the connections; order across threads varies, the mix does not.
    let mut x = state.load(Ordering::Relaxed);
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    state.store(x, Ordering::Relaxed);
    x
}

/// Reads one HTTP request: headers, then `Content-Length` bytes of body.
fn read_request(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut data = Vec::new();
    let mut buffer = [0u8; 8192];
    loop {
        let read = stream.read(&mut buffer).ok()?;
        if read == 0 {
            return None;
        }
        data.extend_from_slice(&buffer[..read]);
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            let headers = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
            let length: usize = headers
                .lines()
                .find_map(|line| line.strip_prefix("content-length:").map(|v| v.trim().parse().unwrap_or(0)))
                .unwrap_or(0);
            while data.len() < end + 4 + length {
                let read = stream.read(&mut buffer).ok()?;
                if read == 0 {
                    return None;
                }
                data.extend_from_slice(&buffer[..read]);
            }
            return Some(data);
        }
    }
}

/// Sends the request to moto and returns its whole answer (moto closes every connection).
fn forward(request: &[u8], upstream: u16) -> Option<Vec<u8>> {
    let mut moto = TcpStream::connect(("127.0.0.1", upstream)).ok()?;
    // One request per connection, as moto does.
    let text = String::from_utf8_lossy(request).replacen("Connection: keep-alive", "Connection: close", 1);
    moto.write_all(text.as_bytes()).ok()?;
    let mut answer = Vec::new();
    moto.read_to_end(&mut answer).ok()?;
    Some(answer)
}

fn error_answer(status: &str, code: &str) -> Vec<u8> {
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>{code}</Code><Message>injected by the test</Message></Error></Errors><RequestID>fault</RequestID></Response>"
    );
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn serve(mut client: TcpStream, upstream: u16, percent: u64, state: &AtomicU64, counts: &Injected) {
    let Some(request) = read_request(&mut client) else { return };
    let roll = next(state);
    if roll % 100 >= percent {
        counts.forwarded.fetch_add(1, Ordering::Relaxed);
        if let Some(answer) = forward(&request, upstream) {
            let _ = client.write_all(&answer);
        }
        return;
    }
    counts.faults.fetch_add(1, Ordering::Relaxed);
    match (roll / 100) % 6 {
        0 => {
            let _ = client.write_all(&error_answer("503 Service Unavailable", "RequestLimitExceeded"));
        }
        1 => {
            let _ = client.write_all(&error_answer("500 Internal Server Error", "InternalError"));
        }
        2 => {
            let _ = client.write_all(&error_answer("503 Service Unavailable", "Unavailable"));
        }
        3 => {
            // Reset before anything reached EC2.
            let _ = client.shutdown(Shutdown::Both);
        }
        4 => {
            // The change is made; the answer is lost.
            let _ = forward(&request, upstream);
            let _ = client.shutdown(Shutdown::Both);
        }
        _ => {
            std::thread::sleep(Duration::from_millis(1500));
            if let Some(answer) = forward(&request, upstream) {
                let _ = client.write_all(&answer);
            }
        }
    }
}

#[test]
fn apply_converges_under_injected_faults_and_touches_only_what_is_ours() {
    let region = "us-east-2";
    let account = seed_example(region);
    let dir = workdir("faults");
    let upstream: u16 = moto().endpoint.rsplit(':').next().unwrap().parse().unwrap();
    let (proxy, injected) = faulty_proxy(
        upstream,
        20,
        std::env::var("SGCTL_TEST_FAULT_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5eed_1234_abcd_9876),
    );
    let run = |args: &[&str], endpoint: &str, attempts: &str| {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--endpoint-url", endpoint, "--region", region]);
        super::moto::aws_env(&dir.join("home"))
            .iter()
            .fold(sgctl(all), |command, (k, v)| command.env(k, v))
            .env("AWS_MAX_ATTEMPTS", attempts)
            .run()
    };
    let mut converged = false;
    for attempt in 1..=6 {
        let applied = run(&[&["apply"][..], &EXAMPLE, &["--auto-approve", "-v"]].concat(), &proxy, "5");
        eprintln!(
            "apply run {attempt}: exit {}, calls: {}, faults so far {} of {}",
            applied.code,
            calls_made(&applied.stderr),
            injected.faults.load(Ordering::Relaxed),
            injected.faults.load(Ordering::Relaxed) + injected.forwarded.load(Ordering::Relaxed)
        );
        if applied.code == 0 {
            converged = true;
            break;
        }
        // A failed run must say what failed, never end silently: `Error: the apply did not
        // complete` after a failed change, `error: ...` when reading the account failed.
        assert!(applied.stderr.to_lowercase().contains("error"), "{}", applied.stderr);
    }
    assert!(injected.faults.load(Ordering::Relaxed) > 0, "no fault was injected");
    assert!(converged, "apply did not converge in six runs under 20% faults");
    // Checked without faults: the account matches, and what is not ours is intact.
    let plan = run(&[&["plan"][..], &EXAMPLE, &["--detailed-exitcode"]].concat(), &moto().endpoint, "1");
    assert_eq!(plan.code, 0, "{}{}", plan.stdout, plan.stderr);
    let pulled = run(
        &["state", "pull", "--cluster-name", "prod", "--node-security-group", &account.nodes],
        &moto().endpoint,
        "1",
    );
    assert!(pulled.stdout.contains("ssh from the bastion network"), "a hand-made rule was touched");
}
