//! Records the git commit sgctl is built from, for `sgctl --version`: `SGCTL_GIT_COMMIT` when
//! the builder sets it (the release workflow, a container build without `.git`), else what
//! `git rev-parse` says of the source tree, else `unknown` (a crate unpacked from an archive).

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=SGCTL_GIT_COMMIT");
    let from_env = std::env::var("SGCTL_GIT_COMMIT").ok().filter(|commit| !commit.trim().is_empty());
    let commit = from_env.or_else(git_commit).unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=SGCTL_GIT_COMMIT={commit}");
}

/// The short commit of HEAD.
fn git_commit() -> Option<String> {
    let git_dir = git(&["rev-parse", "--git-dir"])?;
    // Rebuilt when HEAD moves (a checkout, a commit): HEAD and the ref it names. Only paths
    // that exist are named, or cargo would rerun this script on every build.
    let git_dir = Path::new(&git_dir);
    for path in [git_dir.join("HEAD"), git_dir.join("packed-refs")] {
        if path.exists() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
    if let Some(reference) = git(&["symbolic-ref", "-q", "HEAD"]) {
        let path = git_dir.join(reference);
        if path.exists() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
    git(&["rev-parse", "--short=12", "HEAD"])
}

fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(output.stdout).ok()?.trim().to_string();
    (output.status.success() && !text.is_empty()).then_some(text)
}
