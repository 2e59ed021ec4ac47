//! The controller's annotation parsers (`pkg/annotations/parser.go`): string lists,
//! booleans, string maps, integers, JSON. Each error text is the controller's.

use crate::settings::parse_go_bool;
use std::collections::BTreeMap;

pub const INGRESS_PREFIX: &str = "alb.ingress.kubernetes.io/";
pub const SERVICE_PREFIX: &str = "service.beta.kubernetes.io/";

/// A view of one object's annotations under one prefix.
#[derive(Clone, Copy, Debug)]
pub struct Annotations<'a> {
    map: Option<&'a BTreeMap<String, String>>,
    prefix: &'static str,
}

impl<'a> Annotations<'a> {
    pub fn new(map: Option<&'a BTreeMap<String, String>>, prefix: &'static str) -> Self {
        Annotations { map, prefix }
    }

    pub fn key(&self, suffix: &str) -> String {
        format!("{}{suffix}", self.prefix)
    }

    pub fn raw(&self, suffix: &str) -> Option<&'a str> {
        let map = self.map?;
        // The key is built on the stack: a model reads a dozen annotations per object.
        let mut buffer = [0u8; 128];
        let length = self.prefix.len() + suffix.len();
        if length > buffer.len() {
            return map.get(&self.key(suffix)).map(String::as_str);
        }
        buffer[..self.prefix.len()].copy_from_slice(self.prefix.as_bytes());
        buffer[self.prefix.len()..length].copy_from_slice(suffix.as_bytes());
        let key = std::str::from_utf8(&buffer[..length]).expect("two str joined are UTF-8");
        map.get(key).map(String::as_str)
    }

    pub fn exists(&self, suffix: &str) -> bool {
        self.raw(suffix).is_some()
    }

    /// `ParseStringAnnotation`.
    pub fn string(&self, suffix: &str) -> Option<String> {
        self.raw(suffix).map(str::to_string)
    }

    /// `ParseStringSliceAnnotation`: split on `,`, trim, drop empty items.
    pub fn string_list(&self, suffix: &str) -> Option<Vec<String>> {
        self.raw(suffix).map(split_comma_separated)
    }

    /// `ParseBoolAnnotation`, with its error text.
    pub fn bool(&self, suffix: &str) -> Result<Option<bool>, String> {
        match self.raw(suffix) {
            None => Ok(None),
            Some(raw) => parse_go_bool(raw).map(Some).ok_or_else(|| {
                format!(
                    "failed to parse bool annotation, {}: {raw}: strconv.ParseBool: parsing \"{raw}\": invalid syntax",
                    self.key(suffix)
                )
            }),
        }
    }

    /// `ParseInt64Annotation`, with its error text.
    pub fn int64(&self, suffix: &str) -> Result<Option<i64>, String> {
        match self.raw(suffix) {
            None => Ok(None),
            Some(raw) => raw.parse::<i64>().map(Some).map_err(|_| {
                format!(
                    "failed to parse int64 annotation, {}: {raw}: strconv.ParseInt: parsing \"{raw}\": invalid syntax",
                    self.key(suffix)
                )
            }),
        }
    }

    /// `ParseStringMapAnnotation`, with its error text.
    pub fn string_map(&self, suffix: &str) -> Result<Option<BTreeMap<String, String>>, String> {
        match self.raw(suffix) {
            None => Ok(None),
            Some(raw) => parse_string_map(raw)
                .map(Some)
                .map_err(|_| format!("failed to parse stringMap annotation, {}: {raw}", self.key(suffix))),
        }
    }

    /// Every annotation key under this prefix that starts with `suffix_prefix`.
    pub fn with_suffix_prefix(&self, suffix_prefix: &str) -> Vec<(String, &'a str)> {
        let Some(map) = self.map else { return Vec::new() };
        let full = self.key(suffix_prefix);
        map.iter()
            .filter(|(key, _)| key.starts_with(&full))
            .map(|(key, value)| (key[self.prefix.len()..].to_string(), value.as_str()))
            .collect()
    }
}

pub fn split_comma_separated(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|item| !item.is_empty()).map(str::to_string).collect()
}

/// Comma-separated `k=v` pairs, keys and values trimmed; a backslash escapes a comma.
/// An item without `=` is an error, as in the controller.
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
        assert!(parse_string_map("novalue").is_err());
    }

    #[test]
    fn bool_error_is_the_controllers() {
        let map = BTreeMap::from([(format!("{INGRESS_PREFIX}manage-backend-security-group-rules"), "yes".to_string())]);
        let annotations = Annotations::new(Some(&map), INGRESS_PREFIX);
        assert_eq!(
            annotations.bool("manage-backend-security-group-rules").unwrap_err(),
            "failed to parse bool annotation, alb.ingress.kubernetes.io/manage-backend-security-group-rules: yes: strconv.ParseBool: parsing \"yes\": invalid syntax"
        );
    }
}
