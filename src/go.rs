//! The Go parsing functions whose behaviour the controller's flags and annotations inherit:
//! `strconv.ParseBool`, comma-separated lists, and `k=v` string maps
//! (`pkg/annotations/parser.go`, `pkg/config/controller_config.go`). Settings, the model's
//! annotation parsers and the command line's settings sources share them.
//!
//! A leaf: it depends on nothing in the crate. It returns plain values and leaves the error
//! texts, which differ by caller, to the callers.

use std::collections::BTreeMap;

/// Go's `strconv.ParseBool`.
pub fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// `ParseStringSliceAnnotation`'s splitting: on `,`, items trimmed, empty items dropped.
pub fn split_comma_separated(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|item| !item.is_empty()).map(str::to_string).collect()
}

/// Comma-separated `k=v` pairs, keys and values trimmed; a backslash escapes a comma. An item
/// without `=` is an error (the item is returned), as in the controller.
pub fn parse_string_map(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&',') => {
                current.push(',');
                chars.next();
            }
            ',' => items.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    items.push(current);
    let mut map = BTreeMap::new();
    for item in items {
        if item.trim().is_empty() {
            continue;
        }
        let (key, value) = item.split_once('=').ok_or_else(|| item.clone())?;
        map.insert(key.trim().to_string(), value.trim().to_string());
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booleans_are_gos() {
        for yes in ["1", "t", "T", "TRUE", "true", "True"] {
            assert_eq!(parse_bool(yes), Some(true), "{yes}");
        }
        for no in ["0", "f", "F", "FALSE", "false", "False"] {
            assert_eq!(parse_bool(no), Some(false), "{no}");
        }
        for neither in ["yes", "no", "", " true", "tRUE", "2"] {
            assert_eq!(parse_bool(neither), None, "{neither:?}");
        }
    }

    #[test]
    fn string_lists_trim_and_drop_empty() {
        assert_eq!(split_comma_separated(" a, b ,,c ,"), vec!["a", "b", "c"]);
        assert!(split_comma_separated(" , ").is_empty());
    }

    #[test]
    fn string_maps_escape_commas() {
        let map = parse_string_map("a=1, b = x\\,y ,c=").unwrap();
        assert_eq!(map["a"], "1");
        assert_eq!(map["b"], "x,y");
        assert_eq!(map["c"], "");
        assert_eq!(parse_string_map("novalue").unwrap_err(), "novalue");
    }
}
