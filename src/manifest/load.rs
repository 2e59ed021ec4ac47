//! The file edge of the pipeline: expands paths (files, folders searched recursively for
//! `*.yaml`, `*.yml`, `*.json` in byte order of their paths, `-` for standard input), reads
//! each file once, and splits it into YAML documents, each with the line it starts on.
//! JSON is read by the same parser (JSON is YAML), so `kubectl get -o json` works too.

use super::decode::Decoder;
use super::list_items::{self, ItemLines};
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
///
/// Files are read in order, then parsed on every core (a repository of many files parses
/// in a fraction of the time; a big file is cut in pieces at its document markers), and
/// merged in order: the objects, and the first error, are exactly those of parsing one file
/// after the other.
pub fn load(paths: &[String], stdin: &mut dyn Read) -> Result<Manifests, InputError> {
    let mut files = Vec::new();
    for path in paths {
        if path == "-" {
            files.push(None);
        } else {
            expand(Path::new(path), &mut files)?;
        }
    }
    let mut texts: Vec<(String, String)> = Vec::new();
    // A file that cannot be read ends the reading; the files before it are still parsed,
    // so that an error in one of them wins, as it would one file at a time.
    let mut read_error = None;
    let mut stdin_read = false;
    // A file named twice (or inside a folder also named) is read once.
    let mut seen = std::collections::HashSet::new();
    for file in files {
        if let Some(path) = &file {
            if !seen.insert(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone())) {
                continue;
            }
        }
        if file.is_none() {
            if stdin_read {
                continue;
            }
            stdin_read = true;
        }
        match read_one(file.as_deref(), stdin) {
            Ok(text) => texts.push(text),
            Err(error) => {
                read_error = Some(error);
                break;
            }
        }
    }
    // The first error in input order wins, as when the files were parsed one by one.
    let parsed = parse_all(&texts).into_iter().collect::<Result<Vec<_>, _>>()?;
    let manifests = Manifests::concat(parsed.into_iter().flatten().collect());
    if let Some(error) = read_error {
        return Err(error);
    }
    super::duplicates::refuse_duplicates(&manifests)?;
    Ok(manifests)
}

/// One file (or standard input, for `None`): its label and its text.
fn read_one(file: Option<&Path>, stdin: &mut dyn Read) -> Result<(String, String), InputError> {
    let Some(path) = file else {
        let mut text = String::new();
        stdin.take(MAX_INPUT_BYTES + 1).read_to_string(&mut text).map_err(|error| {
            InputError::new(format!("cannot read standard input: {error}"))
                .hint("standard input must be UTF-8 YAML or JSON")
        })?;
        if text.len() as u64 > MAX_INPUT_BYTES {
            return Err(too_large("standard input", text.len() as u64));
        }
        return Ok(("-".to_string(), text));
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
    Ok((label, text))
}

/// A file bigger than this is cut at document markers into pieces of about this size,
/// parsed on every core like files: the documents of one big file (`helm template`,
/// `kustomize build`) parse in a fraction of the time, as many files do.
const PIECE_BYTES: usize = 256 * 1024;

/// Whole documents of one file, parsed on their own.
#[derive(Debug)]
struct Piece<'t> {
    file: usize,
    text: &'t str,
    /// The first line of each of the piece's documents (for a file's last piece: of every
    /// document from its first on), as the whole file's `document_start_lines` finds them.
    starts: &'t [usize],
    lines_before: usize,
    documents_before: usize,
    last: bool,
    /// For a run of a big list's items: the list, and which of its items these are.
    items: Option<ListRun<'t>>,
}

/// The one document of a file that is a big `kind: List` (`kubectl get -o yaml` and `-o
/// json` write one; it has no document markers to cut at): what its items need from the
/// rest of it, and where they are. Its items are cut in runs parsed on every core like
/// pieces.
#[derive(Debug)]
struct BigList {
    /// The list's apiVersion and kind, which typed lists' items may leave to it.
    api_version: String,
    kind: String,
    /// Each item's source line, as reading the document whole gives it.
    lines: Vec<usize>,
    runs: Vec<list_items::ItemRun>,
    /// Written as JSON: a run of items is read as an array of its own.
    json: bool,
}

/// A run of whole items of a `BigList`.
#[derive(Debug, Clone, Copy)]
struct ListRun<'t> {
    list: &'t BigList,
    /// The index of the run's first item in the list.
    first: usize,
    /// The file line of each of the run's items.
    lines: &'t [usize],
}

