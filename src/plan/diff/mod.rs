//! The diff: a pure function from desired state and account to a plan.
//!
//! Desired and live groups are matched by the controller's tags (cluster, stack,
//! resource), never by name (`live`). Rules are compared one source each, by identity
//! without the description. The cluster's managed groups with no desired counterpart are
//! destroyed; the backend SG only when no load balancer of the controller remains
//! (`pkg/networking/backend_sg_provider.go`). On node SGs only the controller's labelled
//! rules are revoked (`node`). `additive` plans no deletes, revokes or tag removals.
//!
//! Mirrors `pkg/deploy/ec2/security_group_synthesizer.go` and `security_group_manager.go`.

mod live;
mod node;
mod resolve;
#[cfg(test)]
mod tests;

use super::{widening, Action, Change, GroupState, Plan, RuleUpdate};
use crate::model::{Desired, DesiredGroup, GroupRole};
use crate::settings::Settings;
use crate::sg::{tags, Account, AccountSecurityGroup, GroupRef, Rule, Tags};
use live::{match_key, LiveGroups};
use resolve::resolve_ids;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// The live state cannot be planned against: a group carries a stack tag but no resource tag,
/// which the controller refuses too.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DiffError {
    #[error("unexpected securityGroup with no resourceID: {id}\n  hint: the group carries {stack_key} but not {resource_key}; fix its tags or delete it")]
    NoResourceTag { id: String, stack_key: &'static str, resource_key: &'static str },
}

pub fn diff(mut desired: Desired, account: &Account, settings: &Settings, additive: bool) -> Result<Plan, DiffError> {
    let live = LiveGroups::collect(account, settings)?;
    let mut warnings = std::mem::take(&mut desired.warnings);

    // Match desired groups to live ones; extra live groups with the same key are duplicates.
    // `found[i]` is the live group of `desired.security_groups[i]` (addresses are unique).
    let found: Vec<Option<&AccountSecurityGroup>> = desired
        .security_groups
        .iter()
        .map(|group| live.by_key.get(&match_key(&group.role)).map(|found| found.first))
        .collect();
    let claimed: HashSet<&str> = found.iter().flatten().map(|group| group.id.as_str()).collect();
    resolve_ids(&mut desired, &found, account);
    // An existing group keeps its name (EC2 cannot rename a group): the one found by its
    // tags is the group, whatever it is called.
    for (group, existing) in desired.security_groups.iter_mut().zip(&found) {
        if let Some(existing) = existing {
            group.name = existing.name.clone();
        }
    }

    let mut changes: Vec<Change> = desired
        .security_groups
        .iter()
        .zip(&found)
        .filter_map(|(group, existing)| match existing {
            None => Some(create(group)),
            Some(existing) => update(group, existing, settings, additive),
        })
        .collect();
    if !additive {
        // The model sorts the desired groups by address.
        debug_assert!(desired.security_groups.is_sorted_by(|a, b| a.address <= b.address));
        let is_desired_address = |address: &str| {
            desired.security_groups.binary_search_by(|group| group.address.as_str().cmp(address)).is_ok()
        };
        for (key, found) in &live.by_key {
            let is_backend = key.0 == tags::ELBV2_RESOURCE;
            let (stack_key, stack, _) = *key;
            for group in found.all() {
                if claimed.contains(group.id.as_str()) {
                    continue;
                }
                if is_backend && (desired.keeps_backend || settings.backend_security_group.is_some()) {
                    continue;
                }
                let address = if is_backend {
                    "security_group.backend".to_string()
                } else if stack_key == tags::GATEWAY_ALB_STACK || stack_key == tags::GATEWAY_NLB_STACK {
                    crate::model::gateway_address(stack)
                } else {
                    let plain = crate::model::frontend_address(stack);
                    // As the model addresses an NLB's group whose address an Ingress group has.
                    if stack_key == tags::SERVICE_STACK && is_desired_address(&plain) {
                        crate::model::service_frontend_address(stack)
                    } else {
                        plain
                    }
                };
                changes.push(delete(address, group));
            }
        }
    }
    node::node_changes(&desired, account, additive, &mut changes, &mut warnings);
    changes.sort_by(|a, b| (&a.address, &a.security_group.id).cmp(&(&b.address, &b.security_group.id)));
    warnings.sort();
    warnings.dedup();
    Ok(Plan {
        cluster: settings.cluster_name.clone(),
        account_id: account.account_id.clone(),
        region: account.region.clone(),
        vpc_id: settings.vpc_id.clone().or_else(|| (account.vpcs.len() == 1).then(|| account.vpcs[0].id.clone())),
        desired,
        changes,
        warnings,
        // Filled in by the pipeline, which also knows what was read.
        fingerprint: String::new(),
        digests: BTreeMap::new(),
        read: crate::state::Wanted::default(),
    })
}

fn state_of(group: &DesiredGroup, id: Option<String>) -> GroupState {
    GroupState {
        id,
        name: Some(group.name.clone()),
        description: Some(group.description.clone()),
        vpc_id: None,
        tags: Some(group.tags.clone()),
        ingress: group.ingress.clone(),
    }
}

