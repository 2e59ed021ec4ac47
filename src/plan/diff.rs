//! The diff: a pure function from desired state and account to a plan.
//!
//! Desired and live groups are matched by the controller's tags (cluster, stack,
//! resource), never by name (`security_group_synthesizer.go: matchResAndSDKSecurityGroups`).
//! Rules are compared one source each, by identity without the description. The cluster's
//! managed groups with no desired counterpart are destroyed; the backend SG only when no
//! load balancer of the controller remains (spec §6). `additive` plans no deletes and no
//! revokes.

use super::ownership::is_owned_node_rule;
use super::{Action, Change, GroupState, Plan, RuleUpdate};
use crate::manifest::InputError;
use crate::model::{Desired, DesiredGroup, GroupRole, Warning};
use crate::settings::Settings;
use crate::sg::{tags, Account, AccountSecurityGroup, GroupRef, Peer, Rule, Tags};
use foldhash::{HashMap, HashSet, HashSetExt};
use std::collections::{BTreeMap, BTreeSet};

/// Identity of a managed group in the account: (stack key, stack, resource) or the backend.
/// Borrowed from the tags and the model: a big account has tens of thousands of groups.
type MatchKey<'a> = (&'a str, &'a str, &'a str);

pub fn diff(mut desired: Desired, account: &Account, settings: &Settings, additive: bool) -> Result<Plan, InputError> {
    let live = LiveGroups::collect(account, settings)?;
    let mut warnings = std::mem::take(&mut desired.warnings);

    // Match desired groups to live ones; extra live groups with the same key are duplicates.
    // Each group's work (here, the updates below, and re-keying its rules) is its own, so a
    // big plan splits it over two cores; the results are merged in the groups' order.
    let found = crate::parallel::map(&desired.security_groups, |group| {
        live.by_key.get(&match_key(&group.role)).map(|found| found.first)
    });
    // `found[i]` is the live group of `desired.security_groups[i]` (addresses are unique).
    // Claimed live groups are known by where they are in the account, not by their ids:
    // no string to hash per group.
    let mut claimed: HashSet<*const AccountSecurityGroup> = HashSet::with_capacity(found.len());
    for existing in found.iter().flatten() {
        claimed.insert(*existing);
    }
    resolve_ids(&mut desired, &found, account);
    // An existing group keeps its name (EC2 cannot rename a group): the one found by its
    // tags is the group, whatever it is called.
    for (group, existing) in desired.security_groups.iter_mut().zip(&found) {
        if let Some(existing) = existing {
            group.name = existing.name.clone();
        }
    }

    let pairs: Vec<(&DesiredGroup, Option<&AccountSecurityGroup>)> =
        desired.security_groups.iter().zip(found.iter().copied()).collect();
    let mut changes: Vec<Change> = crate::parallel::map(&pairs, |(group, existing)| match existing {
        None => Some(create(group)),
        Some(existing) => update(group, existing, settings, additive),
    })
    .into_iter()
    .flatten()
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
                if claimed.contains(&std::ptr::from_ref(group)) {
                    continue;
                }
                if is_backend && (desired.keeps_backend || settings.backend_security_group.is_some()) {
                    continue;
                }
                let address = if is_backend {
                    "security_group.backend".to_string()
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
    crate::pipeline::timed("diff: node rules", || {
        node_changes(&desired, account, additive, &mut changes, &mut warnings)
    });
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
        // Filled in by the pipeline, which hashes the account while the model is built.
        fingerprint: String::new(),
        digests: BTreeMap::new(),
        read: crate::state::Wanted::default(),
    })
}

fn match_key(role: &GroupRole) -> MatchKey<'_> {
    match role {
        GroupRole::Frontend { stack_key, resource_key: _, stack } => (stack_key, stack, tags::MANAGED_LB_SG),
        GroupRole::Backend => (tags::ELBV2_RESOURCE, "", tags::BACKEND_SG),
    }
}

/// The cluster's managed groups in the account, by match key. Unordered: the deletes it
/// yields are sorted with every other change.
#[derive(Debug, Default)]
struct LiveGroups<'a> {
    by_key: HashMap<MatchKey<'a>, Found<'a>>,
}

/// The live groups of one match key: nearly always one, so the others (duplicates) take no
/// allocation of their own unless there are any (a big account has tens of thousands of keys).
#[derive(Debug)]
struct Found<'a> {
    /// The group with the lowest id: the one the desired group is matched to.
    first: &'a AccountSecurityGroup,
    others: Vec<&'a AccountSecurityGroup>,
}

impl<'a> Found<'a> {
    fn add(&mut self, group: &'a AccountSecurityGroup) {
        if group.id < self.first.id {
            self.others.push(std::mem::replace(&mut self.first, group));
        } else {
            self.others.push(group);
        }
    }

    fn all(&self) -> impl Iterator<Item = &'a AccountSecurityGroup> + '_ {
        std::iter::once(self.first).chain(self.others.iter().copied())
    }
}

impl<'a> LiveGroups<'a> {
    /// Each group's keys are read from its tags on two cores (a big account has tens of
    /// thousands of groups), then gathered in the account's order: the first error is the
    /// first group's in that order.
    fn collect(account: &'a Account, settings: &Settings) -> Result<Self, InputError> {
        let groups: Vec<&'a AccountSecurityGroup> = account.security_groups.iter().collect();
        let keyed = crate::parallel::map(&groups, |group| keys_of(group, settings));
        let mut live = LiveGroups { by_key: HashMap::with_capacity_and_hasher(keyed.len(), Default::default()) };
        for (group, keys) in groups.into_iter().zip(keyed) {
            for key in keys?.into_iter().flatten() {
                match live.by_key.entry(key) {
                    std::collections::hash_map::Entry::Vacant(vacant) => {
                        vacant.insert(Found { first: group, others: Vec::new() });
                    }
                    std::collections::hash_map::Entry::Occupied(mut occupied) => occupied.get_mut().add(group),
                }
            }
        }
        Ok(live)
    }
}

