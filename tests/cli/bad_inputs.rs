//! The bad-input corpus (`tests/bad-inputs/`): every file is refused with exit 1, nothing on
//! stdout, and a message that names the file and line (`NAME.expected` holds what stderr
//! must contain), quickly. No AWS call is possible: the endpoint is a closed local port.
//! A 100 MB file, made here and never committed, is refused before it is parsed.

use super::moto::free_port;
use super::support::{repo_root, sgctl};
use std::time::{Duration, Instant};

fn refuse(dir: &std::path::Path, file: &str) -> (String, Duration) {
    let endpoint = format!("http://127.0.0.1:{}", free_port());
    let started = Instant::now();
    let outcome = sgctl([
        "plan",
        file,
        "--cluster-name",
        "c",
        "--vpc-id",
        "vpc-1",
        "--endpoint-url",
        &endpoint,
        "--region",
        "us-east-1",
    ])
    .in_dir(dir)
    .env("AWS_ACCESS_KEY_ID", "test")
    .env("AWS_SECRET_ACCESS_KEY", "test")
    .run();
    let elapsed = started.elapsed();
    assert_eq!(outcome.code, 1, "{file}: {}", outcome.stderr);
    assert!(outcome.stdout.is_empty(), "{file}: {}", outcome.stdout);
    assert!(!outcome.stderr.contains("cannot reach the EC2 endpoint"), "{file}: an AWS call was attempted");
    (outcome.stderr, elapsed)
}

#[test]
fn every_bad_input_is_refused_with_its_place() {
    let dir = repo_root().join("tests/bad-inputs");
    let mut cases: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| !name.ends_with(".expected"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 30, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let stem = case.rsplit_once('.').map(|(stem, _)| stem).unwrap_or(case);
        let expected = std::fs::read_to_string(dir.join(format!("{stem}.expected"))).expect("an .expected file");
        let (stderr, elapsed) = refuse(&dir, case);
        if !stderr.contains(expected.trim_end()) {
            failures.push(format!("{case}: expected {:?}\n  got {stderr:?}", expected.trim_end()));
        }
        if elapsed > Duration::from_secs(5) {
            failures.push(format!("{case}: took {elapsed:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_100_megabyte_file_is_refused_before_it_is_parsed() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("huge-input");
    std::fs::create_dir_all(&dir).unwrap();
    let line = "# padding padding padding padding padding padding padding padding padding padding\n";
    let text = line.repeat(100 * 1024 * 1024 / line.len() + 1);
    std::fs::write(dir.join("huge.yaml"), &text).unwrap();
    let (stderr, elapsed) = refuse(&dir, "huge.yaml");
    assert!(stderr.contains("huge.yaml is 100 MiB; sgctl reads manifest files of up to 64 MiB"), "{stderr}");
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
}