fn live_state(group: &AccountSecurityGroup) -> GroupState {
    GroupState {
        id: Some(group.id.clone()),
        name: Some(group.name.clone()),
        description: Some(group.description.clone()),
        vpc_id: Some(group.vpc_id.clone()),
        tags: Some(group.tags.clone()),
        ingress: group.ingress.clone(),
    }
}

fn create(group: &DesiredGroup) -> Change {
    Change {
        address: group.address.clone(),
        action: Action::Create,
        security_group: GroupRef::by_name(group.name.clone()),
        node_rules_only: false,
        before: None,
        after: Some(state_of(group, None)),
        rules_added: group.ingress.clone(),
        widens_access: vec![true; group.ingress.len()],
        rules_removed: Vec::new(),
        rules_updated: Vec::new(),
        unchanged_rules: 0,
        tags_set: group.tags.clone(),
        tags_removed: Tags::new(),
        tags_before: Tags::new(),
    }
}

fn delete(address: String, group: &AccountSecurityGroup) -> Change {
    Change {
        address,
        action: Action::Delete,
        security_group: GroupRef { id: Some(group.id.clone()), name: Some(group.name.clone()) },
        node_rules_only: false,
        before: Some(live_state(group)),
        after: None,
        rules_added: Vec::new(),
        widens_access: Vec::new(),
        rules_removed: group.ingress.clone(),
        rules_updated: Vec::new(),
        unchanged_rules: 0,
        tags_set: Tags::new(),
        tags_removed: Tags::new(),
        tags_before: Tags::new(),
    }
}

/// An existing managed group: tag and rule differences, or nothing.
fn update(
    group: &DesiredGroup,
    existing: &AccountSecurityGroup,
    settings: &Settings,
    additive: bool,
) -> Option<Change> {
    let ignored = |key: &str| {
        key.starts_with("aws:")
            || (matches!(group.role, GroupRole::Frontend { .. })
                && (tags::is_unreconciled_key(key) || settings.external_managed_tags.iter().any(|k| k == key)))
    };
    let mut tags_set = Tags::new();
    let mut tags_before = Tags::new();
    for (key, value) in &group.tags {
        match existing.tags.get(key) {
            Some(old) if old == value => {}
            Some(old) => {
                tags_before.insert(key.clone(), old.clone());
                tags_set.insert(key.clone(), value.clone());
            }
            None => {
                tags_set.insert(key.clone(), value.clone());
            }
        }
    }
    let mut tags_removed = Tags::new();
    if !additive {
        for (key, value) in &existing.tags {
            if !group.tags.contains_key(key) && !ignored(key) {
                tags_removed.insert(key.clone(), value.clone());
            }
        }
    }
    let rules = compare_rules(&group.ingress, &existing.ingress, |_| true, additive);
    if tags_set.is_empty() && tags_removed.is_empty() && rules.is_empty() {
        return None;
    }
    Some(Change {
        address: group.address.clone(),
        action: Action::Update,
        security_group: GroupRef { id: Some(existing.id.clone()), name: Some(existing.name.clone()) },
        node_rules_only: false,
        before: Some(live_state(existing)),
        after: Some(state_of(group, Some(existing.id.clone()))),
        widens_access: rules.added.iter().map(|rule| widening::widens(rule, &existing.ingress)).collect(),
        rules_added: rules.added,
        rules_removed: rules.removed,
        rules_updated: rules.updated,
        unchanged_rules: rules.unchanged,
        tags_set,
        tags_removed,
        tags_before,
    })
}

#[derive(Debug, Default)]
pub(super) struct RuleDiff {
    pub added: Vec<Rule>,
    pub removed: Vec<Rule>,
    pub updated: Vec<RuleUpdate>,
    pub unchanged: usize,
}

impl RuleDiff {
    pub(super) fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.updated.is_empty()
    }
}

/// Set difference by rule identity. `revocable` says which live rules sgctl may revoke.
pub(super) fn compare_rules(
    desired: &[Rule],
    live: &[Rule],
    revocable: impl Fn(&Rule) -> bool,
    additive: bool,
) -> RuleDiff {
    let live_by_key: BTreeMap<_, &Rule> = live.iter().map(|rule| (rule.key(), rule)).collect();
    let desired_keys: BTreeSet<_> = desired.iter().map(Rule::key).collect();
    let mut result = RuleDiff::default();
    for rule in desired {
        match live_by_key.get(&rule.key()) {
            None => result.added.push(rule.clone()),
            Some(existing) if existing.description != rule.description && revocable(existing) => {
                result.updated.push(RuleUpdate { before: (*existing).clone(), after: rule.clone() })
            }
            Some(_) => result.unchanged += 1,
        }
    }
    if !additive {
        result.removed =
            live.iter().filter(|rule| !desired_keys.contains(&rule.key()) && revocable(rule)).cloned().collect();
    }
    result
}
