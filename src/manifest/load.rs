//! The file edge of the pipeline: expands paths (files, folders searched recursively for
//! `*.yaml`, `*.yml`, `*.json` in byte order of their paths, `-` for standard input), reads
//! each file once, and splits it into YAML documents, each with the line it starts on.
//! JSON is read by the same parser (JSON is YAML), so `kubectl get -o json` works too.

use super::decode::Decoder;
use super::source::{InputError, Source};
use super::Manifests;
use serde::Deserialize as _;
use std::io::Read;

/// The largest manifest file (or standard input) sgctl reads: larger input is refused before
/// it is parsed, so memory stays bounded. Split bigger inputs into several files.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

fn too_large(label: &str, bytes: u64) -> InputError {
    InputError::new(format!(
        "{label} is {} MiB; sgctl reads manifest files of up to {} MiB",
        bytes / (1024 * 1024),
        MAX_INPUT_BYTES / (1024 * 1024)
    ))
    .hint("split the manifests into several files")
}
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Loads every manifest under `paths`. `stdin` is read when a path is `-`.
pub fn load(paths: &[String], stdin: &mut dyn Read) -> Result<Manifests, InputError> {
    let mut manifests = Manifests::default();
    let mut files = Vec::new();
    for path in paths {
        if path == "-" {
            files.push(None);
        } else {
            expand(Path::new(path), &mut files)?;
        }
    }
    let mut stdin_read = false;
    // A file named twice (or inside a folder also named) is read once.
    let mut seen = std::collections::HashSet::new();
    for file in files {
        if let Some(path) = &file {
            if !seen.insert(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone())) {
                continue;
            }
        }
        let (label, text) = match file {
            None => {
                if stdin_read {
                    continue;
                }
                stdin_read = true;
                let mut text = String::new();
                stdin.take(MAX_INPUT_BYTES + 1).read_to_string(&mut text).map_err(|error| {
                    InputError::new(format!("cannot read standard input: {error}"))
                        .hint("standard input must be UTF-8 YAML or JSON")
                })?;
                if text.len() as u64 > MAX_INPUT_BYTES {
                    return Err(too_large("standard input", text.len() as u64));
                }
                ("-".to_string(), text)
            }
            Some(path) => {
                let label = path.display().to_string();
                let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
                if size > MAX_INPUT_BYTES {
                    return Err(too_large(&label, size));
                }
                let bytes =
                    std::fs::read(&path).map_err(|error| InputError::new(format!("cannot read {label}: {error}")))?;
                let text = String::from_utf8(bytes).map_err(|error| {
                    InputError::new(format!(
                        "{label}: not valid UTF-8 (byte offset {}): manifests must be UTF-8 YAML or JSON",
                        error.utf8_error().valid_up_to()
                    ))
                })?;
                (label, text)
            }
        };
        load_text(&label, &text, &mut manifests)?;
    }
    super::duplicates::refuse_duplicates(&manifests)?;
    Ok(manifests)
}

/// Appends `path` (a file) or the manifest files below it (a folder), in a stable order.
fn expand(path: &Path, files: &mut Vec<Option<PathBuf>>) -> Result<(), InputError> {
    let metadata =
        std::fs::metadata(path).map_err(|error| InputError::new(format!("cannot read {}: {error}", path.display())))?;
    if !metadata.is_dir() {
        files.push(Some(path.to_path_buf()));
        return Ok(());
    }
    let mut found = Vec::new();
    walk(path, &mut found)?;
    found.sort();
    files.extend(found.into_iter().map(Some));
    Ok(())
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), InputError> {
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

/// Parses one file's text into `manifests`.
pub fn load_text(label: &str, text: &str, manifests: &mut Manifests) -> Result<(), InputError> {
    let file: Arc<str> = Arc::from(label);
    let starts = document_start_lines(text);
    let decoder = Decoder { text, item_lines: &ItemLines { text } };
    for (index, document) in serde_yaml_ng::Deserializer::from_str(text).enumerate() {
        let line = starts.get(index).copied().unwrap_or(0);
        let source = Source { file: file.clone(), document: index + 1, line, item: None };
        // The iterator keeps yielding after a syntax error; the first error ends the file.
        let value = super::strict::StrictValue::deserialize(document).map_err(|error| yaml_error(&source, &error))?.0;
        decoder.document(&source, value, manifests)?;
    }
    Ok(())
}

/// A YAML syntax error, at the line the parser reports.
pub fn yaml_error(source: &Source, error: &serde_yaml_ng::Error) -> InputError {
    let line = error.location().map(|location| location.line()).unwrap_or(source.line);
    let message = strip_location(&error.to_string());
    InputError::new(format!("invalid YAML: {message}"))
        .at(&source.with_line(line))
        .hint("fix the YAML syntax; `kubectl apply --dry-run=client -f FILE` shows the same error")
}

/// serde_yaml_ng appends ` at line L column C`; sgctl puts the line in front instead.
pub fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_string(),
        None => message.to_string(),
    }
}

