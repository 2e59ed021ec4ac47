//! The controller's annotation parsers (`pkg/annotations/parser.go`): strings, string lists,
//! booleans, string maps and integers under one prefix, each error text the controller's.
//! The Go parsing underneath is `crate::go`'s.

use crate::go;
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
        self.map?.get(&self.key(suffix)).map(String::as_str)
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
        self.raw(suffix).map(go::split_comma_separated)
    }

    /// `ParseBoolAnnotation`, with its error text.
    pub fn bool(&self, suffix: &str) -> Result<Option<bool>, String> {
        match self.raw(suffix) {
            None => Ok(None),
            Some(raw) => go::parse_bool(raw).map(Some).ok_or_else(|| {
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
            Some(raw) => go::parse_string_map(raw)
                .map(Some)
                .map_err(|_| format!("failed to parse stringMap annotation, {}: {raw}", self.key(suffix))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
