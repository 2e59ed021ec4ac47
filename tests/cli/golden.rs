//! Golden fixture folders. Each `tests/fixtures/<case>/` holds `manifests/` (or `old/` and
//! `new/`, for `sgctl diff old new`, with no snapshot unless the case has one), an optional
//! `args` file (extra command-line arguments, whitespace-separated), an optional `live.json`
//! snapshot (default: an empty account), an optional `sgctl.yaml`, and the expectation:
//! `plan.txt`, `plan.json` and `plan.md` (the pull-request comment) for a plan, or `error.txt` for input sgctl must refuse
//! (exit 1, nothing on stdout, the message on stderr).
//!
//! `plan.json` is also read back by `show -o json`, which must write the same text: what a
//! plan writes is what a reader of the contract reads.
//!
//! `SGCTL_BLESS=1 cargo nextest run golden` rewrites the expectations from the current output.

use super::support::{repo_root, sgctl, Outcome};
use std::path::Path;

fn bless() -> bool {
    std::env::var("SGCTL_BLESS").is_ok_and(|v| v == "1")
}

/// A case with `old/` and `new/` folders is a `sgctl diff old new` (a snapshot only when the
/// case has `live.json`); any other case plans `manifests/`.
fn is_diff(dir: &Path) -> bool {
    dir.join("old").is_dir()
}

fn run_case(dir: &Path, output: &str) -> Outcome {
    let mut args: Vec<String> = if is_diff(dir) {
        vec!["diff".into(), "old".into(), "new".into(), "-o".into(), output.into()]
    } else {
        vec!["plan".into(), "manifests".into(), "-o".into(), output.into()]
    };
    if dir.join("live.json").exists() {
        args.extend(["--state".into(), "live.json".into()]);
    } else if !is_diff(dir) {
        args.extend(["--state".into(), "../empty-account.json".into()]);
    }
    if let Ok(extra) = std::fs::read_to_string(dir.join("args")) {
        args.extend(extra.split_whitespace().map(str::to_string));
    }
    if !args.iter().any(|a| a == "--cluster-name") && !dir.join("sgctl.yaml").exists() {
        args.extend(["--cluster-name".into(), "cluster-dummy".into()]);
    }
    // As in CI: no "run this next" notes on stderr.
    sgctl(&args).in_dir(dir).env("SGCTL_IN_AUTOMATION", "1").run()
}

fn check(dir: &Path, file: &str, actual: &str, failures: &mut Vec<String>) {
    let path = dir.join(file);
    if bless() {
        std::fs::write(&path, actual).expect("expectation written");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != actual {
        failures.push(format!("{}: differs\n--- expected\n{expected}\n+++ actual\n{actual}", path.display()));
    }
}

#[test]
fn golden_fixtures() {
    let root = repo_root().join("tests/fixtures");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .expect("fixtures folder")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 40, "expected at least 40 fixture cases, found {}", cases.len());
    let mut failures = Vec::new();
    for dir in &cases {
        let text = run_case(dir, "text");
        let expects_error = dir.join("error.txt").exists();
        if expects_error || (bless() && text.code == 1) {
            if text.code != 1 || !text.stdout.is_empty() {
                failures.push(format!(
                    "{}: expected exit 1 and no stdout, got {} / {:?}",
                    dir.display(),
                    text.code,
                    text.stdout
                ));
            }
            check(dir, "error.txt", &text.stderr, &mut failures);
            continue;
        }
        if text.code != 0 || !text.stderr.is_empty() {
            failures.push(format!("{}: exit {} stderr {}", dir.display(), text.code, text.stderr));
            continue;
        }
        check(dir, "plan.txt", &text.stdout, &mut failures);
        let json = run_case(dir, "json");
        check(dir, "plan.json", &json.stdout, &mut failures);
        // Read back as the typed document and written again, it must be the same text; a
        // diff's document is refused, as it describes no account.
        let shown = sgctl(["show", "plan.json", "-o", "json"]).in_dir(dir).run();
        if is_diff(dir) {
            if !bless() && (shown.code != 1 || !shown.stderr.contains("is the output of `sgctl diff old new`")) {
                failures.push(format!("{}: show accepted a diff: {} {}", dir.display(), shown.code, shown.stderr));
            }
        } else if !bless() && shown.stdout != json.stdout {
            failures.push(format!(
                "{}: plan.json read back and written again differs\n--- planned\n{}\n+++ shown\n{}",
                dir.display(),
                json.stdout,
                shown.stdout
            ));
        }
        let markdown = run_case(dir, "markdown");
        check(dir, "plan.md", &markdown.stdout, &mut failures);
    }
    assert!(failures.is_empty(), "{} golden case(s) failed:\n{}", failures.len(), failures.join("\n\n"));
}
