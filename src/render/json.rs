//! The JSON plan document (contracts §2): the typed form other programs build on. Sets are
//! sorted, so the same plan always gives byte-identical text.

use crate::model::{Desired, DesiredGroup, LoadBalancer, UnresolvedRule, Warning};
use crate::plan::{Action, Change, GroupState, Plan, RuleUpdate};
use crate::sg::record::RuleRecord;
use crate::sg::{GroupRef, Provenance, Rule, Tags};
use foldhash::{HashMap, HashMapExt};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const FORMAT_VERSION: &str = "1";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanDocument {
    pub format_version: String,
    pub sgctl_version: String,
    pub cluster: String,
    /// Additions to contracts §2: where the live state came from.
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
    /// Additions to contracts §2, for `apply PLANFILE`: what was read from the account, and
    /// a short hash per part of it (to say what changed when the plan is stale).
    #[serde(default)]
    pub read: ReadDoc,
    #[serde(default)]
    pub live_digests: BTreeMap<String, String>,
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DesiredDoc {
    pub security_groups: Vec<SecurityGroupDoc>,
    pub load_balancers: Vec<LoadBalancerDoc>,
    pub node_rules: Vec<NodeRuleDoc>,
    /// Target rules whose ports the files cannot tell (an addition to contracts §2).
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
    pub action: String,
    pub security_group: GroupRef,
    pub before: Option<GroupStateDoc>,
    pub after: Option<GroupStateDoc>,
    pub rules_added: Vec<RuleRecord>,
    pub rules_removed: Vec<RuleRecord>,
    /// Description-only rule changes (an addition to contracts §2).
    #[serde(default)]
    pub rules_updated: Vec<RuleUpdateDoc>,
    pub tags_set: Tags,
    pub tags_removed: Vec<String>,
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

fn records(rules: &[Rule]) -> Vec<RuleRecord> {
    rules.iter().map(RuleRecord::from).collect()
}

/// Records with the provenance of each rule, from a map keyed by `Rule::identity_text`.
fn explained(rules: &[Rule], provenance: &ProvenanceMap) -> Vec<RuleRecord> {
    rules
        .iter()
        .map(|rule| RuleRecord { provenance: provenance_of(rule, provenance).to_vec(), ..RuleRecord::from(rule) })
        .collect()
}

/// Why each rule exists, by `Rule::identity_text` (as the model keeps it).
pub(super) type ProvenanceMap = BTreeMap<String, Vec<Provenance>>;

/// A rule's provenance in `map` (empty when it has none there).
pub(super) fn provenance_of<'a>(rule: &Rule, map: &'a ProvenanceMap) -> &'a [Provenance] {
    thread_local! {
        // The identity text of the rule being looked up, in one buffer per thread rather
        // than a new string per rule (a big document looks up hundreds of thousands).
        static KEY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    let found = KEY.with_borrow_mut(|key| {
        key.clear();
        rule.write_identity_text(key);
        map.get(key.as_str())
    });
    found.map_or(&[], Vec::as_slice)
}

/// Where each change's added rules are explained: a node SG's in the node rules'
/// provenance, a group's in its desired group's (the first group with the address wins, as
/// a search through the list would find it).
pub(super) struct ChangeProvenance<'a> {
    desired: &'a Desired,
    by_address: HashMap<&'a str, &'a ProvenanceMap>,
}

impl<'a> ChangeProvenance<'a> {
    pub(super) fn new(desired: &'a Desired) -> ChangeProvenance<'a> {
        let mut by_address = HashMap::with_capacity(desired.security_groups.len());
        for group in &desired.security_groups {
            by_address.entry(group.address.as_str()).or_insert(&group.provenance);
        }
        ChangeProvenance { desired, by_address }
    }

    pub(super) fn of(&self, change: &Change) -> Option<&'a ProvenanceMap> {
        if change.node_rules_only {
            Some(&self.desired.node_provenance)
        } else {
            self.by_address.get(change.address.as_str()).copied()
        }
    }
}

