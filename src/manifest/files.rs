//! Finding and reading the manifest files: paths expanded (a file; a folder searched
//! recursively for `*.yaml`, `*.yml`, `*.json` in byte order of their paths; `-` for standard
//! input), each file read once, at most `MAX_INPUT_BYTES`, as UTF-8. A kustomize folder or a
//! Helm chart is not what gets applied (kustomize applies its namespace, patches and
//! generators; Helm templates are not YAML until rendered): it is refused with the command
//! that renders it, rather than planned from its raw files.

use super::source::InputError;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest manifest file (or standard input) sgctl reads: larger input is refused before
/// it is parsed, so memory stays bounded. Split bigger inputs into several files.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// One input: its label (the path as given, or `-`) and its text.
#[derive(Debug)]
pub struct Text {
    pub label: String,
    pub text: String,
}

/// Every input under `paths`, in order, each read once (a file named twice, or inside a
/// folder also named, and standard input named twice). A file that cannot be read ends the
/// reading: the texts before it are returned with the error, so that an error in one of
/// them can still be reported first, as it would be reading them one by one.
pub fn read_all(paths: &[String], stdin: &mut dyn Read) -> (Vec<Text>, Option<InputError>) {
    let mut texts = Vec::new();
    let mut files = Vec::new();
    for path in paths {
        if path == "-" {
            files.push(None);
        } else if let Err(error) = expand(Path::new(path), &mut files) {
            return (texts, Some(error));
        }
    }
    let mut seen = std::collections::HashSet::new();
    let mut stdin_read = false;
    for file in files {
        match &file {
            Some(path) if !seen.insert(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone())) => continue,
            None if stdin_read => continue,
            None => stdin_read = true,
            Some(_) => {}
        }
        match read_one(file.as_deref(), stdin) {
            Ok(text) => texts.push(text),
            Err(error) => return (texts, Some(error)),
        }
    }
    (texts, None)
}

fn too_large(label: &str, bytes: u64) -> InputError {
    InputError::new(format!(
        "{label} is {} MiB; sgctl reads manifest files of up to {} MiB",
        bytes / (1024 * 1024),
        MAX_INPUT_BYTES / (1024 * 1024)
    ))
    .hint("split the manifests into several files")
}

/// One file (or standard input, for `None`).
fn read_one(file: Option<&Path>, stdin: &mut dyn Read) -> Result<Text, InputError> {
    let Some(path) = file else {
        let mut text = String::new();
        stdin.take(MAX_INPUT_BYTES + 1).read_to_string(&mut text).map_err(|error| {
            InputError::new(format!("cannot read standard input: {error}"))
                .hint("standard input must be UTF-8 YAML or JSON")
        })?;
        if text.len() as u64 > MAX_INPUT_BYTES {
            return Err(too_large("standard input", text.len() as u64));
        }
        return Ok(Text { label: "-".to_string(), text });
    };
    let label = path.display().to_string();
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_INPUT_BYTES {
        return Err(too_large(&label, size));
    }
    let bytes = std::fs::read(path).map_err(|error| InputError::new(format!("cannot read {label}: {error}")))?;
    let text = String::from_utf8(bytes).map_err(|error| {
        InputError::new(format!(
            "{label}: not valid UTF-8 (byte offset {}): manifests must be UTF-8 YAML or JSON",
            error.utf8_error().valid_up_to()
        ))
    })?;
    Ok(Text { label, text })
}

/// Appends `path` (a file) or the manifest files below it (a folder), in a stable order.
fn expand(path: &Path, files: &mut Vec<Option<PathBuf>>) -> Result<(), InputError> {
    let metadata =
        std::fs::metadata(path).map_err(|error| InputError::new(format!("cannot read {}: {error}", path.display())))?;
    if !metadata.is_dir() {
        if let Some(error) = path.parent().and_then(|dir| unrendered(dir, path.file_name())) {
            return Err(error);
        }
        files.push(Some(path.to_path_buf()));
        return Ok(());
    }
    let mut found = Vec::new();
    walk(path, &mut found)?;
    found.sort();
    files.extend(found.into_iter().map(Some));
    Ok(())
}