/// Parses each (label, text) on its own, on as many threads as there are cores, and
/// returns the results in input order: each file's objects (in pieces, in order) or its
/// first error.
///
/// A file cut in pieces gives the objects and the first error of parsing it whole: a piece
/// that fails, or that yields another number of documents than its place in the file says,
/// has the file parsed again whole, and that result stands. So a cut can only save time,
/// never change what a file means (YAML forbids a `---` line inside any content; a directive
/// or an anchor cut from its document fails the piece and so is read whole).
fn parse_all(texts: &[(String, String)]) -> Vec<Result<Vec<Manifests>, InputError>> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    parse_in_pieces(texts, workers, if workers > 1 { PIECE_BYTES } else { usize::MAX })
}

/// `parse_all` with files cut in pieces of `piece_bytes` (the tests cut small ones).
fn parse_in_pieces(
    texts: &[(String, String)],
    workers: usize,
    piece_bytes: usize,
) -> Vec<Result<Vec<Manifests>, InputError>> {
    let labels: Vec<Arc<str>> = texts.iter().map(|(label, _)| Arc::from(label.as_str())).collect();
    let starts: Vec<Vec<usize>> = texts.iter().map(|(_, text)| document_start_lines(text)).collect();
    let big_lists: Vec<Option<BigList>> =
        texts.iter().zip(&starts).map(|((_, text), starts)| big_list(text, starts, piece_bytes)).collect();
    let pieces: Vec<Piece<'_>> = texts
        .iter()
        .zip(&starts)
        .zip(&big_lists)
        .enumerate()
        .flat_map(|(file, (((_, text), starts), big_list))| match big_list {
            Some(list) => cut_list(file, text, list),
            None => cut(file, text, starts, piece_bytes),
        })
        .collect();
    let parsed = crate::parallel::map_queued(&pieces, workers, |piece| {
        let mut manifests = Manifests::default();
        let documents_read = match &piece.items {
            Some(run) => load_items(&labels[piece.file], piece.text, run, &mut manifests).map(|()| 1)?,
            None => load_piece(
                &labels[piece.file],
                piece.text,
                piece.starts,
                piece.lines_before,
                piece.documents_before,
                &mut manifests,
            )?,
        };
        Ok((manifests, documents_read))
    });
    let mut files: Vec<Result<Vec<Manifests>, InputError>> = texts.iter().map(|_| Ok(Vec::new())).collect();
    let mut whole_again = vec![false; texts.len()];
    for (piece, result) in pieces.iter().zip(parsed) {
        let file = &mut files[piece.file];
        // A run of list items that read fails instead (`load_items`).
        let complete = |documents_read| piece.items.is_some() || piece.last || documents_read == piece.starts.len();
        match (result, file) {
            (Ok((manifests, documents_read)), Ok(parts)) if complete(documents_read) => {
                parts.push(manifests);
            }
            (result, file) => {
                if piece.items.is_none() && piece.documents_before == 0 && piece.last {
                    // The file was parsed whole: this is its result.
                    *file = result.map(|(manifests, _)| vec![manifests]);
                } else {
                    whole_again[piece.file] = true;
                }
            }
        }
    }
    for (index, (label, text)) in texts.iter().enumerate() {
        if whole_again[index] {
            let mut manifests = Manifests::default();
            files[index] = load_text(label, text, &mut manifests).map(|()| vec![manifests]);
        }
    }
    files
}

/// Cuts one file's text into pieces of at least `size` bytes, each starting at a document
/// marker (a last piece smaller than half of `size` stays with the one before).
fn cut<'t>(file: usize, text: &'t str, starts: &'t [usize], size: usize) -> Vec<Piece<'t>> {
    let mut pieces = Vec::new();
    let (mut piece_byte, mut piece_lines_before, mut piece_documents_before) = (0, 0, 0);
    let mut byte = 0;
    let mut after_directive = false;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let line_byte = byte;
        byte += line.len();
        let content = line.strip_suffix('\n').map_or(line, |line| line.strip_suffix('\r').unwrap_or(line));
        let cut_here = is_document_marker(content)
            && !after_directive
            && line_byte - piece_byte >= size
            && text.len() - line_byte >= size / 2;
        after_directive = content.starts_with('%');
        if !cut_here {
            continue;
        }
        let number = index + 1;
        let documents_before = starts.partition_point(|&start| start < number);
        pieces.push(Piece {
            file,
            text: &text[piece_byte..line_byte],
            starts: &starts[piece_documents_before..documents_before],
            lines_before: piece_lines_before,
            documents_before: piece_documents_before,
            last: false,
            items: None,
        });
        (piece_byte, piece_lines_before, piece_documents_before) = (line_byte, index, documents_before);
    }
    pieces.push(Piece {
        file,
        text: &text[piece_byte..],
        starts: &starts[piece_documents_before..],
        lines_before: piece_lines_before,
        documents_before: piece_documents_before,
        last: true,
        items: None,
    });
    pieces
}

