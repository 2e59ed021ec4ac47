//! Completions and man pages are generated from the clap definition and committed; these
//! tests fail when the committed files are out of date (`SGCTL_BLESS=1` rewrites them),
//! and load the bash completion in a real bash.

use super::support::{repo_root, sgctl};
use sgctl::cli::generated::{completion, man_pages, SHELLS};

fn bless() -> bool {
    std::env::var("SGCTL_BLESS").is_ok_and(|v| v == "1")
}

fn check(path: &std::path::Path, generated: &[u8], stale: &mut Vec<String>) {
    if bless() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, generated).unwrap();
    } else if std::fs::read(path).ok().as_deref() != Some(generated) {
        stale.push(path.display().to_string());
    }
}

#[test]
fn committed_completions_and_man_pages_are_current() {
    let mut stale = Vec::new();
    for (shell, file) in SHELLS {
        check(&repo_root().join("completions").join(file), &completion(shell), &mut stale);
    }
    let pages = man_pages();
    for (name, page) in &pages {
        check(&repo_root().join("docs/man").join(name), page, &mut stale);
    }
    let committed: Vec<String> = std::fs::read_dir(repo_root().join("docs/man"))
        .unwrap()
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .collect();
    for name in committed {
        if !pages.iter().any(|(page, _)| *page == name) {
            stale.push(format!("docs/man/{name} (no longer generated)"));
        }
    }
    assert!(stale.is_empty(), "out of date, regenerate with SGCTL_BLESS=1 cargo test --test cli generated: {stale:?}");
}

#[test]
fn the_completions_command_prints_the_committed_scripts() {
    for (shell, file) in SHELLS {
        let name = shell.to_string();
        let outcome = sgctl(["completions", &name]).run();
        assert_eq!(outcome.code, 0, "{}", outcome.stderr);
        let committed = std::fs::read_to_string(repo_root().join("completions").join(file)).unwrap();
        assert!(outcome.stdout == committed, "sgctl completions {name} differs from completions/{file}");
    }
}

/// What bash's completion offers for a command line ending at `words`.
fn complete(words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let current = words.last().unwrap();
    let previous = if words.len() > 1 { words[words.len() - 2] } else { "" };
    let script = format!(
        "source completions/sgctl.bash; COMP_WORDS=({}); COMP_CWORD={}; COMP_LINE='{}'; COMP_POINT=${{#COMP_LINE}}; _sgctl sgctl '{current}' '{previous}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        quoted.join(" "),
        words.len() - 1,
        words.join(" ")
    );
    let output = std::process::Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &script])
        .current_dir(repo_root())
        .output()
        .expect("bash runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap().lines().map(str::to_string).collect()
}

#[test]
fn bash_completes_commands_and_flags() {
    assert_eq!(complete(&["sgctl", "pl"]), vec!["plan"]);
    let state = complete(&["sgctl", "st"]);
    assert_eq!(state, vec!["state"]);
    let flags = complete(&["sgctl", "plan", "--ou"]);
    assert!(flags.contains(&"--out".to_string()) && flags.contains(&"--output".to_string()), "{flags:?}");
    let outputs = complete(&["sgctl", "plan", "-o", ""]);
    for format in ["text", "json", "markdown"] {
        assert!(outputs.contains(&format.to_string()), "{outputs:?}");
    }
    let shells = complete(&["sgctl", "completions", ""]);
    assert!(shells.contains(&"elvish".to_string()), "{shells:?}");
}
