//! The managed frontend SG of a group: one rule per listen port and source (IPv4 CIDRs,
//! IPv6 CIDRs when dual-stack, prefix lists), always TCP, and the tags members give it.
//!
//! Mirrors `pkg/ingress/model_build_managed_sg.go` (`buildManagedSecurityGroupIngressPermissions`)
//! and `model_build_tags.go` (`buildIngressGroupResourceTags`).

use super::listeners::PortConfig;
use super::Member;
use crate::manifest::InputError;
use crate::sg::{Peer, Protocol, Provenance, Rule, Tags};
use std::collections::BTreeMap;

/// `buildManagedSecurityGroupIngressPermissions`: per port, one rule per v4 CIDR, per v6 CIDR
/// when dual-stack, per prefix list. Always TCP.
pub(super) fn managed_rules(ports: &BTreeMap<i64, PortConfig>, dualstack: bool) -> Vec<(Rule, Provenance)> {
    let mut rules = Vec::new();
    for (port, config) in ports {
        let port = *port as i32;
        let mut peers: Vec<Peer> = config.cidr_v4.iter().map(|cidr| Peer::CidrV4(cidr.clone())).collect();
        if dualstack {
            peers.extend(config.cidr_v6.iter().map(|cidr| Peer::CidrV6(cidr.clone())));
        }
        peers.extend(config.prefix_lists.iter().map(|list| Peer::PrefixList(list.clone())));
        for peer in peers {
            for listener in &config.listeners {
                let why = Provenance {
                    reason: format!("{}; source {peer}: {}", listener.reason, config.sources_from),
                    ..listener.clone()
                };
                rules.push((Rule::new(Protocol::Tcp, port, port, peer.clone()), why));
            }
        }
    }
    rules
}

/// `buildIngressGroupResourceTags`: per member, its IngressClassParams tags over its
/// annotation tags (`buildIngressResourceTags`), neither naming an `--external-managed-tags`
/// key; a key with two values across members is an error.
pub(super) fn group_tags(members: &[Member<'_>], external_managed: &[String]) -> Result<Tags, InputError> {
    let is_external = |key: &&String| external_managed.contains(key);
    let mut group_tags = Tags::new();
    for member in members {
        let key = member.annotations().key("tags");
        let annotation_tags = member
            .annotations()
            .string_map("tags")
            .map_err(|message| member.error(message).annotation(key.clone()))?
            .unwrap_or_default();
        if let Some(tag_key) = annotation_tags.keys().find(is_external) {
            return Err(member
                .error(format!(
                    "failed build tags for Ingress {}: external managed tag key {tag_key} cannot be specified",
                    member.key
                ))
                .annotation(key));
        }
        let mut class_tags = Tags::new();
        if let Some(params) = member.params {
            class_tags.extend(params.spec.tags.iter().flatten().map(|tag| (tag.key.clone(), tag.value.clone())));
            if let Some(tag_key) = class_tags.keys().find(is_external) {
                return Err(member.error(format!(
                    "failed build tags for IngressClassParams {}: external managed tag key {tag_key} cannot be specified",
                    crate::manifest::name_of(&params.metadata)
                )));
            }
        }
        for (tag_key, tag_value) in crate::model::merge_first_wins(&class_tags, &annotation_tags) {
            if let Some(existing) = group_tags.get(&tag_key).filter(|existing| **existing != tag_value) {
                return Err(member
                    .error(format!("conflicting tag {tag_key}: {existing} | {tag_value}"))
                    .annotation(key));
            }
            group_tags.insert(tag_key, tag_value);
        }
    }
    Ok(group_tags)
}
