//! A saved plan read back, for `show` and `apply PLANFILE`: its `format_version` checked
//! before anything else is read (a newer document fails on the version, not on a field this
//! sgctl does not know), the rest read strictly, and its changes turned back into the
//! plan's changes for the executor.

use super::{ChangeDoc, GroupStateDoc, PlanDocument, FORMAT_VERSION};
use crate::plan::{Change, GroupState, RuleUpdate};
use crate::sg::record::RuleRecord;
use crate::sg::{Rule, Tags};
use serde::Deserialize;

/// A plan document that cannot be read; `label` is the file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("{label}:{line}: not a sgctl plan document: {message}")]
    Invalid { label: String, line: usize, message: String },
    #[error("{label}: plan format_version {found:?} is not supported (this sgctl reads \"{FORMAT_VERSION}\")")]
    Version { label: String, found: String },
    #[error("{label}: {address}: {message}")]
    Change { label: String, address: String, message: String },
    #[error("{label} is the output of `sgctl diff {old} {new}`: it compares two sets of manifests and describes no AWS account, so it cannot be shown or applied as a plan; run `sgctl diff` again for another view (-o text|markdown), or `sgctl plan --out FILE` for a plan to apply")]
    Diff { label: String, old: String, new: String },
}

/// Just the version, read first.
#[derive(Deserialize)]
struct Versioned {
    format_version: String,
}

/// Reads a plan document from its text.
pub fn read(label: &str, text: &str) -> Result<PlanDocument, ReadError> {
    let invalid = |error: serde_json::Error| ReadError::Invalid {
        label: label.to_string(),
        line: error.line(),
        message: error.to_string(),
    };
    let versioned: Versioned = serde_json::from_str(text).map_err(invalid)?;
    if versioned.format_version != FORMAT_VERSION {
        return Err(ReadError::Version { label: label.to_string(), found: versioned.format_version });
    }
    let document: PlanDocument = serde_json::from_str(text).map_err(invalid)?;
    match document.diff {
        Some(diff) => Err(ReadError::Diff { label: label.to_string(), old: diff.old, new: diff.new }),
        None => Ok(document),
    }
}

/// Whether a JSON text is meant as a plan document (it names a `format_version` and has
/// `changes`), as opposed to a manifest: what `apply PATH` uses to tell the two apart.
pub fn is_plan_document(text: &str) -> bool {
    #[derive(Deserialize)]
    struct Probe {
        format_version: Option<serde::de::IgnoredAny>,
        changes: Option<serde::de::IgnoredAny>,
    }
    serde_json::from_str::<Probe>(text).is_ok_and(|probe| probe.format_version.is_some() && probe.changes.is_some())
}

/// The changes of a saved plan, as the executor takes them.
pub fn changes(label: &str, document: &PlanDocument) -> Result<Vec<Change>, ReadError> {
    document
        .changes
        .iter()
        .map(|doc| {
            change_of(doc).map_err(|message| ReadError::Change {
                label: label.to_string(),
                address: doc.address.clone(),
                message,
            })
        })
        .collect()
}

fn change_of(doc: &ChangeDoc) -> Result<Change, String> {
    let rules_updated = doc
        .rules_updated
        .iter()
        .map(|update| Ok(RuleUpdate { before: one_rule(&update.before)?, after: one_rule(&update.after)? }))
        .collect::<Result<Vec<_>, String>>()?;
    // A record with several sources is several rules, each marked as the record is.
    let (mut rules_added, mut widens_access) = (Vec::new(), Vec::new());
    for added in &doc.rules_added {
        let rules = rules_of(std::slice::from_ref(&added.rule))?;
        widens_access.extend(std::iter::repeat_n(added.widens_access, rules.len()));
        rules_added.extend(rules);
    }
    Ok(Change {
        address: doc.address.clone(),
        action: doc.action,
        security_group: doc.security_group.clone(),
        node_rules_only: doc.is_node_rules(),
        before: doc.before.as_ref().map(state_of).transpose()?,
        after: doc.after.as_ref().map(state_of).transpose()?,
        rules_added,
        widens_access,
        rules_removed: rules_of(&doc.rules_removed)?,
        rules_updated,
        unchanged_rules: 0,
        tags_set: doc.tags_set.clone(),
        tags_removed: doc.tags_removed.iter().map(|key| (key.clone(), String::new())).collect(),
        tags_before: Tags::new(),
    })
}

fn rules_of(records: &[RuleRecord]) -> Result<Vec<Rule>, String> {
    let mut rules = Vec::new();
    for record in records {
        rules.extend(record.clone().into_rules()?);
    }
    Ok(rules)
}

fn one_rule(record: &RuleRecord) -> Result<Rule, String> {
    rules_of(std::slice::from_ref(record))?.into_iter().next().ok_or_else(|| "a rule without a source".to_string())
}

fn state_of(doc: &GroupStateDoc) -> Result<GroupState, String> {
    Ok(GroupState {
        id: doc.id.clone(),
        name: doc.name.clone(),
        description: doc.description.clone(),
        vpc_id: doc.vpc_id.clone(),
        tags: doc.tags.clone(),
        ingress: rules_of(&doc.ingress)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_is_checked_before_the_fields() {
        let newer = r#"{"format_version": "2", "a_field_of_version_2": true}"#;
        assert_eq!(
            read("p.json", newer).unwrap_err().to_string(),
            "p.json: plan format_version \"2\" is not supported (this sgctl reads \"1\")"
        );
        let broken = "{\n\"format_version\": \"1\",\n\"cluster\": 5}";
        let error = read("p.json", broken).unwrap_err().to_string();
        assert!(error.starts_with("p.json:3: not a sgctl plan document: "), "{error}");
    }

    #[test]
    fn plan_documents_are_told_from_manifests() {
        assert!(is_plan_document(r#"{"format_version": "1", "changes": []}"#));
        assert!(!is_plan_document(r#"{"apiVersion": "v1", "kind": "List", "items": []}"#));
        assert!(!is_plan_document("kind: Service\n"));
    }
}
