//! Where the items of a `kind: List` document are in its text, as `kubectl get -o yaml`
//! prints them (an `items:` line, then each item a `- ` line at one indentation: kubectl's
//! at the start of the line, yq's and others' indented) or `kubectl get -o json` does (an
//! `"items": [` line, then each item a `{` line). The YAML items' lines are their sources;
//! for a big list (one document of tens of megabytes, which has no document markers to cut
//! at), the item lines are where it is cut into runs of whole items that parse on every core.
//!
//! Text only: whether a cut means what the whole document means is for the parser to say.
//! The loader parses the pieces and falls back to the whole document when any piece fails
//! or yields another number of items than found here (a `- ` or `{` line inside a quoted
//! scalar, an alias to an anchor in another piece); YAML allows no other `- ` at the items'
//! indentation inside the items (an item's content is indented further than its `- `), and
//! JSON no line break inside a string.

/// The items of the `items:` list of the document starting at a line.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ItemScan {
    /// The file line each item starts on (its `- `, or in JSON its `{`).
    pub lines: Vec<usize>,
    /// The byte each item's line starts at.
    pub bytes: Vec<usize>,
    /// The indentation of the items' first lines.
    pub indent: Option<usize>,
    /// The byte the list's block ends at: the first line after it that starts at the start
    /// of a line and is not an item, a comment or blank (or the end of the text).
    pub end: usize,
}

/// Finds the lines of the entries of a top-level `items:` list, for `kind: List`
/// documents as `kubectl get -o yaml` prints them (or with the entries indented).
#[derive(Debug)]
pub struct ItemLines<'a> {
    pub text: &'a str,
}

impl ItemLines<'_> {
    /// The line of every entry of the `items:` list of the document starting at
    /// `document_line`, in one pass.
    pub fn lines(&self, document_line: usize) -> Vec<usize> {
        self.scan(document_line).lines
    }

    /// The items of the `items:` list of the document starting at `document_line`: their
    /// lines, where those start, and where the list's block ends.
    pub fn scan(&self, document_line: usize) -> ItemScan {
        let mut scan = ItemScan { end: self.text.len(), ..ItemScan::default() };
        let mut in_items = false;
        let mut byte = 0;
        for (index, raw) in self.text.split_inclusive('\n').enumerate() {
            let line_byte = byte;
            byte += raw.len();
            if index + 1 < document_line {
                continue;
            }
            // The line as `str::lines` gives it: without `\n` or `\r\n`.
            let line = raw.strip_suffix('\n').map_or(raw, |line| line.strip_suffix('\r').unwrap_or(line));
            if line.starts_with("---") && index + 1 > document_line {
                scan.end = line_byte;
                break;
            }
            if !in_items {
                in_items = line.trim_end() == "items:";
                continue;
            }
            let stripped = line.trim_start();
            let this_indent = line.len() - stripped.len();
            if stripped.starts_with("- ") || stripped == "-" {
                if scan.indent.is_none() {
                    scan.indent = Some(this_indent);
                }
                if Some(this_indent) == scan.indent {
                    scan.lines.push(index + 1);
                    scan.bytes.push(line_byte);
                }
            } else if this_indent == 0 && !stripped.is_empty() && !stripped.starts_with('#') {
                scan.end = line_byte;
                break;
            }
        }
        scan
    }
}

/// A run of whole items of a list, cut from its document: `text` holds items
/// `first..first + count` of the list, each starting on a `- ` line at the items' indentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemRun {
    pub start: usize,
    pub end: usize,
    pub first: usize,
    pub count: usize,
}

/// The items of the `"items": [` array of a JSON document as `kubectl get -o json` prints
/// it: each item a `{` line at one indentation, the array closed by a `]` line no deeper
/// than its `"items"` line. None when there is no such array or it is never closed.
pub fn scan_json(text: &str) -> Option<ItemScan> {
    let mut scan = ItemScan::default();
    let mut items_indent = None;
    let mut byte = 0;
    for (index, raw) in text.split_inclusive('\n').enumerate() {
        let line_byte = byte;
        byte += raw.len();
        let stripped = raw.trim_start();
        let indent = raw.len() - stripped.len();
        let stripped = stripped.trim_end();
        let Some(outer) = items_indent else {
            if stripped == "\"items\": [" {
                items_indent = Some(indent);
            }
            continue;
        };
        if stripped == "{" {
            if scan.indent.is_none() {
                scan.indent = Some(indent);
            }
            if Some(indent) == scan.indent {
                scan.lines.push(index + 1);
                scan.bytes.push(line_byte);
            }
        } else if indent <= outer && stripped.starts_with(']') {
            scan.end = line_byte;
            return Some(scan);
        }
    }
    None
}

