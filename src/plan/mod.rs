//! The plan: desired state (with ids of existing groups filled in), one change per
//! security group that changes, warnings, and the fingerprint of the live state.
//! Plain data, rendered by `render`. Built by the pure `diff`.

pub mod applied;
mod diff;
pub mod findings;
pub mod widening;

pub use applied::applied;
pub use diff::diff;

use crate::model::{Desired, Warning};

use crate::sg::{GroupRef, Rule, Tags};
pub use diff::DiffError;

/// What happens to a security group; lower case in the plan document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Create,
    Update,
    Delete,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
        }
    }
}

/// A security group as it is before or after the change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupState {
    pub id: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub vpc_id: Option<String>,
    pub tags: Option<Tags>,
    /// For node SGs, only the rules sgctl owns.
    pub ingress: Vec<Rule>,
}

/// A rule whose description changes (identity unchanged).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleUpdate {
    pub before: Rule,
    pub after: Rule,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub address: String,
    pub action: Action,
    pub security_group: GroupRef,
    /// True for node (target) SGs, where only the rules change.
    pub node_rules_only: bool,
    pub before: Option<GroupState>,
    pub after: Option<GroupState>,
    pub rules_added: Vec<Rule>,
    /// For each of `rules_added`, whether it widens access (`widening::widens` against the
    /// group's rules before the change).
    pub widens_access: Vec<bool>,
    pub rules_removed: Vec<Rule>,
    pub rules_updated: Vec<RuleUpdate>,
    pub unchanged_rules: usize,
    pub tags_set: Tags,
    /// Tag keys removed, with their old values (for display).
    pub tags_removed: Tags,
    /// Old values of the tags in `tags_set` that existed before.
    pub tags_before: Tags,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub add: usize,
    pub change: usize,
    pub destroy: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub cluster: String,
    /// Where the live state came from: account, region and VPC, when known.
    pub account_id: Option<String>,
    pub region: Option<String>,
    pub vpc_id: Option<String>,
    pub desired: Desired,
    pub changes: Vec<Change>,
    pub warnings: Vec<Warning>,
    pub fingerprint: String,
    /// A short hash per part of the live state (see `state::digests`).
    pub digests: std::collections::BTreeMap<String, String>,
    /// What was read from the account, so that a saved plan can be checked against it again.
    pub read: crate::state::Wanted,
}

impl Plan {
    pub fn summary(&self) -> Summary {
        let mut summary = Summary::default();
        for change in &self.changes {
            match change.action {
                Action::Create => summary.add += 1,
                Action::Update => summary.change += 1,
                Action::Delete => summary.destroy += 1,
            }
        }
        summary
    }

    pub fn has_changes(&self) -> bool {
        !self.changes.is_empty()
    }

    /// Whether any change widens access (`widening`).
    pub fn widens_access(&self) -> bool {
        self.changes.iter().any(|change| change.widens_access.contains(&true))
    }
}
