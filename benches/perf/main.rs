//! sgctl's performance benchmark (the method, the budgets and the latest figures are in
//! docs/performance.md).
//!
//! `cargo bench --bench perf` runs everything at full size on a release build and checks
//! the budgets; it exits 1 when one is missed. `cargo test --bench perf` is the smoke run
//! in `.ci/run`: the same code at small sizes on the debug build, checking call counts but
//! no timing. `cargo bench --bench perf -- generate DIR OBJECTS` only writes a synthetic
//! cluster (manifests and snapshot) to DIR. `SGCTL_BENCH_ONLY=offline|live|apply` runs one
//! part; the report is printed and written to `target/perf/full/report.md` (the smoke
//! run's to `target/perf/smoke/report.md`).

mod apply;
mod generate;
mod live;
mod measure;
#[allow(dead_code)]
#[path = "../../tests/cli/moto.rs"]
mod moto;
mod offline;
#[allow(dead_code)]
#[path = "../../tests/cli/seed.rs"]
mod seed;

use std::fmt::Write as _;
use std::path::PathBuf;

/// What to run, and at which sizes.
#[derive(Debug)]
pub struct Mode {
    pub full: bool,
    pub sgctl: String,
    pub sizes: Vec<usize>,
    pub runs: usize,
    pub live_groups: usize,
    /// Runs of each live figure (moto takes tens of seconds per read at full size).
    pub live_runs: usize,
    pub apply_groups: usize,
    /// Apply runs per parallelism (each creates every group from scratch).
    pub apply_runs: usize,
    pub parallelism: Vec<usize>,
}

impl Mode {
    fn full() -> Mode {
        Mode {
            full: true,
            sgctl: env!("CARGO_BIN_EXE_sgctl").to_string(),
            sizes: vec![1_000, 10_000, offline::TARGET_OBJECTS],
            runs: 5,
            live_groups: 2_000,
            live_runs: 3,
            apply_groups: 1_000,
            apply_runs: 3,
            parallelism: vec![1, 8, 32],
        }
    }

    fn smoke() -> Mode {
        Mode {
            full: false,
            sgctl: env!("CARGO_BIN_EXE_sgctl").to_string(),
            sizes: vec![200, 400],
            runs: 1,
            live_groups: 30,
            live_runs: 1,
            apply_groups: 20,
            apply_runs: 1,
            parallelism: vec![1, 8],
        }
    }
}

/// The report: markdown, plus the checks and budgets that failed.
#[derive(Debug, Default)]
pub struct Report {
    text: String,
    in_table: bool,
    failures: Vec<String>,
    enforce_budgets: bool,
}

impl Report {
    pub fn section(&mut self, title: &str) {
        let _ = write!(self.text, "\n## {title}\n\n");
        self.in_table = false;
    }

    pub fn row(&mut self, cells: &[&str]) {
        let _ = writeln!(self.text, "| {} |", cells.join(" | "));
        if !self.in_table {
            let _ = writeln!(self.text, "|{}", " --- |".repeat(cells.len()));
        }
        self.in_table = true;
    }

    fn line(&mut self, text: String) {
        if self.in_table {
            self.text.push('\n');
            self.in_table = false;
        }
        let _ = writeln!(self.text, "- {text}");
    }

    pub fn figure(&mut self, name: &str, value: String) {
        self.line(format!("{name}: {value}"));
    }

    /// A timing or memory budget: enforced at full size only.
    pub fn budget(&mut self, name: &str, met: bool, value: String) {
        let verdict = if met { "met" } else { "MISSED" };
        self.line(format!("budget {name}: {value} ({verdict})"));
        if !met && self.enforce_budgets {
            self.failures.push(format!("{name}: {value}"));
        }
    }

    /// A count that must hold at any size.
    pub fn check(&mut self, name: &str, holds: bool, value: String) {
        let verdict = if holds { "holds" } else { "FAILED" };
        self.line(format!("check {name}: {value} ({verdict})"));
        if !holds {
            self.failures.push(format!("{name}: {value}"));
        }
    }
}

/// One HTTP POST straight to moto (`headers` end in CRLF each); panics unless it answers
/// 200; returns the size of the answer.
pub fn post_to_moto(moto: &moto::Moto, path: &str, headers: &str, body: &str) -> usize {
    use std::io::{Read, Write};
    let address = moto.endpoint.trim_start_matches("http://");
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {address}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = std::net::TcpStream::connect(address).expect("moto answers");
    stream.write_all(request.as_bytes()).expect("request sent");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("answer read");
    assert!(
        answer.starts_with(b"HTTP/1.1 200"),
        "moto {path}: {}",
        String::from_utf8_lossy(&answer[..answer.len().min(300)])
    );
    answer.len()
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines().find_map(|l| l.strip_prefix("model name")?.split(':').nth(1).map(str::trim).map(String::from))
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    format!("{cores} cores, {cpu}")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(at) = args.iter().position(|arg| arg == "generate") {
        let (Some(dir), Some(objects)) = (args.get(at + 1), args.get(at + 2).and_then(|n| n.parse().ok())) else {
            eprintln!("usage: cargo bench --bench perf -- generate DIR OBJECTS");
            std::process::exit(1);
        };
        let cluster = generate::cluster(std::path::Path::new(dir), objects);
        eprintln!("wrote {} objects in {} files under {dir}", cluster.objects, cluster.files.len());
        return;
    }
    // `cargo bench` passes --bench; `cargo test` does not.
    let mode = if args.iter().any(|arg| arg == "--bench") { Mode::full() } else { Mode::smoke() };
    let only = std::env::var("SGCTL_BENCH_ONLY").ok();
    let wanted = |part: &str| only.as_deref().is_none_or(|only| only == part);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let work = root.join("target").join("perf").join(if mode.full { "full" } else { "smoke" });
    std::fs::create_dir_all(&work).unwrap();
    let mut report = Report { enforce_budgets: mode.full, ..Report::default() };
    let _ = writeln!(
        report.text,
        "# sgctl benchmark ({})\n\nMachine: {}. Medians of {} runs ({} for apply).",
        if mode.full { "full size" } else { "smoke run: small sizes, budgets not enforced" },
        machine(),
        mode.runs,
        mode.apply_runs
    );
    if wanted("offline") {
        offline::run(&mode, &work, &mut report);
    }
    if wanted("live") || wanted("apply") {
        let moto = moto::start(&[]).unwrap_or_else(|error| panic!("{error}"));
        if wanted("live") {
            live::run(&mode, &moto, &work, &mut report);
        }
        if wanted("apply") {
            apply::run(&mode, &moto, &work, &mut report);
        }
    }
    use std::io::Write as _;
    let _ = std::io::stdout().write_all(report.text.as_bytes());
    std::fs::write(work.join("report.md"), &report.text).unwrap();
    if !report.failures.is_empty() {
        eprintln!("benchmark: {} failed:\n  {}", report.failures.len(), report.failures.join("\n  "));
        std::process::exit(1);
    }
}
