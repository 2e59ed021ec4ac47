//! The docs say what the code does: the annotation table lists exactly the annotations the
//! code reads, every settings key and every finding code is documented, and the CI
//! walkthrough runs.

use super::support::repo_root;
use std::collections::BTreeSet;

fn read(path: &str) -> String {
    std::fs::read_to_string(repo_root().join(path)).unwrap()
}

/// Every source file under `src/model` and `src/manifest`, folders included.
fn sources() -> String {
    fn walk(dir: &std::path::Path, all: &mut String) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, all);
            } else {
                all.push_str(&std::fs::read_to_string(path).unwrap());
            }
        }
    }
    let mut all = String::new();
    for dir in ["src/model", "src/manifest"] {
        walk(&repo_root().join(dir), &mut all);
    }
    all
}

/// Annotation suffixes the code reads: literals passed to the annotation accessors.
fn annotations_in_code(code: &str) -> BTreeSet<String> {
    let accessors = [
        ".string(\"",
        ".string_list(\"",
        ".bool(\"",
        ".int64(\"",
        ".string_map(\"",
        ".raw(\"",
        ".key(\"",
        "merged(\"",
        "annotation_error(\"",
    ];
    let mut found = BTreeSet::new();
    for accessor in accessors {
        for piece in code.split(accessor).skip(1) {
            if let Some(end) = piece.find('"') {
                found.insert(piece[..end].to_string());
            }
        }
    }
    found
}

#[test]
fn the_annotation_table_lists_what_the_code_reads() {
    let doc = read("docs/annotations.md");
    let code = sources();
    let documented: BTreeSet<String> = doc
        .lines()
        .filter(|line| line.starts_with("| `"))
        .filter_map(|line| line.split('`').nth(1).map(str::to_string))
        .collect();
    for annotation in annotations_in_code(&code) {
        assert!(documented.contains(&annotation), "the code reads {annotation}, docs/annotations.md does not list it");
    }
    for annotation in documented.iter().filter(|a| !a.contains(' ') && !a.contains('<')) {
        let literal = format!("\"{annotation}\"");
        assert!(code.contains(&literal), "docs/annotations.md lists {annotation}, the code never reads it");
    }
    // The templated one.
    assert!(documented.contains("target-control-port.<service>.<port>"));
    assert!(code.contains("target-control-port.{service_name}.{}"));
}

#[test]
fn the_findings_table_lists_every_code_and_no_other() {
    let documented: BTreeSet<String> = read("docs/findings.md")
        .lines()
        .filter(|line| line.starts_with("| `"))
        .filter_map(|line| line.split('`').nth(1).map(str::to_string))
        .collect();
    let codes: BTreeSet<String> = sgctl::plan::findings::CODES.iter().map(|code| code.to_string()).collect();
    assert_eq!(documented, codes, "docs/findings.md and plan::findings::CODES differ");
}

#[test]
fn every_settings_key_is_documented() {
    let config = read("docs/config.md");
    let usage = read("docs/usage.md");
    let keys: Vec<String> = read("src/cli/config.rs")
        .split("pub const KEYS: &[&str] = &[")
        .nth(1)
        .and_then(|rest| rest.split("];").next())
        .unwrap()
        .split(',')
        .map(|item| item.trim().trim_matches('"').to_string())
        .filter(|item| !item.is_empty())
        .collect();
    assert!(keys.len() > 15, "{keys:?}");
    for key in keys {
        assert!(config.contains(&format!("| `{key}` |")), "docs/config.md does not document {key}");
        assert!(usage.contains(&format!("`{key}`")), "docs/usage.md does not list {key}");
    }
}

#[test]
fn the_ci_walkthrough_runs() {
    let doc = read("docs/ci.md");
    let block = doc
        .split("<!-- ci-walkthrough")
        .nth(1)
        .and_then(|rest| rest.split("```sh\n").nth(1))
        .and_then(|rest| rest.split("\n```").next())
        .expect("the walkthrough block");
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_sgctl")).parent().unwrap().to_path_buf();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let tmp = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ci-walkthrough");
    std::fs::create_dir_all(&tmp).unwrap();
    let output = std::process::Command::new("bash")
        .args(["-e", "-c", block])
        .current_dir(repo_root())
        .env("PATH", path)
        .env("TMPDIR", &tmp)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("**Plan: 2 to add, 2 to change, 1 to destroy.**"), "{stdout}");
    assert!(stdout.contains("Plan: 2 to add, 2 to change, 1 to destroy.\n"), "{stdout}");
    assert!(stdout.contains("**Plan: 0 to add, 1 to change, 1 to destroy.**"), "the diff job: {stdout}");
}
