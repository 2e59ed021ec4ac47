//! The ways sgctl is installed agree with each other: the release workflow builds the targets
//! `scripts/release/names.sh` lists; `package.sh` makes the archives the Action's
//! `install.sh` and `cargo binstall` fetch (one naming, sourced by both); the Action installs
//! a packed archive end to end (from a `file://` release folder) and refuses one whose
//! checksum is wrong; the release notes come from the changelog; `sgctl --version` names the
//! commit; the pre-commit hook's entry fails on the findings named.

use super::support::{repo_root, sgctl};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `script` in bash with `names.sh` sourced; its stdout.
fn names(script: &str) -> String {
    let names = repo_root().join("scripts/release/names.sh");
    let output = Command::new("bash").args(["-c", &format!(". '{}'; {script}", names.display())]).output().unwrap();
    assert!(output.status.success(), "{script}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

fn yaml(path: &str) -> serde_yaml_ng::Value {
    serde_yaml_ng::from_str(&std::fs::read_to_string(repo_root().join(path)).unwrap()).unwrap()
}

fn released_targets() -> Vec<String> {
    let mut targets: Vec<String> = names("echo $SGCTL_TARGETS").split_whitespace().map(String::from).collect();
    targets.sort();
    targets
}

#[test]
fn the_release_builds_every_target_the_action_and_binstall_fetch() {
    let workflow = yaml(".github/workflows/release.yml");
    let mut built: Vec<String> = workflow["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|entry| entry["target"].as_str().unwrap().to_string())
        .collect();
    built.sort();
    assert_eq!(built, released_targets(), "the workflow's matrix is names.sh's list");
    // Every runner GitHub offers gets one of them.
    for (os, arch) in [("Linux", "X64"), ("Linux", "ARM64"), ("macOS", "X64"), ("macOS", "ARM64"), ("Windows", "X64")] {
        let target = names(&format!("target_for {os} {arch}"));
        assert!(built.contains(&target), "{os} {arch}: {target}");
    }
    // cargo binstall: Cargo.toml's templates give the archives' URLs and binary paths.
    let manifest: toml_like::Manifest = toml_like::read(&repo_root().join("Cargo.toml"));
    for target in released_targets() {
        let archive = names(&format!("archive_name 1.2.3 {target}"));
        let stem = names(&format!("archive_stem 1.2.3 {target}"));
        let binary = names(&format!("binary_name {target}"));
        let (url, bin_dir) = manifest.binstall(&target, "1.2.3");
        assert_eq!(url, format!("{}/releases/download/v1.2.3/{archive}", manifest.repository), "{target}");
        assert_eq!(bin_dir, format!("{stem}/{binary}"), "{target}");
    }
    // Used at a branch, the Action installs the version in Cargo.toml there, read as action.yml reads it.
    let action = std::fs::read_to_string(repo_root().join("action.yml")).unwrap();
    assert!(action.contains(r#"sed -n 's/^version = "\(.*\)"$/\1/p' "$ACTION_PATH/Cargo.toml" | head -n 1"#));
    assert!(action.contains("/releases/download\"") && action.contains("scripts/release/install.sh"));
    assert_eq!(manifest.version, env!("CARGO_PKG_VERSION"));
}

/// A release folder as GitHub serves it: `<dir>/v<version>/<archive>` and its `.sha256`.
fn packed(name: &str, version: &str, target: &str) -> PathBuf {
    let releases = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&releases);
    let out = releases.join(format!("v{version}"));
    let binary = env!("CARGO_BIN_EXE_sgctl");
    let package = repo_root().join("scripts/release/package.sh");
    let output = Command::new(package).args([version, target, binary, out.to_str().unwrap()]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    releases
}

fn install(releases: &Path, version: &str) -> (std::process::Output, PathBuf) {
    let runner = releases.join("runner");
    std::fs::create_dir_all(&runner).unwrap();
    let output = Command::new(repo_root().join("scripts/release/install.sh"))
        .env("SGCTL_VERSION", version)
        .env("SGCTL_RELEASES", format!("file://{}", releases.display()))
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", "X64")
        .env("RUNNER_TEMP", &runner)
        .env("GITHUB_PATH", runner.join("path"))
        .env("GITHUB_OUTPUT", runner.join("output"))
        .output()
        .unwrap();
    (output, runner)
}

#[test]
fn the_action_installs_what_the_release_packs() {
    let target = "x86_64-unknown-linux-gnu";
    let releases = packed("release-round-trip", "1.2.3", target);
    let archive = names(&format!("archive_name 1.2.3 {target}"));
    assert!(releases.join("v1.2.3").join(&archive).is_file());
    let listing = Command::new("tar").arg("-tzf").arg(releases.join("v1.2.3").join(&archive)).output().unwrap();
    let listing = String::from_utf8(listing.stdout).unwrap();
    for file in ["sgctl", "README.md", "LICENSE", "CHANGELOG.md", "completions/sgctl.bash", "completions/_sgctl"] {
        assert!(listing.contains(&format!("sgctl-v1.2.3-{target}/{file}\n")), "{file} in\n{listing}");
    }
    let (output, runner) = install(&releases, "v1.2.3");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stdout).contains(&format!("sgctl {}", env!("CARGO_PKG_VERSION"))));
    let path = std::fs::read_to_string(runner.join("path")).unwrap();
    assert!(Path::new(path.trim()).join("sgctl").is_file(), "{path}");
    let outputs = std::fs::read_to_string(runner.join("output")).unwrap();
    assert!(outputs.starts_with("version=1.2.3\npath="), "{outputs}");
    // A checksum that does not match: nothing is installed.
    let sums = releases.join("v1.2.3").join(format!("{archive}.sha256"));
    std::fs::write(&sums, format!("{}  {archive}\n", "0".repeat(64))).unwrap();
    let _ = std::fs::remove_dir_all(runner.join("sgctl-1.2.3"));
    let (output, runner) = install(&releases, "1.2.3");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("but the release says 0000"), "{output:?}");
    assert!(!runner.join("sgctl-1.2.3").join(format!("sgctl-v1.2.3-{target}")).exists());
    // A version that was not released.
    let (output, _) = install(&releases, "9.9.9");
    assert!(!output.status.success());
}

#[test]
fn release_notes_are_the_versions_section_of_the_changelog() {
    let notes = repo_root().join("scripts/release/notes.sh");
    let changelog = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("CHANGELOG.md");
    std::fs::write(
        &changelog,
        "# Changelog\n\n## [Unreleased]\n\n- next\n\n## [1.2.3] - 2026-12-06\n\n### Added\n\n- this\n\n## [1.2.2] - 2026-12-01\n\n- before\n",
    )
    .unwrap();
    let run = |version: &str| Command::new(&notes).args([version, changelog.to_str().unwrap()]).output().unwrap();
    let found = run("v1.2.3");
    assert_eq!(String::from_utf8(found.stdout).unwrap(), "### Added\n\n- this\n");
    let missing = run("1.2.4");
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("has no section \"## [1.2.4]\""));
    // The project's own changelog is in that form, its next release under [Unreleased].
    let ours = std::fs::read_to_string(repo_root().join("CHANGELOG.md")).unwrap();
    assert!(ours.contains("\n## [Unreleased]\n"), "keep a changelog");
}

#[test]
fn the_version_names_the_commit() {
    let outcome = sgctl(["--version"]).run();
    let version = outcome.stdout.trim();
    let prefix = format!("sgctl {} (commit ", env!("CARGO_PKG_VERSION"));
    assert!(version.starts_with(&prefix) && version.ends_with(')'), "{version}");
    let commit = &version[prefix.len()..version.len() - 1];
    assert!(commit == "unknown" || (commit.len() == 12 && commit.chars().all(|c| c.is_ascii_hexdigit())), "{commit}");
}

#[test]
fn the_pre_commit_hook_fails_on_the_findings_named() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hooks = hooks.as_sequence().unwrap();
    for hook in hooks {
        assert_eq!(hook["entry"].as_str(), Some("sgctl diff"));
        assert_eq!(hook["pass_filenames"].as_bool(), Some(false));
    }
    // The entry with the arguments docs/ci.md gives, in a repository whose change opens SSH
    // to the world.
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pre-commit-hook");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("k8s")).unwrap();
    let service = |ports: &str| {
        format!("apiVersion: v1\nkind: Service\nmetadata: {{name: bastion, namespace: ops, uid: 7b0c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d}}\nspec:\n  type: LoadBalancer\n  loadBalancerClass: service.k8s.aws/nlb\n  ports: [{ports}]\n")
    };
    std::fs::write(dir.join("k8s/bastion.yaml"), service("{name: https, port: 443, nodePort: 30443}")).unwrap();
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
            .args(args)
            .current_dir(&dir)
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "base"]);
    std::fs::write(
        dir.join("k8s/bastion.yaml"),
        service("{name: https, port: 443, nodePort: 30443}, {name: ssh, port: 22, nodePort: 30022}"),
    )
    .unwrap();
    let hook = ["diff", "HEAD:k8s", "k8s", "--cluster-name", "c", "--fail-on", "world-open-risky-port"];
    let outcome = sgctl(hook).in_dir(&dir).run();
    assert_eq!(outcome.code, 1, "{}", outcome.stderr);
    assert!(outcome.stderr.contains("error: the diff has"), "{}", outcome.stderr);
    assert!(outcome.stdout.contains("tcp 22 from 0.0.0.0/0"), "{}", outcome.stdout);
}