/// Files that make a folder a kustomization (`kubectl kustomize` looks for these names).
const KUSTOMIZATIONS: [&str; 3] = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// The error for a kustomize folder or a Helm chart, with the command that renders it. For a
/// file named alone (`file`), only its own kind counts: a kustomization file, or a file of a
/// chart's `templates/` folder.
fn unrendered(dir: &Path, file: Option<&std::ffi::OsStr>) -> Option<InputError> {
    let shown = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let kustomization = match file {
        Some(name) => KUSTOMIZATIONS.iter().any(|k| name == *k),
        None => KUSTOMIZATIONS.iter().any(|k| dir.join(k).is_file()),
    };
    if kustomization {
        return Some(
            InputError::new(format!(
                "{} is a kustomization: what gets applied is what kustomize renders from it (its namespace, patches, generators), not its raw files",
                shown.display()
            ))
            .hint(format!("render it first: kubectl kustomize {} | sgctl plan - ...", shown.display())),
        );
    }
    let chart = match file {
        Some(_) => {
            dir.file_name().is_some_and(|name| name == "templates")
                && dir.parent().is_some_and(|p| p.join("Chart.yaml").is_file())
        }
        None => dir.join("Chart.yaml").is_file(),
    };
    if chart {
        let root = if file.is_some() { dir.parent().unwrap_or(dir) } else { shown };
        return Some(
            InputError::new(format!(
                "{} is a Helm chart: its templates are not Kubernetes manifests until Helm renders them",
                root.display()
            ))
            .hint(format!(
                "render it first: helm template RELEASE {} -n NAMESPACE -f VALUES | sgctl plan - ...",
                root.display()
            )),
        );
    }
    None
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), InputError> {
    if let Some(error) = unrendered(dir, None) {
        return Err(error);
    }
    let entries =
        std::fs::read_dir(dir).map_err(|error| InputError::new(format!("cannot read {}: {error}", dir.display())))?;
    for entry in entries {
        let entry = entry.map_err(|error| InputError::new(format!("cannot read {}: {error}", dir.display())))?;
        let path = entry.path();
        let metadata = std::fs::metadata(&path)
            .map_err(|error| InputError::new(format!("cannot read {}: {error}", path.display())))?;
        if metadata.is_dir() {
            walk(&path, found)?;
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json")) {
            found.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str, files: &[&str]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("sgctl-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for file in files {
            let path = dir.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n").unwrap();
        }
        dir
    }

    fn refused(path: &Path) -> InputError {
        let error = read_all(&[path.display().to_string()], &mut std::io::empty()).1;
        error.expect("refused")
    }

    #[test]
    fn kustomizations_and_charts_are_refused_with_the_command_that_renders_them() {
        let kustomize = folder("kustomize", &["base/kustomization.yaml", "base/service.yaml", "plain.yaml"]);
        let error = refused(&kustomize);
        assert!(error.message.contains("base is a kustomization"), "{}", error.message);
        assert!(error.hint.as_deref().unwrap().starts_with("render it first: kubectl kustomize "));
        assert!(refused(&kustomize.join("base/kustomization.yaml")).message.contains("is a kustomization"));
        // A plain file beside a kustomization, named alone, is read.
        assert!(read_all(&[kustomize.join("base/service.yaml").display().to_string()], &mut std::io::empty())
            .1
            .is_none());

        let chart = folder("chart", &["web/Chart.yaml", "web/templates/ingress.yaml", "web/values.yaml"]);
        let error = refused(&chart);
        assert!(error.message.contains("web is a Helm chart"), "{}", error.message);
        assert!(error.hint.as_deref().unwrap().starts_with("render it first: helm template RELEASE "));
        assert!(refused(&chart.join("web/templates/ingress.yaml")).message.contains("is a Helm chart"));
        let _ = std::fs::remove_dir_all(kustomize);
        let _ = std::fs::remove_dir_all(chart);
    }
}