/// The file's one document, when it is a `kind: List` big enough to cut, in a layout whose
/// items can be found line by line (YAML items each on a `- ` line at one indentation:
/// kubectl's at the start of the line, yq's and others' indented; or JSON items each on a
/// `{` line, as kubectl writes them), and the rest
/// of it (the document without its items) read apart: a mapping whose `items` is empty
/// (nothing under `items:`, or `[]`), and whose kind ends in `List`. None otherwise: the
/// file is then cut, or not, as any other.
fn big_list(text: &str, starts: &[usize], piece_bytes: usize) -> Option<BigList> {
    if starts.len() != 1 || text.len() / 2 < piece_bytes {
        return None;
    }
    let yaml = ItemLines { text }.scan(starts[0]);
    let (items, lines, json) = if !yaml.lines.is_empty() {
        let lines = yaml.lines.clone();
        (yaml, lines, false)
    } else {
        // JSON: no item has a line of its own when read whole; each has the document's.
        let json = list_items::scan_json(text)?;
        let lines = vec![starts[0]; json.bytes.len()];
        (json, lines, true)
    };
    let runs = list_items::cut_items(&items, piece_bytes)?;
    let before = &text[..items.bytes[0]];
    // A directive (before the document's `---`) could change what a tag in an item means.
    if before.lines().any(|line| line.starts_with('%')) {
        return None;
    }
    let rest = format!("{before}{}", &text[items.end..]);
    let mut documents = serde_yaml_ng::Deserializer::from_str(&rest);
    let value = super::strict::StrictValue::deserialize(documents.next()?).ok()?.0;
    let emptied = match value.get("items") {
        Some(serde_json::Value::Null) => !json,
        Some(serde_json::Value::Array(items)) => json && items.is_empty(),
        _ => false,
    };
    if documents.next().is_some() || !emptied {
        return None;
    }
    let field = |name: &str| value.get(name).and_then(serde_json::Value::as_str).unwrap_or("").to_string();
    let (api_version, kind) = (field("apiVersion"), field("kind"));
    kind.ends_with("List").then_some(BigList { api_version, kind, lines, runs, json })
}

/// The pieces of a file whose one document is a `BigList`: a run of its items each.
fn cut_list<'t>(file: usize, text: &'t str, list: &'t BigList) -> Vec<Piece<'t>> {
    list.runs
        .iter()
        .map(|run| Piece {
            file,
            text: &text[run.start..run.end],
            starts: &[],
            lines_before: 0,
            documents_before: 0,
            last: false,
            items: Some(ListRun { list, first: run.first, lines: &list.lines[run.first..run.first + run.count] }),
        })
        .collect()
}

/// Reads a run of a big list's items into `manifests`, as the whole document's items read:
/// the same objects, sources and item numbers. Fails when the run does not read as exactly
/// its items (the file is then read whole, and its result stands).
fn load_items(file: &Arc<str>, text: &str, run: &ListRun<'_>, manifests: &mut Manifests) -> Result<(), InputError> {
    let not_its_items = || InputError::new("a run of list items does not read as its items of the list");
    // A JSON list's run is items with commas between and after them: made an array (YAML,
    // which reads JSON here, allows the comma after the last).
    let array;
    let text = if run.list.json {
        array = format!("[{text}]");
        &array
    } else {
        text
    };
    let mut documents = serde_yaml_ng::Deserializer::from_str(text);
    let document = documents.next().ok_or_else(not_its_items)?;
    let value = super::strict::StrictValue::deserialize(document).map_err(|_| not_its_items())?.0;
    let serde_json::Value::Array(items) = value else { return Err(not_its_items()) };
    if items.len() != run.lines.len() || documents.next().is_some() {
        return Err(not_its_items());
    }
    manifests.ingresses.reserve(items.len());
    manifests.services.reserve(items.len());
    let decoder = Decoder { text, item_lines: &ItemLines { text }, lines_before: 0, documents_before: 0 };
    let list = (run.list.api_version.as_str(), run.list.kind.as_str());
    for (offset, (item, &line)) in items.into_iter().zip(run.lines).enumerate() {
        // The file's one document, as `load_piece` numbers it.
        let source = Source { file: file.clone(), document: 1, line, item: Some(run.first + offset) };
        decoder.list_item(&source, item, list, manifests)?;
    }
    Ok(())
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
    load_piece(&Arc::from(label), text, &document_start_lines(text), 0, 0, manifests).map(|_| ())
}