fn group_doc(group: &DesiredGroup, ids: &HashMap<&str, &GroupRef>, vpc_id: &Option<String>) -> SecurityGroupDoc {
    SecurityGroupDoc {
        address: group.address.clone(),
        id: ids.get(group.address.as_str()).and_then(|r| r.id.clone()),
        name: group.name.clone(),
        description: group.description.clone(),
        vpc_id: vpc_id.clone(),
        tags: group.tags.clone(),
        ingress: explained(&group.ingress, &group.provenance),
    }
}

fn lb_doc(lb: &LoadBalancer) -> LoadBalancerDoc {
    LoadBalancerDoc {
        kind: lb.kind.as_str().into(),
        stack: lb.stack.clone(),
        scheme: lb.scheme.as_str().into(),
        security_groups: lb.security_groups.clone(),
    }
}

fn unresolved_doc(rule: &UnresolvedRule) -> UnresolvedDoc {
    UnresolvedDoc {
        protocol: rule.protocol.to_string(),
        source: rule.peer.to_string(),
        reason: rule.reason.clone(),
        manifest: rule.source.to_string(),
    }
}

fn state_doc(state: &GroupState) -> GroupStateDoc {
    GroupStateDoc {
        id: state.id.clone(),
        name: state.name.clone(),
        description: state.description.clone(),
        vpc_id: state.vpc_id.clone(),
        tags: state.tags.clone(),
        ingress: records(&state.ingress),
    }
}

fn change_doc(change: &Change) -> ChangeDoc {
    ChangeDoc {
        address: change.address.clone(),
        action: change.action.as_str().into(),
        security_group: change.security_group.clone(),
        before: change.before.as_ref().map(state_doc),
        after: change.after.as_ref().map(state_doc),
        rules_added: records(&change.rules_added),
        rules_removed: records(&change.rules_removed),
        rules_updated: change
            .rules_updated
            .iter()
            .map(|u| RuleUpdateDoc { before: RuleRecord::from(&u.before), after: RuleRecord::from(&u.after) })
            .collect(),
        tags_set: change.tags_set.clone(),
        tags_removed: change.tags_removed.keys().cloned().collect(),
    }
}

pub(super) fn warning_doc(warning: &Warning) -> WarningDoc {
    WarningDoc {
        code: warning.code.into(),
        message: warning.message.clone(),
        source: warning.source.as_ref().map(ToString::to_string),
    }
}

/// Ids of existing groups by address, from the changes. (Looked up, never listed: a hash
/// map, as addresses share a long prefix that every comparison in a sorted map would read.)
pub(super) fn ids_by_address(changes: &[Change]) -> HashMap<&str, &GroupRef> {
    let mut ids = HashMap::with_capacity(changes.len());
    for change in changes {
        if change.security_group.id.is_some() {
            ids.insert(change.address.as_str(), &change.security_group);
        }
    }
    ids
}

/// Ids of existing groups by name, from the resolved load-balancer lists.
pub(super) fn ids_by_name(desired: &Desired) -> HashMap<&str, &GroupRef> {
    // Sized once: a big cluster has tens of thousands of load balancers (growing rehashes).
    let mut by_name = HashMap::with_capacity(desired.load_balancers.len());
    for lb in &desired.load_balancers {
        for group in &lb.security_groups {
            if let (Some(_), Some(name)) = (&group.id, &group.name) {
                by_name.insert(name.as_str(), group);
            }
        }
    }
    by_name
}

fn desired_doc(desired: &Desired, changes: &[Change], vpc_id: &Option<String>) -> DesiredDoc {
    // Ids of existing groups come from the changes and the resolved load-balancer lists.
    let ids = ids_by_address(changes);
    let by_name = ids_by_name(desired);
    let security_groups = desired
        .security_groups
        .iter()
        .map(|group| {
            let mut doc = group_doc(group, &ids, vpc_id);
            if doc.id.is_none() {
                doc.id = by_name.get(group.name.as_str()).and_then(|r| r.id.clone());
            }
            doc
        })
        .collect();
    let node_rules = desired
        .node_rules
        .iter()
        .flat_map(|(id, rules)| {
            explained(rules, &desired.node_provenance)
                .into_iter()
                .map(move |rule| NodeRuleDoc { security_group_id: id.clone(), rule })
        })
        .collect();
    DesiredDoc {
        security_groups,
        load_balancers: desired.load_balancers.iter().map(lb_doc).collect(),
        node_rules,
        unresolved_node_rules: desired.unresolved.iter().map(unresolved_doc).collect(),
    }
}