/// Just enough of Cargo.toml for the checks above: the package's version and repository, and
/// the binstall templates expanded for a target.
mod toml_like {
    use std::path::Path;

    #[derive(Debug)]
    pub struct Manifest {
        pub version: String,
        pub repository: String,
        text: String,
    }

    pub fn read(path: &Path) -> Manifest {
        let text = std::fs::read_to_string(path).unwrap();
        let value = |key: &str| {
            text.lines()
                .find_map(|line| line.strip_prefix(&format!("{key} = \"")).and_then(|rest| rest.strip_suffix('"')))
                .unwrap_or_else(|| panic!("Cargo.toml has no {key}"))
                .to_string()
        };
        Manifest { version: value("version"), repository: value("repository"), text }
    }

    impl Manifest {
        /// The value of `key` in the table `[table]`.
        fn get(&self, table: &str, key: &str) -> Option<String> {
            let start = self.text.find(&format!("\n[{table}]\n"))?;
            let body = &self.text[start + table.len() + 4..];
            let body = &body[..body.find("\n[").unwrap_or(body.len())];
            body.lines()
                .find_map(|line| line.strip_prefix(&format!("{key} = \"")).and_then(|rest| rest.strip_suffix('"')))
                .map(String::from)
        }

        /// binstall's `pkg-url` and `bin-dir` for `target`, the target's override first.
        pub fn binstall(&self, target: &str, version: &str) -> (String, String) {
            let overrides = format!("package.metadata.binstall.overrides.{target}");
            let key =
                |key: &str| self.get(&overrides, key).or_else(|| self.get("package.metadata.binstall", key)).unwrap();
            let binary_ext = if target.contains("windows") { ".exe" } else { "" };
            let expand = |template: String| {
                template
                    .replace("{ repo }", &self.repository)
                    .replace("{ version }", version)
                    .replace("{ target }", target)
                    .replace("{ bin }", "sgctl")
                    .replace("{ binary-ext }", binary_ext)
            };
            (expand(key("pkg-url")), expand(key("bin-dir")))
        }
    }
}