/// The match keys a live group is found under (none when it is not the cluster's managed
/// group): the backend key, or an Ingress stack's and a Service stack's.
fn keys_of<'a>(group: &'a AccountSecurityGroup, settings: &Settings) -> Result<[Option<MatchKey<'a>>; 2], InputError> {
    let mut keys = [None, None];
    if settings.vpc_id.as_ref().is_some_and(|vpc| &group.vpc_id != vpc) {
        return Ok(keys);
    }
    let cluster = settings.cluster_name.as_str();
    let tag = |key: &str| group.tags.get(key).map(String::as_str);
    let ours = tag(tags::CLUSTER) == Some(cluster);
    let legacy_ours = tag(tags::LEGACY_INGRESS_CLUSTER) == Some(cluster);
    if ours && tag(tags::ELBV2_RESOURCE) == Some(tags::BACKEND_SG) {
        keys[0] = Some(match_key(&GroupRole::Backend));
        return Ok(keys);
    }
    for (slot, (stack_key, resource_key)) in
        [(tags::INGRESS_STACK, tags::INGRESS_RESOURCE), (tags::SERVICE_STACK, tags::SERVICE_RESOURCE)]
            .into_iter()
            .enumerate()
    {
        let Some(stack) = tag(stack_key) else { continue };
        if !(ours || (legacy_ours && stack_key == tags::INGRESS_STACK)) {
            continue;
        }
        let Some(resource) = tag(resource_key) else {
            return Err(InputError::new(format!("unexpected securityGroup with no resourceID: {}", group.id))
                .hint(format!("the group carries {stack_key} but not {resource_key}; fix its tags or delete it")));
        };
        keys[slot] = Some((stack_key, stack, resource));
    }
    Ok(keys)
}

/// Fills in the id (and real name) of every existing group a desired reference names.
/// `found[i]` is the live group matched to `desired.security_groups[i]`, if any.
fn resolve_ids(desired: &mut Desired, found: &[Option<&AccountSecurityGroup>], account: &Account) {
    let by_name: HashMap<String, &AccountSecurityGroup> = desired
        .security_groups
        .iter()
        .zip(found)
        .filter_map(|(group, existing)| existing.map(|existing| (group.name.clone(), existing)))
        .collect();
    let resolve = |group: &mut GroupRef| {
        if group.id.is_none() {
            if let Some(found) = group.name.as_deref().and_then(|name| by_name.get(name)) {
                *group = GroupRef { id: Some(found.id.clone()), name: Some(found.name.clone()) };
            }
        } else if group.name.is_none() {
            group.name = group.id.as_ref().and_then(|id| account.security_group(id)).map(|g| g.name.clone());
        }
    };
    let resolve_rule = |rule: &mut Rule| {
        if let Peer::Group(group) = &mut rule.peer {
            resolve(group);
        }
    };
    // Provenance is keyed by rule identity, which changes when a name becomes an id.
    let rekey = |rules: &mut Vec<Rule>, provenance: &mut BTreeMap<String, Vec<crate::sg::Provenance>>| {
        let mut renamed = BTreeMap::new();
        for rule in rules.iter_mut() {
            // Only a group source can be resolved; CIDR and prefix-list rules keep their key.
            if !matches!(rule.peer, Peer::Group(_)) {
                continue;
            }
            let before = rule.identity_text();
            resolve_rule(rule);
            let after = rule.identity_text();
            if after != before {
                renamed.insert(before, after);
            }
        }
        rules.sort();
        if renamed.is_empty() {
            return;
        }
        *provenance = std::mem::take(provenance)
            .into_iter()
            .map(|(key, why)| (renamed.get(&key).cloned().unwrap_or(key), why))
            .collect();
    };
    crate::parallel::for_each_mut(&mut desired.security_groups, |group| {
        rekey(&mut group.ingress, &mut group.provenance)
    });
    let mut node_provenance = std::mem::take(&mut desired.node_provenance);
    let mut first = true;
    for rules in desired.node_rules.values_mut() {
        if first {
            rekey(rules, &mut node_provenance);
            first = false;
        } else {
            rules.iter_mut().for_each(resolve_rule);
            rules.sort();
        }
    }
    desired.node_provenance = node_provenance;
    for lb in &mut desired.load_balancers {
        lb.security_groups.iter_mut().for_each(resolve);
    }
    for rule in &mut desired.unresolved {
        if let Peer::Group(group) = &mut rule.peer {
            resolve(group);
        }
    }
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
struct RuleDiff {
    added: Vec<Rule>,
    removed: Vec<Rule>,
    updated: Vec<RuleUpdate>,
    unchanged: usize,
}

impl RuleDiff {
    fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.updated.is_empty()
    }
}

/// Set difference by rule identity. `revocable` says which live rules sgctl may revoke.
fn compare_rules(desired: &[Rule], live: &[Rule], revocable: impl Fn(&Rule) -> bool, additive: bool) -> RuleDiff {
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

/// Rule edits on node (target) SGs: only owned rules are revoked; a desired rule already
/// present under any description counts as present (spec §4.7).
fn node_changes(
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
    let name = existing.map(|g| g.name.clone());
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
        rules_added: rules.added,
        rules_removed: rules.removed,
        rules_updated: Vec::new(),
        unchanged_rules: rules.unchanged,
        tags_set: Tags::new(),
        tags_removed: Tags::new(),
        tags_before: Tags::new(),
    }
}