/// The typed document for a plan.
pub fn document(plan: &Plan) -> PlanDocument {
    let summary = plan.summary();
    // The desired state and the changes are the two big parts; each is built on a core.
    let (desired, changes) = std::thread::scope(|scope| {
        let desired = scope.spawn(|| desired_doc(&plan.desired, &plan.changes, &plan.vpc_id));
        let changes = change_docs(plan);
        (desired.join().expect("building the desired state's document does not panic"), changes)
    });
    PlanDocument {
        format_version: FORMAT_VERSION.into(),
        sgctl_version: env!("CARGO_PKG_VERSION").into(),
        cluster: plan.cluster.clone(),
        account_id: plan.account_id.clone(),
        region: plan.region.clone(),
        vpc_id: plan.vpc_id.clone(),
        desired,
        changes,
        summary: SummaryDoc { add: summary.add, change: summary.change, destroy: summary.destroy },
        warnings: plan.warnings.iter().map(warning_doc).collect(),
        fingerprint: plan.fingerprint.clone(),
        read: read_doc(&plan.read),
        live_digests: plan.digests.clone(),
    }
}

/// What was read from the account, as the document records it.
pub(super) fn read_doc(read: &crate::state::Wanted) -> ReadDoc {
    ReadDoc {
        vpc_id: read.vpc_id.clone(),
        group_ids: read.group_ids.iter().cloned().collect(),
        group_names: read.group_names.iter().cloned().collect(),
        prefix_list_ids: read.prefix_list_ids.iter().cloned().collect(),
    }
}

/// The changes, each added rule with the provenance of its desired group.
fn change_docs(plan: &Plan) -> Vec<ChangeDoc> {
    let provenance = ChangeProvenance::new(&plan.desired);
    plan.changes
        .iter()
        .map(|change| {
            let mut doc = change_doc(change);
            if let Some(provenance) = provenance.of(change) {
                doc.rules_added = explained(&change.rules_added, provenance);
            }
            doc
        })
        .collect()
}

fn rules_of(records: &[RuleRecord]) -> Result<Vec<Rule>, String> {
    let mut rules = Vec::new();
    for record in records {
        rules.extend(record.clone().into_rules()?);
    }
    Ok(rules)
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

/// The changes of a saved plan, for `apply PLANFILE`.
pub fn changes_from_document(document: &PlanDocument) -> Result<Vec<Change>, String> {
    document
        .changes
        .iter()
        .map(|doc| {
            let action = match doc.action.as_str() {
                "create" => Action::Create,
                "update" => Action::Update,
                "delete" => Action::Delete,
                other => return Err(format!("{}: unknown action {other:?}", doc.address)),
            };
            let rules_updated = doc
                .rules_updated
                .iter()
                .map(|update| {
                    let before = rules_of(std::slice::from_ref(&update.before))?.remove(0);
                    let after = rules_of(std::slice::from_ref(&update.after))?.remove(0);
                    Ok(RuleUpdate { before, after })
                })
                .collect::<Result<Vec<_>, String>>()?;
            Ok(Change {
                address: doc.address.clone(),
                action,
                security_group: doc.security_group.clone(),
                node_rules_only: doc.address.starts_with("security_group_rules."),
                before: doc.before.as_ref().map(state_of).transpose()?,
                after: doc.after.as_ref().map(state_of).transpose()?,
                rules_added: rules_of(&doc.rules_added)?,
                rules_removed: rules_of(&doc.rules_removed)?,
                rules_updated,
                unchanged_rules: 0,
                tags_set: doc.tags_set.clone(),
                tags_removed: doc.tags_removed.iter().map(|key| (key.clone(), String::new())).collect(),
                tags_before: Tags::new(),
            })
        })
        .collect()
}

pub fn to_text(document: &PlanDocument) -> String {
    let mut text = crate::pretty_json::to_string(document).unwrap_or_default();
    text.push('\n');
    text
}