/// The first line of each YAML document, in the order the parser yields them: a stream
/// without markers is one document; each `---` line starts one; content before the first
/// `---` is a document only if it is more than blank lines and comments.
fn document_start_lines(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut pending: Option<usize> = None; // a document opened by `---`, line of the marker
    let mut first_content_seen = false;
    let mut marker_seen = false;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let is_marker = line == "---" || line.starts_with("--- ") || line.starts_with("---\t");
        if is_marker {
            if let Some(marker_line) = pending.take() {
                starts.push(marker_line); // an empty document
            }
            marker_seen = true;
            let inline = line[3..].trim();
            if !inline.is_empty() && !inline.starts_with('#') {
                starts.push(number);
            } else {
                pending = Some(number);
            }
            continue;
        }
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed == "..." {
            continue;
        }
        if let Some(_marker_line) = pending.take() {
            starts.push(number);
        } else if !marker_seen && !first_content_seen {
            starts.push(number);
        }
        first_content_seen = true;
    }
    if let Some(marker_line) = pending {
        starts.push(marker_line);
    }
    if starts.is_empty() {
        starts.push(1);
    }
    starts
}

/// Finds the lines of the entries of a top-level `items:` list, for `kind: List`
/// documents as `kubectl get -o yaml` prints them.
#[derive(Debug)]
pub struct ItemLines<'a> {
    text: &'a str,
}

impl ItemLines<'_> {
    /// The line of every entry of the `items:` list of the document starting at
    /// `document_line`, in one pass (0 where the layout is not kubectl's).
    pub fn lines(&self, document_line: usize) -> Vec<usize> {
        let mut lines = Vec::new();
        let mut in_items = false;
        let mut indent: Option<usize> = None;
        for (index, line) in self.text.lines().enumerate().skip(document_line.saturating_sub(1)) {
            if line.starts_with("---") && index + 1 > document_line {
                break;
            }
            if !in_items {
                in_items = line.trim_end() == "items:";
                continue;
            }
            let stripped = line.trim_start();
            let this_indent = line.len() - stripped.len();
            if stripped.starts_with("- ") || stripped == "-" {
                if indent.is_none() {
                    indent = Some(this_indent);
                }
                if Some(this_indent) == indent {
                    lines.push(index + 1);
                }
            } else if this_indent == 0 && !stripped.is_empty() && !stripped.starts_with('#') {
                break;
            }
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_lines_match_the_parsers_documents() {
        assert_eq!(document_start_lines("a: 1\n"), vec![1]);
        assert_eq!(document_start_lines("---\na: 1\n"), vec![2]);
        assert_eq!(document_start_lines("# c\n\n---\n# c\na: 1\n---\nb: 2\n"), vec![5, 7]);
        assert_eq!(document_start_lines("a: 1\n---\n---\nb: 2\n"), vec![1, 2, 4]);
        assert_eq!(document_start_lines("a: 1\n---\n"), vec![1, 2]);
        assert_eq!(document_start_lines(""), vec![1]);
    }

    #[test]
    fn list_item_lines() {
        let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  spec:\n    ports:\n    - port: 1\n- apiVersion: v1\n  kind: Pod\nmetadata: {}\n";
        assert_eq!(ItemLines { text }.lines(1), vec![4, 9]);
    }
}
