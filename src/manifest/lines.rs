//! Where things start in a manifest's text, for the sources of objects and errors: the first
//! line of each YAML document, and the line of each item of a `kind: List`'s `items`.
//! serde_yaml_ng reports lines only in its errors (it has no spans for values, docs/yaml-crate.md),
//! so these are read off the text in one pass; they never decide what the text means; the
//! parser does.

/// The first line of each YAML document, in the order the parser yields them: a stream
/// without markers is one document; each `---` line starts one; content before the first
/// `---` is a document only if it is more than blank lines and comments.
pub fn document_start_lines(text: &str) -> Vec<usize> {
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
        if pending.take().is_some() || (!marker_seen && !first_content_seen) {
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

/// The line of every entry of the top-level `items:` list of the document starting at
/// `document_line`, as `kubectl get -o yaml` prints it (each item a `- ` line at one
/// indentation, at the start of the line or indented as yq writes it). JSON lists have none:
/// their items take the document's line.
pub fn item_lines(text: &str, document_line: usize) -> Vec<usize> {
    let mut lines = Vec::new();
    let mut in_items = false;
    let mut indent = None;
    for (index, line) in text.lines().enumerate().skip(document_line.saturating_sub(1)) {
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
            if *indent.get_or_insert(this_indent) == this_indent {
                lines.push(index + 1);
            }
        } else if this_indent == 0 && !stripped.is_empty() && !stripped.starts_with('#') {
            break;
        }
    }
    lines
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
        assert_eq!(document_start_lines("--- {a: 1}\n"), vec![1]);
        assert_eq!(document_start_lines(""), vec![1]);
    }

    #[test]
    fn list_items_are_found_at_their_indentation() {
        let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  spec:\n    ports:\n    - port: 1\n# between\n\n- apiVersion: v1\n  kind: Pod\n-\n  kind: Pod\nmetadata: {}\n";
        assert_eq!(item_lines(text, 1), vec![4, 11, 13]);
        let indented = "items:\n  - a\n  - b:\n    - not an item\n  - c\n";
        assert_eq!(item_lines(indented, 1), vec![2, 3, 5]);
        let crlf = "items:\r\n- a\r\n- b\r\n";
        assert_eq!(item_lines(crlf, 1), vec![2, 3]);
        let second = "kind: Service\n---\nitems:\n- a\n";
        assert_eq!(item_lines(second, 3), vec![4]);
        assert!(item_lines("{\"items\": [{}]}\n", 1).is_empty());
    }
}