/// Cuts the items of a list (as a scan found them: where each starts, where the last ends)
/// into runs of at least `size` bytes (a last run smaller than half of `size` stays with the
/// one before). None when there are too few to cut.
pub fn cut_items(scan: &ItemScan, size: usize) -> Option<Vec<ItemRun>> {
    if scan.bytes.len() < 2 {
        return None;
    }
    let mut runs = Vec::new();
    let mut first = 0;
    for (index, &byte) in scan.bytes.iter().enumerate().skip(1) {
        let run_start = scan.bytes[first];
        if byte - run_start >= size && scan.end - byte >= size / 2 {
            runs.push(ItemRun { start: run_start, end: byte, first, count: index - first });
            first = index;
        }
    }
    runs.push(ItemRun { start: scan.bytes[first], end: scan.end, first, count: scan.bytes.len() - first });
    (runs.len() > 1).then_some(runs)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str = "apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Service\n  spec:\n    ports:\n    - port: 1\n# between\n\n- apiVersion: v1\n  kind: Pod\n-\n  kind: Pod\nkind: List\nmetadata: {}\n";

    #[test]
    fn items_are_found_with_their_lines_bytes_and_end() {
        let scan = ItemLines { text: LIST }.scan(1);
        assert_eq!(scan.lines, vec![3, 10, 12]);
        let starts: Vec<&str> = scan.bytes.iter().map(|&byte| &LIST[byte..byte + 2]).collect();
        assert_eq!(starts, vec!["- ", "- ", "-\n"]);
        assert_eq!(&LIST[scan.end..], "kind: List\nmetadata: {}\n");
        assert_eq!(scan.indent, Some(0));
        // CRLF lines, and a list that ends the text.
        let crlf = "items:\r\n- a\r\n- b\r\n";
        let scan = ItemLines { text: crlf }.scan(1);
        assert_eq!((scan.lines, scan.end), (vec![2, 3], crlf.len()));
    }

    #[test]
    fn item_lines_are_the_scans() {
        let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  spec:\n    ports:\n    - port: 1\n- apiVersion: v1\n  kind: Pod\nmetadata: {}\n";
        assert_eq!(ItemLines { text }.lines(1), vec![4, 9]);
        let indented = "items:\n  - a\n  - b\n  - c\n";
        let scan = ItemLines { text: indented }.scan(1);
        assert_eq!((scan.lines, scan.indent), (vec![2, 3, 4], Some(2)));
    }

    #[test]
    fn items_are_cut_in_runs_of_whole_items() {
        let scan = ItemLines { text: LIST }.scan(1);
        let runs = cut_items(&scan, 1).unwrap();
        assert_eq!(runs.len(), 3);
        assert_eq!(runs.iter().map(|run| (run.first, run.count)).collect::<Vec<_>>(), vec![(0, 1), (1, 1), (2, 1)]);
        assert_eq!(&LIST[runs[1].start..runs[1].end], "- apiVersion: v1\n  kind: Pod\n");
        assert_eq!(runs[2].end, scan.end);
        // Runs meet: together they are the items' block.
        assert!(runs.windows(2).all(|pair| pair[0].end == pair[1].start));
        assert_eq!(cut_items(&scan, LIST.len()), None, "one run is no cut");
    }

    #[test]
    fn json_items_are_found_at_their_indentation() {
        let text = "{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n        {\n            \"a\": {\n                \"b\": [\n                    {\n                    }\n                ]\n            }\n        },\n        {\n            \"kind\": \"Pod\"\n        }\n    ],\n    \"kind\": \"List\"\n}\n";
        let scan = scan_json(text).unwrap();
        assert_eq!((scan.lines, scan.indent), (vec![4, 12], Some(8)));
        assert_eq!(&text[scan.end..], "    ],\n    \"kind\": \"List\"\n}\n");
        assert_eq!(scan_json("{\"items\": []}\n"), None);
        assert_eq!(scan_json("{\n  \"items\": [\n    {\n    }\n"), None, "never closed");
    }
}
