//! Which security group of each node receives the node rules: `--node-security-group`, or
//! for each primary network interface of the cluster's instances its only SG, else the one SG
//! tagged `kubernetes.io/cluster/<cluster>` (and the `--service-target-eni-security-group-tags`),
//! with the controller's error when there is not exactly one. Also the cluster's tagged SGs,
//! whose owned rules the controller reconciles too.
//!
//! Mirrors `pkg/networking/node_eni_info_resolver.go` and `networking_manager.go:
//! resolveEndpointSGForENI`.

use super::Builder;
use crate::manifest::InputError;
use crate::sg::{tags, AccountSecurityGroup};
use std::collections::BTreeSet;

#[derive(Debug, Default)]
pub(super) struct Targets {
    /// SGs that receive the rules.
    pub placed: BTreeSet<String>,
    /// SGs the controller also reconciles (GC): the cluster's tagged SGs.
    pub collected: BTreeSet<String>,
}

/// `--node-security-group`, or one SG per primary node ENI chosen as `resolveEndpointSGForENI`.
pub(super) fn target_security_groups(builder: &Builder<'_>, needed: bool) -> Result<Targets, InputError> {
    let settings = builder.settings;
    let account = builder.account;
    let cluster_tag = tags::node_sg_cluster_tag(&settings.cluster_name);
    let collected = account
        .security_groups
        .iter()
        .filter(|group| matches!(group.tags.get(&cluster_tag).map(String::as_str), Some("owned" | "shared")))
        .filter(|group| settings.vpc_id.as_ref().is_none_or(|vpc| &group.vpc_id == vpc))
        .map(|group| group.id.clone())
        .collect();
    let mut targets = Targets { collected, ..Targets::default() };
    if !settings.node_security_groups.is_empty() {
        targets.placed = settings.node_security_groups.iter().cloned().collect();
        return Ok(targets);
    }
    if !needed {
        return Ok(targets);
    }
    for eni in account.network_interfaces.iter().filter(|eni| eni.instance_id.is_some() && eni.device_index == Some(0))
    {
        if let [only] = eni.security_groups.as_slice() {
            targets.placed.insert(only.clone());
            continue;
        }
        let tagged: Vec<&String> = eni
            .security_groups
            .iter()
            .filter(|id| {
                account.security_group(id).is_some_and(|group| matches_target_tags(group, &cluster_tag, builder))
            })
            .collect();
        match tagged.as_slice() {
            [only] => {
                targets.placed.insert((*only).clone());
            }
            _ => {
                let mut ids: Vec<&str> = tagged.iter().map(|id| id.as_str()).collect();
                ids.sort_unstable();
                let extra = &settings.service_target_eni_security_group_tags;
                let tag_text = if extra.is_empty() {
                    cluster_tag.clone()
                } else {
                    let pairs: Vec<String> = extra.iter().map(|(k, v)| format!("{k}:{v}")).collect();
                    format!("{cluster_tag} and map[{}]", pairs.join(" "))
                };
                return Err(InputError::new(format!(
                    "expected exactly one securityGroup tagged with {tag_text} for eni {}, got: [{}] (clusterName: {})",
                    eni.id,
                    ids.join(" "),
                    settings.cluster_name
                ))
                .hint("tag exactly one of the node's security groups with kubernetes.io/cluster/<cluster-name>, or pass --node-security-group"));
            }
        }
    }
    Ok(targets)
}

fn matches_target_tags(group: &AccountSecurityGroup, cluster_tag: &str, builder: &Builder<'_>) -> bool {
    group.tags.contains_key(cluster_tag)
        && builder
            .settings
            .service_target_eni_security_group_tags
            .iter()
            .all(|(key, value)| group.tags.get(key) == Some(value))
}