/// Parses whole documents of a file (all of it, or a piece after `lines_before` lines and
/// `documents_before` documents) into `manifests`; `starts` has the first line of each.
/// Returns how many documents it read.
fn load_piece(
    file: &Arc<str>,
    text: &str,
    starts: &[usize],
    lines_before: usize,
    documents_before: usize,
    manifests: &mut Manifests,
) -> Result<usize, InputError> {
    let decoder = Decoder { text, item_lines: &ItemLines { text }, lines_before, documents_before };
    // Room for a piece of only Ingresses or only Services, reserved before the objects (large
    // structs) are pushed, instead of grown and copied as they come; pages never written to
    // cost no memory.
    manifests.ingresses.reserve(starts.len());
    manifests.services.reserve(starts.len());
    let mut documents_read = 0;
    for (index, document) in serde_yaml_ng::Deserializer::from_str(text).enumerate() {
        let line = starts.get(index).copied().unwrap_or(0);
        let source = Source { file: file.clone(), document: documents_before + index + 1, line, item: None };
        // The iterator keeps yielding after a syntax error; the first error ends the file.
        let value = super::strict::StrictValue::deserialize(document)
            .map_err(|error| yaml_error(&source, &error, lines_before))?
            .0;
        decoder.document(&source, value, manifests)?;
        documents_read = index + 1;
    }
    Ok(documents_read)
}

