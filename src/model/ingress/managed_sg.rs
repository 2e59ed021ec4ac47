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

/// `buildIngressGroupResourceTags`: per member, IngressClassParams tags over annotation
/// tags; a key with two values across members is an error.
pub(super) fn group_tags(members: &[Member<'_>], external_managed: &[String]) -> Result<Tags, InputError> {
    let mut annotation_tags = Tags::new();
    let mut class_tags = Tags::new();
    for member in members {
        let key = member.annotations().key("tags");
        let raw =
            member.annotations().string_map("tags").map_err(|message| member.error(message).annotation(key.clone()))?;
        for (tag_key, tag_value) in raw.unwrap_or_default() {
            if external_managed.contains(&tag_key) {
                return Err(member
                    .error(format!("external managed tag key {tag_key} cannot be specified on Ingress {}", member.key))
                    .annotation(key));
            }
            if let Some(existing) = annotation_tags.get(&tag_key).filter(|existing| **existing != tag_value) {
                return Err(member
                    .error(format!("conflicting tag {tag_key}: {existing} | {tag_value}"))
                    .annotation(key));
            }
            annotation_tags.insert(tag_key, tag_value);
        }
        for tag in member.params.and_then(|p| p.spec.tags.as_ref()).into_iter().flatten() {
            class_tags.insert(tag.key.clone(), tag.value.clone());
        }
    }
    Ok(crate::model::merge_first_wins(&class_tags, &annotation_tags))
}
