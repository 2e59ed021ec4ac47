//! Rule edits on target (node) SGs: the aggregated rules added where missing (a desired rule
//! present under any description counts as present), and only the rules carrying the
//! controller's label revoked, never one whose (protocol, source) has an unknown port. An SG
//! missing from the live state gets additions only, with a warning.
//!
//! Mirrors `pkg/networking/networking_manager.go: reconcileWithIngressPermissionsPerSG`.

use super::{compare_rules, RuleDiff};
use crate::model::{Desired, Warning};
use crate::plan::{widening, Action, Change, GroupState};
use crate::sg::{is_owned_node_rule, Account, AccountSecurityGroup, GroupRef, Rule, Tags};
use std::collections::BTreeSet;

/// Rule edits on node (target) SGs: only owned rules are revoked; a desired rule already
/// present under any description counts as present (the controller compares rules without
/// their descriptions).
pub(super) fn node_changes(
    desired: &Desired,
    account: &Account,
    additive: bool,
    changes: &mut Vec<Change>,
    warnings: &mut Vec<Warning>,
) {
    let uncertain: BTreeSet<(String, String)> =
        desired.unresolved.iter().map(|rule| (rule.protocol.to_string(), rule.peer.to_string())).collect();
    let empty = Vec::new();
    for id in &desired.target_groups {
        let wanted = desired.node_rules.get(id).unwrap_or(&empty);
        let Some(existing) = account.security_group(id) else {
            warnings.push(Warning {
                code: "node-security-group-not-in-snapshot",
                message: format!("node security group {id} is not in the live state; its existing rules are unknown, so only additions are planned"),
                source: None,
            });
            if !wanted.is_empty() {
                changes.push(node_change(id, None, wanted, RuleDiff { added: wanted.clone(), ..RuleDiff::default() }));
            }
            continue;
        };
        let revocable = |rule: &Rule| {
            is_owned_node_rule(rule) && !uncertain.contains(&(rule.protocol.to_string(), rule.peer.to_string()))
        };
        let mut rules = compare_rules(wanted, &existing.ingress, revocable, additive);
        // On node SGs a description difference is not ours to edit: the rule is present.
        rules.unchanged += rules.updated.len();
        rules.updated.clear();
        if !rules.is_empty() {
            changes.push(node_change(id, Some(existing), wanted, rules));
        }
    }
}

fn node_change(id: &str, existing: Option<&AccountSecurityGroup>, wanted: &[Rule], rules: RuleDiff) -> Change {
    let owned: Vec<Rule> =
        existing.map(|g| g.ingress.iter().filter(|r| is_owned_node_rule(r)).cloned().collect()).unwrap_or_default();
    // A group known only by its id (a snapshot written by hand, `sgctl diff` without one) has no name.
    let name = existing.map(|g| g.name.clone()).filter(|name| !name.is_empty());
    // Every rule of the SG admits traffic, the controller's or not.
    let before = existing.map_or(&[][..], |group| group.ingress.as_slice());
    Change {
        address: format!("security_group_rules.node[\"{id}\"]"),
        action: Action::Update,
        security_group: GroupRef { id: Some(id.to_string()), name: name.clone() },
        node_rules_only: true,
        before: Some(GroupState {
            id: Some(id.to_string()),
            name: name.clone(),
            description: None,
            vpc_id: None,
            tags: None,
            ingress: owned,
        }),
        after: Some(GroupState {
            id: Some(id.to_string()),
            name,
            description: None,
            vpc_id: None,
            tags: None,
            ingress: wanted.to_vec(),
        }),
        widens_access: rules.added.iter().map(|rule| widening::widens(rule, before)).collect(),
        rules_added: rules.added,
        rules_removed: rules.removed,
        rules_updated: Vec::new(),
        unchanged_rules: rules.unchanged,
        tags_set: Tags::new(),
        tags_removed: Tags::new(),
        tags_before: Tags::new(),
    }
}
