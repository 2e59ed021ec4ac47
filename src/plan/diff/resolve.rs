//! The ids of existing groups filled into the desired state: a group the model knows by name
//! (a managed or backend SG) gets the id of the live group matched to it, a group it knows
//! by id (a custom SG) its name; in rule sources, load-balancer lists and unknown rules. The
//! provenance, keyed by rule identity, follows its rules.

use crate::model::Desired;
use crate::sg::{Account, AccountSecurityGroup, GroupRef, Peer, Provenance, Rule};
use std::collections::{BTreeMap, HashMap};

/// Fills in the id (and real name) of every existing group a desired reference names.
/// `found[i]` is the live group matched to `desired.security_groups[i]`, if any.
pub(super) fn resolve_ids(desired: &mut Desired, found: &[Option<&AccountSecurityGroup>], account: &Account) {
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
    let rekey = |rules: &mut Vec<Rule>, provenance: &mut BTreeMap<String, Vec<Provenance>>| {
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
    for group in &mut desired.security_groups {
        rekey(&mut group.ingress, &mut group.provenance);
    }
    // Each node SG has its own rules (the target groups of its own targets) and provenance.
    for (id, rules) in &mut desired.node_rules {
        rekey(rules, desired.node_provenance.entry(id.clone()).or_default());
    }
    for lb in &mut desired.load_balancers {
        lb.security_groups.iter_mut().for_each(resolve);
    }
    for rule in &mut desired.unresolved {
        if let Peer::Group(group) = &mut rule.peer {
            resolve(group);
        }
    }
}
