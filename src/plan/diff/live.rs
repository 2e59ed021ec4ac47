//! The cluster's managed groups in the account, found by the controller's tags (cluster,
//! stack, resource), never by name: the match key of every live group, and for each key the
//! group with the lowest id (the one a desired group is matched to) and its duplicates.
//!
//! Mirrors `pkg/deploy/ec2/security_group_synthesizer.go: findSDKSecurityGroups` and
//! `matchResAndSDKSecurityGroups`.

use super::DiffError;
use crate::model::GroupRole;
use crate::settings::Settings;
use crate::sg::{tags, Account, AccountSecurityGroup};
use std::collections::HashMap;

/// Identity of a managed group in the account: (stack key, stack, resource), or the backend's.
pub(super) type MatchKey<'a> = (&'a str, &'a str, &'a str);

pub(super) fn match_key(role: &GroupRole) -> MatchKey<'_> {
    match role {
        GroupRole::Frontend { stack_key, resource_key: _, stack } => (stack_key, stack, tags::MANAGED_LB_SG),
        GroupRole::Backend => (tags::ELBV2_RESOURCE, "", tags::BACKEND_SG),
    }
}

/// The cluster's managed groups in the account, by match key. Unordered: the deletes it
/// yields are sorted with every other change.
#[derive(Debug, Default)]
pub(super) struct LiveGroups<'a> {
    pub by_key: HashMap<MatchKey<'a>, Found<'a>>,
}

/// The live groups of one match key: nearly always one; the others are duplicates.
#[derive(Debug)]
pub(super) struct Found<'a> {
    /// The group with the lowest id: the one the desired group is matched to.
    pub first: &'a AccountSecurityGroup,
    pub others: Vec<&'a AccountSecurityGroup>,
}

impl<'a> Found<'a> {
    pub(super) fn add(&mut self, group: &'a AccountSecurityGroup) {
        if group.id < self.first.id {
            self.others.push(std::mem::replace(&mut self.first, group));
        } else {
            self.others.push(group);
        }
    }

    pub(super) fn all(&self) -> impl Iterator<Item = &'a AccountSecurityGroup> + '_ {
        std::iter::once(self.first).chain(self.others.iter().copied())
    }
}

impl<'a> LiveGroups<'a> {
    /// Every group's keys, in the account's order: the first error is the first group's.
    pub(super) fn collect(account: &'a Account, settings: &Settings) -> Result<Self, DiffError> {
        let mut live = LiveGroups::default();
        for group in &account.security_groups {
            for key in keys_of(group, settings)?.into_iter().flatten() {
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
/// group): the backend key, or an Ingress stack's, a Service stack's and a Gateway stack's.
fn keys_of<'a>(group: &'a AccountSecurityGroup, settings: &Settings) -> Result<[Option<MatchKey<'a>>; 4], DiffError> {
    let mut keys = [None, None, None, None];
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
    // A Gateway controller that is off reconciles none of its groups: they are left alone.
    let gates = &settings.feature_gates;
    let stacks = [
        (tags::INGRESS_STACK, tags::INGRESS_RESOURCE, true),
        (tags::SERVICE_STACK, tags::SERVICE_RESOURCE, true),
        (tags::GATEWAY_ALB_STACK, tags::GATEWAY_ALB_RESOURCE, gates.alb_gateway_api),
        (tags::GATEWAY_NLB_STACK, tags::GATEWAY_NLB_RESOURCE, gates.nlb_gateway_api),
    ];
    for (slot, (stack_key, resource_key, reconciled)) in stacks.into_iter().enumerate() {
        let Some(stack) = tag(stack_key).filter(|_| reconciled) else { continue };
        if !(ours || (legacy_ours && stack_key == tags::INGRESS_STACK)) {
            continue;
        }
        let Some(resource) = tag(resource_key) else {
            return Err(DiffError::NoResourceTag { id: group.id.clone(), stack_key, resource_key });
        };
        keys[slot] = Some((stack_key, stack, resource));
    }
    Ok(keys)
}
