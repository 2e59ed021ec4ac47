//! The plan document: sgctl's versioned public contract (`plan -o json`, `plan --out`, `show`,
//! `apply PLANFILE`; described in docs/formats.md). This module owns all of it: the types
//! (here), building one from a `Plan` (`build`), reading one back with its one
//! `format_version` check and one error type (`read`), and writing it (serde's pretty JSON).
//! The text and markdown renderers render this document, so `show PLANFILE` prints exactly
//! what `plan` printed.
//!
//! The contract grows by adding fields, never by renaming or removing them; every set in it
//! is sorted, so the same plan always gives byte-identical text.

mod build;
mod read;

pub use build::build;
pub use read::{changes, is_plan_document, read, ReadError};

use crate::plan::Action;
use crate::sg::record::RuleRecord;
use crate::sg::{GroupRef, Tags};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const FORMAT_VERSION: &str = "1";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanDocument {
    pub format_version: String,
    pub sgctl_version: String,
    pub cluster: String,
    /// Where the live state came from (additions to the first version of the contract).
    #[serde(default)]
    pub account_id: Option<String>,
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub vpc_id: Option<String>,
    pub desired: DesiredDoc,
    pub changes: Vec<ChangeDoc>,
    pub summary: SummaryDoc,
    pub warnings: Vec<WarningDoc>,
    pub fingerprint: String,
    /// For `apply PLANFILE`: what was read from the account, and a short hash per part of it
    /// (to say what changed when the plan is stale).
    #[serde(default)]
    pub read: ReadDoc,
    #[serde(default)]
    pub live_digests: BTreeMap<String, String>,
    /// Present when this is the output of `sgctl diff`: what was compared. Such a document
    /// describes no account, so `show` and `apply` refuse it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diff: Option<DiffDoc>,
    /// Present when a cluster export (`--cluster-export`) was read beneath the input: how many
    /// of the objects planned came from each.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objects: Option<ObjectsDoc>,
}

/// What `sgctl diff` compared: its OLD and NEW arguments as given (`origin/main:k8s`, `k8s`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiffDoc {
    pub old: String,
    pub new: String,
}

/// How many objects (of the kinds sgctl reads) the plan was computed from, by origin.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectsDoc {
    pub from_cluster_export: usize,
    pub from_input: usize,
}

impl PlanDocument {
    /// Every id of a group that exists only in an imagined account (`sg::PLACEHOLDER_ID_PREFIX`)
    /// made unknown (`null`), as the id of a group not created yet is: a diff's groups that
    /// only the old manifests create have no id anyone could look up.
    pub fn forget_placeholder_ids(self) -> PlanDocument {
        fn forget(value: &mut serde_json::Value) {
            match value {
                serde_json::Value::Object(fields) => {
                    for (key, field) in fields.iter_mut() {
                        let placeholder =
                            field.as_str().is_some_and(|id| id.starts_with(crate::sg::PLACEHOLDER_ID_PREFIX));
                        if placeholder && key == "id" {
                            *field = serde_json::Value::Null;
                        } else {
                            forget(field);
                        }
                    }
                }
                serde_json::Value::Array(items) => items.iter_mut().for_each(forget),
                _ => {}
            }
        }
        let mut value = serde_json::to_value(&self).expect("a plan document always serialises");
        forget(&mut value);
        serde_json::from_value(value).expect("a plan document reads back with unknown ids")
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadDoc {
    pub vpc_id: Option<String>,
    pub group_ids: Vec<String>,
    pub group_names: Vec<String>,
    /// The managed prefix lists read (left out when none, as before they were read).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prefix_list_ids: Vec<String>,
}

impl ReadDoc {
    /// What to read from the account again to check the plan is not stale.
    pub fn wanted(&self, cluster: &str) -> crate::state::Wanted {
        crate::state::Wanted {
            cluster: cluster.to_string(),
            vpc_id: self.vpc_id.clone(),
            group_ids: self.group_ids.iter().cloned().collect(),
            group_names: self.group_names.iter().cloned().collect(),
            prefix_list_ids: self.prefix_list_ids.iter().cloned().collect(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DesiredDoc {
    pub security_groups: Vec<SecurityGroupDoc>,
    pub load_balancers: Vec<LoadBalancerDoc>,
    pub node_rules: Vec<NodeRuleDoc>,
    /// Target rules whose ports the files cannot tell.
    #[serde(default)]
    pub unresolved_node_rules: Vec<UnresolvedDoc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityGroupDoc {
    pub address: String,
    pub id: Option<String>,
    pub name: String,
    pub description: String,
    pub vpc_id: Option<String>,
    pub tags: Tags,
    pub ingress: Vec<RuleRecord>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoadBalancerDoc {
    pub kind: String,
    /// `Ingress`, `Service` or `Gateway` (an addition to the first version of the contract;
    /// documents written before it read as unknown, `""`).
    #[serde(default)]
    pub object_kind: String,
    pub stack: String,
    pub scheme: String,
    pub security_groups: Vec<GroupRef>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeRuleDoc {
    pub security_group_id: String,
    #[serde(flatten)]
    pub rule: RuleRecord,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnresolvedDoc {
    pub protocol: String,
    pub source: String,
    pub reason: String,
    pub manifest: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupStateDoc {
    pub id: Option<String>,
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
    pub ingress: Vec<RuleRecord>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleUpdateDoc {
    pub before: RuleRecord,
    pub after: RuleRecord,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeDoc {
    pub address: String,
    pub action: Action,
    pub security_group: GroupRef,
    pub before: Option<GroupStateDoc>,
    pub after: Option<GroupStateDoc>,
    pub rules_added: Vec<AddedRuleDoc>,
    pub rules_removed: Vec<RuleRecord>,
    /// Description-only rule changes.
    #[serde(default)]
    pub rules_updated: Vec<RuleUpdateDoc>,
    pub tags_set: Tags,
    pub tags_removed: Vec<String>,
}

/// A rule a change adds, and whether it widens access (`plan::widening`: it admits a
/// protocol, port or source nothing of the group admitted before). Documents written before
/// the mark existed read as not widening.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AddedRuleDoc {
    #[serde(flatten)]
    pub rule: RuleRecord,
    #[serde(default)]
    pub widens_access: bool,
}

impl ChangeDoc {
    /// A change of a target (node) SG's rules, not of a group sgctl owns.
    pub fn is_node_rules(&self) -> bool {
        self.address.starts_with("security_group_rules.")
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummaryDoc {
    pub add: usize,
    pub change: usize,
    pub destroy: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarningDoc {
    pub code: String,
    pub message: String,
    pub source: Option<String>,
}

/// Writes the document as pretty JSON with a final newline, through a buffer.
pub fn write(document: &PlanDocument, out: impl std::io::Write) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut out, document)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// The document's text, as `write` writes it.
pub fn to_text(document: &PlanDocument) -> String {
    let mut text = Vec::new();
    write(document, &mut text).expect("writing into memory cannot fail");
    String::from_utf8(text).expect("serde_json writes UTF-8")
}
