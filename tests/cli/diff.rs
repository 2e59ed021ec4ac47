//! `sgctl diff` as a pull-request job runs it: `REV:PATH` read from a git repository the test
//! makes (nothing written to its work tree), the errors for a revision or path that does not
//! exist, and a diff's document refused by `show` and `apply`. The diff's plans themselves
//! are golden fixtures (`tests/fixtures/diff-*`).

use super::support::{repo_root, sgctl};
use std::path::{Path, PathBuf};
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(["-c", "user.name=sgctl", "-c", "user.email=sgctl@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// A repository whose one commit holds the deleted-Ingress fixture's old manifests under
/// `deploy/k8s/`, with the new ones in the work tree (uncommitted, as in a pull request's
/// checkout before the commit is made).
fn repository(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    let k8s = dir.join("deploy/k8s");
    std::fs::create_dir_all(&k8s).unwrap();
    let fixture = repo_root().join("tests/fixtures/diff-a-deleted-ingress-is-destroyed");
    std::fs::copy(fixture.join("old/apps.yaml"), k8s.join("apps.yaml")).unwrap();
    std::fs::write(k8s.join("README.md"), "not a manifest\n").unwrap();
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-q", "-m", "base"]);
    std::fs::copy(fixture.join("new/apps.yaml"), k8s.join("apps.yaml")).unwrap();
    dir
}

#[test]
fn a_revision_and_path_read_from_git_are_the_old_side() {
    let dir = repository("diff-git");
    let status = git(&dir, &["status", "--porcelain"]);
    // From a subfolder, PATH is relative to it, as `git show REV:./PATH` reads it.
    let deploy = dir.join("deploy");
    let outcome = sgctl(["diff", "HEAD:k8s", "k8s", "--cluster-name", "cluster-dummy"]).in_dir(&deploy).run();
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let expected =
        std::fs::read_to_string(repo_root().join("tests/fixtures/diff-a-deleted-ingress-is-destroyed/plan.txt"))
            .unwrap();
    // The same plan as the fixture's folders give, but for the sides' names.
    let renamed = expected
        .replace("new/apps.yaml", "k8s/apps.yaml")
        .replace("the changes new makes relative to old", "the changes k8s makes relative to HEAD:k8s");
    assert_eq!(outcome.stdout, renamed);
    // The old side's provenance names the revision: the document's warnings come from NEW,
    // but an error in OLD names its file at the revision.
    let broken = std::fs::read_to_string(deploy.join("k8s/apps.yaml")).unwrap().replace("name: web", "name: [web]");
    std::fs::write(deploy.join("k8s/apps.yaml"), &broken).unwrap();
    let outcome = sgctl(["diff", "k8s", "HEAD:k8s", "--cluster-name", "c"]).in_dir(&deploy).run();
    assert_eq!(outcome.code, 1);
    assert!(
        outcome.stderr.starts_with("error: the old manifests (k8s) cannot be read: k8s/apps.yaml:"),
        "{}",
        outcome.stderr
    );
    git(&dir, &["checkout", "-q", "--", "."]);
    std::fs::write(deploy.join("k8s/apps.yaml"), broken).unwrap();
    git(&dir, &["commit", "-q", "-am", "broken"]);
    let outcome = sgctl(["diff", "HEAD:k8s", "HEAD~1:k8s", "--cluster-name", "c"]).in_dir(&deploy).run();
    assert!(outcome.stderr.contains("HEAD:k8s/apps.yaml:"), "{}", outcome.stderr);
    git(&dir, &["reset", "-q", "--hard", "HEAD~1"]);
    std::fs::copy(
        repo_root().join("tests/fixtures/diff-a-deleted-ingress-is-destroyed/new/apps.yaml"),
        deploy.join("k8s/apps.yaml"),
    )
    .unwrap();
    assert_eq!(git(&dir, &["status", "--porcelain"]), status, "the work tree is as it was");
    // A single file at a revision, from the repository's root.
    let outcome =
        sgctl(["diff", "HEAD:deploy/k8s/apps.yaml", "deploy/k8s/apps.yaml", "--cluster-name", "c", "-o", "json"])
            .in_dir(&dir)
            .run();
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(outcome.stdout.contains("\"old\": \"HEAD:deploy/k8s/apps.yaml\""), "{}", outcome.stdout);
}

#[test]
fn a_revision_or_path_that_does_not_exist_is_named() {
    let dir = repository("diff-git-errors");
    let run = |old: &str| sgctl(["diff", old, "deploy/k8s", "--cluster-name", "c"]).in_dir(&dir).run();
    let outcome = run("no-such-branch:deploy/k8s");
    assert_eq!((outcome.code, outcome.stdout.as_str()), (1, ""));
    assert!(outcome.stderr.starts_with("error: the old manifests (no-such-branch:deploy/k8s) cannot be read: git revision no-such-branch does not exist"), "{}", outcome.stderr);
    let outcome = run("HEAD:deploy/nothing");
    assert_eq!(
        outcome.stderr,
        "error: the old manifests (HEAD:deploy/nothing) cannot be read: deploy/nothing does not exist at git revision HEAD\n"
    );
    let outcome = sgctl(["diff", "-", "-", "--cluster-name", "c"]).in_dir(&dir).run();
    assert_eq!(outcome.stderr, "error: OLD and NEW cannot both be standard input (-)\n");
}

#[test]
fn show_and_apply_refuse_a_diff() {
    let fixture = repo_root().join("tests/fixtures/diff-a-deleted-ingress-is-destroyed");
    for args in [vec!["show", "plan.json"], vec!["apply", "plan.json"]] {
        let outcome = sgctl(&args).in_dir(&fixture).run();
        assert_eq!((outcome.code, outcome.stdout.as_str()), (1, ""), "{args:?}");
        assert!(
            outcome.stderr.starts_with("error: plan.json is the output of `sgctl diff old new`: it compares two sets of manifests and describes no AWS account"),
            "{args:?}: {}",
            outcome.stderr
        );
    }
}

#[test]
fn a_cluster_export_that_cannot_be_read_is_an_error_for_every_command() {
    let fixture = repo_root().join("tests/fixtures/cluster-export-beneath-a-teams-manifests");
    let common = ["--cluster-name", "cluster-dummy", "--state", "live.json", "--cluster-export", "missing.yaml"];
    for command in [&["plan", "manifests"][..], &["explain", "nodes", "manifests"], &["diff", "manifests", "manifests"]]
    {
        let outcome = sgctl([command, &common[..]].concat()).in_dir(&fixture).run();
        assert_eq!((outcome.code, outcome.stdout.as_str()), (1, ""), "{command:?}");
        assert_eq!(
            outcome.stderr,
            "error: cannot read the cluster export: cannot read missing.yaml: No such file or directory (os error 2)\n",
            "{command:?}"
        );
    }
}
