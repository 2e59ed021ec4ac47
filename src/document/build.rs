//! A plan as its document: the desired state with the ids of existing groups filled in, each
//! desired rule with why it exists, the changes (each added rule with the provenance of its
//! group), the summary, the warnings, and what was read from the account.

use super::{
    AddedRuleDoc, ChangeDoc, DesiredDoc, GroupStateDoc, LoadBalancerDoc, NodeRuleDoc, PlanDocument, ReadDoc,
    RuleUpdateDoc, SecurityGroupDoc, SummaryDoc, UnresolvedDoc, WarningDoc, FORMAT_VERSION,
};
use crate::model::{Desired, DesiredGroup, LoadBalancer, UnresolvedRule, Warning};
use crate::plan::{Change, GroupState, Plan};
use crate::sg::record::RuleRecord;
use crate::sg::{GroupRef, Provenance, Rule};
use std::collections::{BTreeMap, HashMap};

/// Why each rule exists, by `Rule::identity_text` (as the model keeps it).
type ProvenanceMap = BTreeMap<String, Vec<Provenance>>;

/// The document of a plan.
pub fn build(plan: &Plan) -> PlanDocument {
    let summary = plan.summary();
    // The two big parts, each on a core: 25 of 57 ms at 20,000 objects (docs/performance.md).
    let (desired, changes) =
        rayon::join(|| desired_doc(&plan.desired, &plan.changes, &plan.vpc_id), || change_docs(plan));
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
        read: ReadDoc {
            vpc_id: plan.read.vpc_id.clone(),
            group_ids: plan.read.group_ids.iter().cloned().collect(),
            group_names: plan.read.group_names.iter().cloned().collect(),
            prefix_list_ids: plan.read.prefix_list_ids.iter().cloned().collect(),
        },
        live_digests: plan.digests.clone(),
        diff: None,
        objects: None,
    }
}

fn records(rules: &[Rule]) -> Vec<RuleRecord> {
    rules.iter().map(RuleRecord::from).collect()
}

/// Records with the provenance of each rule (none when the map does not have it).
fn explained(rules: &[Rule], provenance: &ProvenanceMap) -> Vec<RuleRecord> {
    rules
        .iter()
        .map(|rule| RuleRecord {
            provenance: provenance.get(&rule.identity_text()).cloned().unwrap_or_default(),
            ..RuleRecord::from(rule)
        })
        .collect()
}

fn desired_doc(desired: &Desired, changes: &[Change], vpc_id: &Option<String>) -> DesiredDoc {
    // Ids of existing groups: by address from the changes, else by name from the resolved
    // load-balancer lists.
    let by_address: HashMap<&str, &GroupRef> = changes
        .iter()
        .filter(|change| change.security_group.id.is_some())
        .map(|change| (change.address.as_str(), &change.security_group))
        .collect();
    let by_name: HashMap<&str, &GroupRef> = desired
        .load_balancers
        .iter()
        .flat_map(|lb| lb.security_groups.iter())
        .filter_map(|group| Some((group.name.as_deref()?, group)).filter(|_| group.id.is_some()))
        .collect();
    let id_of = |group: &DesiredGroup| {
        by_address.get(group.address.as_str()).or_else(|| by_name.get(group.name.as_str())).and_then(|r| r.id.clone())
    };
    let empty = ProvenanceMap::new();
    let node_rules = desired
        .node_rules
        .iter()
        .flat_map(|(id, rules)| {
            explained(rules, desired.node_provenance.get(id).unwrap_or(&empty))
                .into_iter()
                .map(move |rule| NodeRuleDoc { security_group_id: id.clone(), rule })
        })
        .collect();
    DesiredDoc {
        security_groups: desired.security_groups.iter().map(|group| group_doc(group, id_of(group), vpc_id)).collect(),
        load_balancers: desired.load_balancers.iter().map(lb_doc).collect(),
        node_rules,
        unresolved_node_rules: desired.unresolved.iter().map(unresolved_doc).collect(),
    }
}

fn group_doc(group: &DesiredGroup, id: Option<String>, vpc_id: &Option<String>) -> SecurityGroupDoc {
    SecurityGroupDoc {
        address: group.address.clone(),
        id,
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
        object_kind: lb.object_kind.as_str().into(),
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

fn warning_doc(warning: &Warning) -> WarningDoc {
    WarningDoc {
        code: warning.code.into(),
        message: warning.message.clone(),
        source: warning.source.as_ref().map(ToString::to_string),
    }
}

/// The changes, each added rule with the provenance the desired state gives it: a node SG's
/// from the node rules, a group's from its desired group (the first with the address).
fn change_docs(plan: &Plan) -> Vec<ChangeDoc> {
    let mut by_address: HashMap<&str, &ProvenanceMap> = HashMap::new();
    for group in &plan.desired.security_groups {
        by_address.entry(group.address.as_str()).or_insert(&group.provenance);
    }
    let empty = ProvenanceMap::new();
    plan.changes
        .iter()
        .map(|change| {
            let provenance = if change.node_rules_only {
                let id = change.security_group.id.as_deref().unwrap_or_default();
                plan.desired.node_provenance.get(id).unwrap_or(&empty)
            } else {
                by_address.get(change.address.as_str()).copied().unwrap_or(&empty)
            };
            ChangeDoc {
                address: change.address.clone(),
                action: change.action,
                security_group: change.security_group.clone(),
                before: change.before.as_ref().map(state_doc),
                after: change.after.as_ref().map(state_doc),
                rules_added: explained(&change.rules_added, provenance)
                    .into_iter()
                    .zip(&change.widens_access)
                    .map(|(rule, &widens_access)| AddedRuleDoc { rule, widens_access })
                    .collect(),
                rules_removed: records(&change.rules_removed),
                rules_updated: change
                    .rules_updated
                    .iter()
                    .map(|u| RuleUpdateDoc { before: RuleRecord::from(&u.before), after: RuleRecord::from(&u.after) })
                    .collect(),
                tags_set: change.tags_set.clone(),
                tags_removed: change.tags_removed.keys().cloned().collect(),
            }
        })
        .collect()
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