/// A YAML syntax error, at the line the parser reports.
pub fn yaml_error(source: &Source, error: &serde_yaml_ng::Error, lines_before: usize) -> InputError {
    let line = error.location().map(|location| location.line() + lines_before).unwrap_or(source.line);
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
        if is_document_marker(line) {
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

/// A line that starts a YAML document: `---` alone or before a space or tab.
fn is_document_marker(line: &str) -> bool {
    line == "---" || line.starts_with("--- ") || line.starts_with("---\t")
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

    /// Everything `parse_in_pieces` read, as text: objects, sources, skipped kinds, or the error.
    fn read_in_pieces(texts: &[(String, String)], piece_bytes: usize) -> String {
        let workers = if piece_bytes == usize::MAX { 1 } else { 2 };
        match parse_in_pieces(texts, workers, piece_bytes).into_iter().collect::<Result<Vec<_>, _>>() {
            Ok(parsed) => format!("{:?}", Manifests::concat(parsed.into_iter().flatten().collect())),
            Err(error) => format!("error: {error}"),
        }
    }

    /// What `texts` read whole, having checked that they read the same in pieces of each of
    /// `sizes` bytes (`what` names the case in a failure).
    fn read_whole_and_in_pieces(texts: &[(String, String)], sizes: &[usize], what: &str) -> String {
        let whole = read_in_pieces(texts, usize::MAX);
        for &piece_bytes in sizes {
            assert_eq!(read_in_pieces(texts, piece_bytes), whole, "{what} in pieces of {piece_bytes} bytes");
        }
        whole
    }

    fn service(index: usize) -> String {
        format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: s{index}\n  namespace: n\nspec:\n  type: NodePort\n")
    }

    #[test]
    fn a_file_cut_in_pieces_reads_as_the_whole_file() {
        // Markers alone, with a comment, with inline content, empty documents, a List whose
        // items have lines of their own, CRLF line ends, a kind sgctl skips.
        let mut text = String::from("# a comment before the first marker\n");
        for index in 0..40 {
            match index % 5 {
                0 => text.push_str(&format!("--- # marker {index}\n{}", service(index))),
                1 => text.push_str(&format!("---\n---\n{}", service(index))),
                2 => text.push_str(&format!(
                    "---\napiVersion: v1\nkind: List\nitems:\n- {}\n- {}\n",
                    service(index).replace('\n', "\n  ").trim_end(),
                    service(1000 + index).replace('\n', "\n  ").trim_end()
                )),
                3 => text.push_str(&format!("---\r\n{}", service(index).replace('\n', "\r\n"))),
                _ => text.push_str("---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"),
            }
        }
        let texts = vec![("one.yaml".to_string(), text.clone()), ("two.yaml".to_string(), service(7))];
        let starts = document_start_lines(&text);
        let pieces = cut(0, &text, &starts, 200);
        assert!(pieces.len() > 10, "the test must cut the file");
        // Every piece of valid input reads on its own, as its place says: no piece has the
        // file parsed again (which would give the same result, only slower).
        for piece in &pieces {
            let file = Arc::from("one.yaml");
            let mut manifests = Manifests::default();
            let read =
                load_piece(&file, piece.text, piece.starts, piece.lines_before, piece.documents_before, &mut manifests);
            assert!(read.is_ok() && (piece.last || read.ok() == Some(piece.starts.len())), "{piece:?}");
        }
        let whole = read_whole_and_in_pieces(&texts, &[1, 64, 200, 1000], "a stream");
        assert!(whole.contains("s1002") && whole.contains("ConfigMap"), "{whole}");
    }

    #[test]
    fn a_piece_that_fails_has_its_file_read_whole() {
        let services: String = (0..20).map(|index| format!("---\n{}", service(index))).collect();
        // A syntax error, a duplicate key, a quoted text across a marker (YAML refuses it),
        // an anchor used in a later document, and a directive for the document after it.
        for bad in [
            "---\nkind: [\n",
            "---\nkind: Service\nkind: Service\n",
            "---\nmetadata: {name: \"a\n---\nb\"}\n",
            "---\na: &x 1\n---\nb: *x\n",
            "---\na: 1\n...\n%YAML 1.1\n---\nb: 2\n",
        ] {
            let text = format!("{services}{bad}{services}");
            let texts = vec![("f.yaml".to_string(), text)];
            read_whole_and_in_pieces(&texts, &[1, 64, 300], &format!("{bad:?}"));
        }
    }

    /// Pieces of a manifest stream, valid and not: documents of every kind, markers with
    /// and without content, comments, document ends, directives, block and quoted scalars
    /// with marker-like lines inside them, anchors, CRLF line ends.
    const FRAGMENTS: &[&str] = &[
        "---\n",
        "--- # a comment\n",
        "---\r\n",
        "# a comment\n",
        "\n",
        "...\n",
        "%YAML 1.1\n",
        "apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: n}\nspec: {type: NodePort}\n",
        "apiVersion: v1\r\nkind: Service\r\nmetadata: {name: b, namespace: n}\r\n",
        "--- {apiVersion: v1, kind: Service, metadata: {name: c}}\n",
        "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: d}\n",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: e}\ndata:\n  text: |\n    ---\n    not a marker\n",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: f}\ndata: {text: \"a\n",
        "b\"}\n",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: &name g}\ndata: {copy: *name}\n",
        "data: {copy: *name}\n",
        "kind: Service\nkind: Service\n",
        "kind: [\n",
        "  indented: 1\n",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        #[test]
        fn any_stream_cut_in_pieces_reads_as_the_whole_stream(
            picks in proptest::collection::vec(0..FRAGMENTS.len(), 0..40),
            piece_bytes in 1usize..300,
        ) {
            let text: String = picks.iter().map(|&pick| FRAGMENTS[pick]).collect();
            let texts = vec![("f.yaml".to_string(), text)];
            proptest::prop_assert_eq!(read_in_pieces(&texts, piece_bytes), read_in_pieces(&texts, usize::MAX));
        }
    }

    /// A `kind: List` document of `count` items (as kubectl writes one), each from `item`,
    /// the items' lines indented by `indent` spaces (kubectl: none; yq: two).
    fn list(kind: &str, count: usize, indent: usize, item: impl Fn(usize) -> String) -> String {
        let items: String = (0..count).map(item).collect();
        let items = indented(&items, indent);
        format!("# kubectl get services -o yaml\napiVersion: v1\nitems:\n{items}kind: {kind}\nmetadata:\n  resourceVersion: \"\"\n")
    }

    /// `text` with every line that is not blank indented by `indent` spaces.
    fn indented(text: &str, indent: usize) -> String {
        let margin = " ".repeat(indent);
        text.split_inclusive('\n')
            .map(|line| if line.trim().is_empty() { line.to_string() } else { format!("{margin}{line}") })
            .collect()
    }

    /// `service(index)` as a list item.
    fn service_item(index: usize) -> String {
        format!("- {}\n", service(index).trim_end().replace('\n', "\n  "))
    }

    /// `text`'s one document as a big list cut in runs of about 200 bytes (more than ten),
    /// each of which reads on its own: valid items never have the file read again.
    fn cut_and_read_each_run(label: &str, text: &str) -> BigList {
        let starts = document_start_lines(text);
        let big = big_list(text, &starts, 200).expect("a list to cut");
        let pieces = cut_list(0, text, &big);
        assert!(pieces.len() > 10, "the test must cut the list");
        for piece in &pieces {
            let mut manifests = Manifests::default();
            let read = load_items(&Arc::from(label), piece.text, piece.items.as_ref().unwrap(), &mut manifests);
            assert!(read.is_ok(), "{piece:?}: {read:?}");
        }
        big
    }

    #[test]
    fn a_big_list_cut_in_runs_reads_as_the_whole_list() {
        // Items of every layout: plain, without a kind (the typed list names it), a lone
        // `-`, CRLF line ends, comments and blank lines between items, a block scalar and a
        // nested list whose lines start with `- ` further in, a kind sgctl skips.
        let item = |index: usize, kind_line: &str| {
            match index % 7 {
            0 => service_item(index),
            // Left to the typed list (in a `List`, the item names its kind).
            1 => format!("- {kind_line}metadata: {{name: s{index}, namespace: n}}\n  spec: {{type: NodePort}}\n"),
            2 => format!("-\n  {}\n", service(index).trim_end().replace('\n', "\n  ")),
            3 => service_item(index).replace('\n', "\r\n"),
            4 => format!("# item {index}\n\n{}", service_item(index)),
            5 => format!(
                "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {{name: c{index}}}\n  data:\n    text: |\n      - not an item\n    list:\n    - not an item either\n"
            ),
            _ => format!("{}  # a comment in the item\n", service_item(index)),
        }
        };
        for (kind, indent) in [("List", 0), ("ServiceList", 0), ("List", 2), ("ServiceList", 4)] {
            let kind_line = if kind == "List" { "apiVersion: v1\n  kind: Service\n  " } else { "" };
            let text = list(kind, 40, indent, |index| item(index, kind_line));
            let texts = vec![("list.yaml".to_string(), text.clone()), ("two.yaml".to_string(), service(77))];
            let big = cut_and_read_each_run("list.yaml", &text);
            assert_eq!((big.api_version.as_str(), big.kind.as_str()), ("v1", kind));
            let whole = read_whole_and_in_pieces(&texts, &[1, 64, 200, 1000], kind);
            assert!(whole.contains("s39") && whole.contains("ConfigMap") && whole.contains("item: Some(38)"), "{kind}");
            assert!(whole.contains(&format!("line: {}", big.lines[39])), "{kind} indented {indent}: the items' lines");
        }
    }

    #[test]
    fn a_list_run_that_fails_has_its_file_read_whole() {
        // A syntax error, a duplicate key, a quoted text with a `- ` line in it, an alias to
        // an anchor in an earlier item, an item that is not an object, a bad field, a tab
        // after a `-`, a second `items:` after the list, an alias to the list's own field, a
        // tag whose meaning a directive changed.
        let cases: [(&str, &str); 10] = [
            ("- kind: [\n", ""),
            ("- kind: Service\n  kind: Service\n", ""),
            ("- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: \"a\n- b\"}\n", ""),
            ("- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: *early}\n", ""),
            ("- 5\n", ""),
            ("- apiVersion: v1\n  kind: Service\n  metadata: {name: [x]}\n", ""),
            ("-\tkind: Service\n", ""),
            ("", "items: []\n"),
            ("- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: *version}\n", ""),
            ("- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: !!str x}\n", ""),
        ];
        for ((bad_item, after), indent) in cases.into_iter().flat_map(|case| [(case, 0), (case, 2)]) {
            let mut text = list("List", 30, indent, |index| match index {
                3 => "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: &early e}\n".to_string(),
                20 => bad_item.to_string(),
                _ => service_item(index),
            });
            text = text.replace("apiVersion: v1\nitems:", "apiVersion: &version v1\nitems:");
            text.push_str(after);
            if bad_item.contains("!!str") {
                // A directive that gives `!!` another meaning in the list's document.
                text = format!("%TAG !! tag:example.com,2000:\n---\n{text}");
            }
            let texts = vec![("list.yaml".to_string(), text)];
            read_whole_and_in_pieces(&texts, &[1, 64, 300], &format!("{bad_item:?} {after:?} indented {indent}"));
        }
    }

    /// A JSON list document of `items`, as `kubectl get -o json` writes one (indented by
    /// `indent`).
    fn json_list(kind: &str, items: Vec<serde_json::Value>, indent: &[u8]) -> String {
        use serde::Serialize as _;
        let list =
            serde_json::json!({"apiVersion": "v1", "items": items, "kind": kind, "metadata": {"resourceVersion": ""}});
        let mut text = Vec::new();
        let formatter = serde_json::ser::PrettyFormatter::with_indent(indent);
        list.serialize(&mut serde_json::Serializer::with_formatter(&mut text, formatter)).unwrap();
        String::from_utf8(text).unwrap() + "\n"
    }

    #[test]
    fn a_big_json_list_cut_in_runs_reads_as_the_whole_list() {
        // Items with objects and lists of objects nested (their `{` lines further in), `{` in
        // strings, kinds left to the typed list, a kind sgctl skips.
        let item = |index: usize, typed: bool| {
            let mut item = serde_json::json!({
                "metadata": {"name": format!("s{index}"), "namespace": "n", "annotations": {"a": "{\n  {"}},
                "spec": {"type": "NodePort", "ports": [{"port": 80, "nodePort": 30000 + index}]},
            });
            if !typed {
                item["apiVersion"] = "v1".into();
                item["kind"] = if index % 5 == 4 { "ConfigMap" } else { "Service" }.into();
            }
            item
        };
        for (kind, indent) in [("List", &b"    "[..]), ("ServiceList", &b"  "[..]), ("List", &b"\t"[..])] {
            let text = json_list(kind, (0..40).map(|index| item(index, kind == "ServiceList")).collect(), indent);
            let texts = vec![("list.json".to_string(), text.clone()), ("two.yaml".to_string(), service(77))];
            let big = cut_and_read_each_run("list.json", &text);
            assert!(big.json && big.lines.iter().all(|&line| line == 1));
            let whole = read_whole_and_in_pieces(&texts, &[1, 64, 200, 1000], kind);
            assert!(whole.contains("s38") && whole.contains("item: Some(38)"), "{kind}");
        }
    }

    #[test]
    fn a_json_list_run_that_fails_has_its_file_read_whole() {
        // A syntax error, an item that is not an object, a duplicate key, a bad field, a
        // quoted text across lines with a `{` line in it (YAML allows it), a trailing comma
        // before `]`, a second `items` after the list.
        let good = json_list("List", (0..30).map(|i| serde_json::json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": format!("s{i}")}})).collect(), b"    ");
        let item_20 = "            \"name\": \"s20\"\n";
        for (from, to) in [
            (item_20, "            \"name\": [\n"),
            ("        {\n            \"apiVersion\": \"v1\",\n            \"kind\": \"Service\",\n            \"metadata\": {\n                \"name\": \"s20\"\n            }\n        },\n", "        5,\n"),
            (item_20, "            \"name\": \"s20\", \"name\": \"x\"\n"),
            (item_20, "            \"name\": 20\n"),
            (item_20, "            \"name\": \"s20\n        {\n\"\n"),
            ("        }\n    ],\n    \"kind\"", "        },\n    ],\n    \"kind\""),
            ("    \"kind\": \"List\",\n", "    \"kind\": \"List\",\n    \"items\": [],\n"),
        ] {
            assert!(good.contains(from), "{from:?}");
            let texts = vec![("list.json".to_string(), good.replacen(from, to, 1))];
            read_whole_and_in_pieces(&texts, &[1, 64, 300], &format!("{to:?}"));
        }
    }

    /// Items of a list, valid and not (for `any_list_cut_in_runs_reads_as_the_whole_list`).
    const ITEM_FRAGMENTS: &[&str] = &[
        "- apiVersion: v1\n  kind: Service\n  metadata: {name: a, namespace: n}\n  spec: {type: NodePort}\n",
        "- apiVersion: v1\r\n  kind: Service\r\n  metadata: {name: b, namespace: n}\r\n",
        "- {apiVersion: v1, kind: Service, metadata: {name: c}}\n",
        "-\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: d}\n",
        "- metadata: {name: e}\n",
        "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: f}\n  data:\n    text: |\n      - not an item\n",
        "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: \"g\n",
        "- h\"}\n",
        "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: &name i}\n",
        "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: *name}\n",
        "# a comment\n",
        "\n",
        "- 7\n",
        "- kind: [\n",
        "- kind: Service\n  kind: Service\n",
        "kind: List\n",
        "...\n",
        "  - indented\n",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        #[test]
        fn any_list_cut_in_runs_reads_as_the_whole_list(
            picks in proptest::collection::vec(0..ITEM_FRAGMENTS.len(), 0..40),
            kind in proptest::sample::select(vec!["List", "ServiceList", "Service"]),
            indent in proptest::sample::select(vec![0usize, 2, 3]),
            piece_bytes in 1usize..300,
        ) {
            let items: String = picks.iter().map(|&pick| ITEM_FRAGMENTS[pick]).collect();
            let items = indented(&items, indent);
            let text = format!("apiVersion: v1\nitems:\n{items}kind: {kind}\nmetadata: {{}}\n");
            let texts = vec![("f.yaml".to_string(), text)];
            proptest::prop_assert_eq!(read_in_pieces(&texts, piece_bytes), read_in_pieces(&texts, usize::MAX));
        }
    }

    /// Items of a JSON list, valid and not, each ending before its comma.
    const JSON_ITEM_FRAGMENTS: &[&str] = &[
        "        {\n            \"apiVersion\": \"v1\",\n            \"kind\": \"Service\",\n            \"metadata\": {\"name\": \"a\"}\n        }",
        "        {\n            \"metadata\": {\n                \"name\": \"b\"\n            },\n            \"spec\": {\"ports\": [\n        {\n            \"port\": 1\n        }\n            ]}\n        }",
        "        {\n            \"kind\": \"ConfigMap\",\n            \"data\": {\"text\": \"c\n        {\n\"}\n        }",
        "        {\"kind\": \"Pod\", \"apiVersion\": \"v1\"}",
        "        5",
        "        {\n            \"kind\": [\n        }",
        "        {\n            \"kind\": \"Service\",\n            \"kind\": \"Service\"\n        }",
        "        {\n        }",
        "        {\n            \"metadata\": {\"name\": &x \"d\"}\n        }",
        "        {\n            \"metadata\": {\"name\": *x}\n        }",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        #[test]
        fn any_json_list_cut_in_runs_reads_as_the_whole_list(
            picks in proptest::collection::vec(0..JSON_ITEM_FRAGMENTS.len(), 0..30),
            kind in proptest::sample::select(vec!["List", "ServiceList"]),
            trailing_comma in proptest::bool::ANY,
            piece_bytes in 1usize..300,
        ) {
            let items: Vec<&str> = picks.iter().map(|&pick| JSON_ITEM_FRAGMENTS[pick]).collect();
            let comma = if trailing_comma { "," } else { "" };
            let text = format!(
                "{{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n{}{comma}\n    ],\n    \"kind\": \"{kind}\"\n}}\n",
                items.join(",\n")
            );
            let texts = vec![("f.json".to_string(), text)];
            proptest::prop_assert_eq!(read_in_pieces(&texts, piece_bytes), read_in_pieces(&texts, usize::MAX));
        }
    }

    #[test]
    fn many_files_merge_in_order_and_the_first_error_wins() {
        let dir = std::env::temp_dir().join(format!("sgctl-load-order-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let service = |i: usize| {
            format!("apiVersion: v1\nkind: Service\nmetadata: {{name: s{i}, namespace: n}}\nspec: {{type: NodePort}}\n")
        };
        for i in 0..12 {
            std::fs::write(dir.join(format!("{i:02}.yaml")), service(i)).unwrap();
        }
        let paths = [dir.display().to_string()];
        let manifests = load(&paths, &mut std::io::empty()).unwrap();
        let names: Vec<&str> = manifests.services.iter().map(|s| crate::manifest::name_of(&s.value.metadata)).collect();
        assert_eq!(names, (0..12).map(|i| format!("s{i}")).collect::<Vec<_>>());
        // Errors in files 03 and 09 (and an unreadable 07): the first in order is reported.
        std::fs::write(dir.join("03.yaml"), "kind: [\n").unwrap();
        std::fs::write(dir.join("07.yaml"), [0xff, 0xfe]).unwrap();
        std::fs::write(dir.join("09.yaml"), "kind: [\n").unwrap();
        let error = load(&paths, &mut std::io::empty()).unwrap_err().to_string();
        assert!(error.contains("03.yaml"), "{error}");
        std::fs::write(dir.join("03.yaml"), service(3)).unwrap();
        let error = load(&paths, &mut std::io::empty()).unwrap_err().to_string();
        assert!(error.contains("07.yaml") && error.contains("not valid UTF-8"), "{error}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
