//! `REV:PATH` arguments of `sgctl diff`: PATH (a file or a folder, relative to the current
//! folder) as it is at git revision REV of the repository around the current folder, read
//! through the `git` command as `git show REV:PATH` would read it. Only `rev-parse`,
//! `ls-tree` and `cat-file` run: nothing is written to the work tree or the repository.

use crate::manifest::{Text, MAX_INPUT_BYTES};
use anyhow::{bail, Context, Result};
use std::path::Path;
use std::process::Command;

/// Where one side of a diff comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A file, a folder, or `-` (standard input).
    Path(String),
    /// PATH at git revision REV.
    Revision { revision: String, path: String },
}

impl Origin {
    /// `REV:PATH` when the argument has a colon after something and is not a path that exists
    /// (a file name may hold a colon); anything else is a path.
    pub fn of(argument: &str) -> Origin {
        if argument == "-" || Path::new(argument).exists() {
            return Origin::Path(argument.to_string());
        }
        match argument.split_once(':') {
            Some((revision, path)) if !revision.is_empty() => {
                Origin::Revision { revision: revision.to_string(), path: path.to_string() }
            }
            _ => Origin::Path(argument.to_string()),
        }
    }
}

/// Runs git with `args` in the current folder; its standard output, or its error.
fn git(args: &[&str]) -> Result<Vec<u8>> {
    let output = Command::new("git")
        .args(args)
        .output()
        .context("cannot run git (REV:PATH reads files from git; is git installed and on PATH?)")?;
    if !output.status.success() {
        bail!("{}", String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(output.stdout)
}

/// Whether a file at a revision is a manifest, as a folder's files are chosen on disk.
fn is_manifest(name: &str) -> bool {
    [".yaml", ".yml", ".json"].iter().any(|extension| name.ends_with(extension))
}

/// The manifest files under `path` at `revision`, labelled `REV:FILE`.
pub fn read(revision: &str, path: &str) -> Result<Vec<Text>> {
    let path = if path.is_empty() { "." } else { path };
    let commit =
        git(&["rev-parse", "--verify", "--end-of-options", &format!("{revision}^{{commit}}")]).with_context(|| {
            format!("git revision {revision} does not exist (in the repository around the current folder)")
        })?;
    let commit = String::from_utf8_lossy(&commit).trim().to_string();
    let listing = git(&["ls-tree", "-r", "-z", "--name-only", &commit, "--", path])
        .with_context(|| format!("cannot list {path} at git revision {revision}"))?;
    let names: Vec<String> = listing
        .split(|byte| *byte == 0)
        .filter(|name| !name.is_empty())
        .map(|name| String::from_utf8_lossy(name).into_owned())
        .collect();
    if names.is_empty() {
        bail!("{path} does not exist at git revision {revision}");
    }
    // A file named alone is read whatever its name, as on disk; a folder's manifests only.
    let named_alone = names.len() == 1 && Path::new(&names[0]) == Path::new(path.trim_start_matches("./"));
    let mut texts = Vec::new();
    for name in names.into_iter().filter(|name| named_alone || is_manifest(name)) {
        let label = format!("{revision}:{name}");
        // `REV:./FILE` and `REV:../FILE` are relative to the current folder, as ls-tree's names are.
        let object = if name.starts_with("../") { format!("{commit}:{name}") } else { format!("{commit}:./{name}") };
        let bytes = git(&["cat-file", "blob", &object]).with_context(|| format!("cannot read {label}"))?;
        if bytes.len() as u64 > MAX_INPUT_BYTES {
            bail!(
                "{label} is {} MiB; sgctl reads manifest files of up to {} MiB",
                bytes.len() >> 20,
                MAX_INPUT_BYTES >> 20
            );
        }
        let text = String::from_utf8(bytes).map_err(|error| {
            anyhow::anyhow!(
                "{label}: not valid UTF-8 (byte offset {}): manifests must be UTF-8 YAML or JSON",
                error.utf8_error().valid_up_to()
            )
        })?;
        texts.push(Text { label, text });
    }
    Ok(texts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_colon_makes_a_revision_unless_the_path_exists() {
        let revision = |revision: &str, path: &str| Origin::Revision { revision: revision.into(), path: path.into() };
        assert_eq!(Origin::of("origin/main:k8s"), revision("origin/main", "k8s"));
        assert_eq!(Origin::of("HEAD~1:"), revision("HEAD~1", ""));
        assert_eq!(Origin::of("HEAD:deploy/web.yaml"), revision("HEAD", "deploy/web.yaml"));
        assert_eq!(Origin::of("k8s"), Origin::Path("k8s".into()));
        assert_eq!(Origin::of("-"), Origin::Path("-".into()));
        assert_eq!(Origin::of(":k8s"), Origin::Path(":k8s".into()));
        let dir = std::env::temp_dir().join(format!("sgctl-origin-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("a:b")).unwrap();
        let existing = dir.join("a:b").display().to_string();
        assert_eq!(Origin::of(&existing), Origin::Path(existing.clone()));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
