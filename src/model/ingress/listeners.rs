//! The ports a group's ALB listens on and who may reach each: every member's listen ports
//! (the `listen-ports` annotation, else 80/HTTP, or 443/HTTPS with certificates), its inbound
//! CIDRs and prefix lists, merged per port across the group with the controller's conflict
//! errors, and the world as the default source.
//!
//! Mirrors `pkg/ingress/model_build_listener.go` (`computeIngressListenPorts`,
//! `computeIngressExplicitInboundCIDRs`, `computeIngressExplicitPrefixListIDs`) and
//! `model_builder.go: mergeListenPortConfigs`.

use super::load_balancer::set_list;
use super::Member;
use crate::manifest::InputError;
use crate::model::Builder;
use crate::sg::{Cidr, Provenance};
use std::collections::{BTreeMap, BTreeSet};

/// Per-port settings of one Ingress (`listenPortConfig`).
#[derive(Clone, Debug, Default)]
pub(super) struct PortConfig {
    pub protocol: String,
    pub cidr_v4: Vec<String>,
    pub cidr_v6: Vec<String>,
    pub prefix_lists: Vec<String>,
    /// Who listens on the port (merged: every member that does).
    pub listeners: Vec<Provenance>,
    /// Where the port's sources come from.
    pub sources_from: String,
}

/// `computeIngressListenPorts`: the listen-ports annotation, or 80/HTTP, or 443/HTTPS when
/// the Ingress has explicit certificates.
fn listen_ports(member: &Member<'_>, certificate_management: bool) -> Result<BTreeMap<i64, String>, InputError> {
    let annotations = member.annotations();
    let key = annotations.key("listen-ports");
    let Some(raw) = annotations.raw("listen-ports") else {
        let class_certs = member.params.and_then(|p| p.spec.certificate_arn.as_ref()).is_some_and(|c| !c.is_empty());
        let annotation_certs = annotations.string_list("certificate-arn").is_some_and(|c| !c.is_empty());
        let acm = certificate_management && annotations.bool("create-acm-cert").ok().flatten() == Some(true);
        return Ok(if class_certs || annotation_certs || acm {
            BTreeMap::from([(443, "HTTPS".to_string())])
        } else {
            BTreeMap::from([(80, "HTTP".to_string())])
        });
    };
    let entries: Vec<BTreeMap<String, i64>> = serde_json::from_str(raw).map_err(|error| {
        member.error(format!("failed to parse listen-ports configuration: `{raw}`: {error}")).annotation(key.clone())
    })?;
    if entries.is_empty() {
        return Err(member.error(format!("empty listen-ports configuration: `{raw}`")).annotation(key));
    }
    let mut ports = BTreeMap::new();
    for entry in entries {
        for (protocol, port) in entry {
            if !(1..=65535).contains(&port) {
                return Err(member.error(format!("listen port must be within [1, 65535]: {port}")).annotation(key));
            }
            if protocol != "HTTP" && protocol != "HTTPS" {
                return Err(member
                    .error(format!("listen protocol must be within [HTTP, HTTPS]: {protocol}"))
                    .annotation(key));
            }
            ports.insert(port, protocol);
        }
    }
    Ok(ports)
}

/// Per-port configs of every member, merged as `mergeListenPortConfigs` does.
pub(super) fn merged_listen_ports(
    builder: &mut Builder<'_>,
    members: &[Member<'_>],
    certificate_management: bool,
) -> Result<BTreeMap<i64, PortConfig>, InputError> {
    let mut per_port: BTreeMap<i64, Vec<(&Member<'_>, PortConfig)>> = BTreeMap::new();
    for member in members {
        let (v4, v6) = inbound_cidrs(builder, member)?;
        let prefix_lists = prefix_lists(member);
        let listen = if member.annotations().exists("listen-ports") { "listen-ports" } else { "default listen port" };
        for (port, protocol) in listen_ports(member, certificate_management)? {
            let listener = Provenance {
                source: member.ingress.source.to_string(),
                object: format!("Ingress {}", member.key),
                reason: format!("{listen} {port}"),
            };
            let config = PortConfig {
                protocol,
                cidr_v4: v4.clone(),
                cidr_v6: v6.clone(),
                prefix_lists: prefix_lists.clone(),
                listeners: vec![listener],
                sources_from: String::new(),
            };
            per_port.entry(port).or_default().push((member, config));
        }
    }
    let mut merged = BTreeMap::new();
    for (port, configs) in per_port {
        let (first_member, first) = &configs[0];
        let mut cidrs: Option<(&Member<'_>, BTreeSet<String>, BTreeSet<String>)> = None;
        let mut lists: Option<(&Member<'_>, BTreeSet<String>)> = None;
        for (member, config) in &configs {
            if config.protocol != first.protocol {
                return Err(member.error(format!(
                    "conflicting protocol, {}: {} | {}: {}",
                    first_member.key, first.protocol, member.key, config.protocol
                )));
            }
            if !config.cidr_v4.is_empty() || !config.cidr_v6.is_empty() {
                let v4: BTreeSet<String> = config.cidr_v4.iter().cloned().collect();
                let v6: BTreeSet<String> = config.cidr_v6.iter().cloned().collect();
                match &cidrs {
                    None => cidrs = Some((member, v4, v6)),
                    Some((provider, m4, m6)) if *m4 != v4 || *m6 != v6 => {
                        return Err(member.error(format!(
                            "conflicting inbound-cidrs, {}: {}, {} | {}: {}, {}",
                            provider.key,
                            set_list(m4),
                            set_list(m6),
                            member.key,
                            set_list(&v4),
                            set_list(&v6)
                        )))
                    }
                    Some(_) => {}
                }
            }
            if !config.prefix_lists.is_empty() {
                let set: BTreeSet<String> = config.prefix_lists.iter().cloned().collect();
                match &lists {
                    None => lists = Some((member, set)),
                    Some((provider, merged_set)) if *merged_set != set => {
                        return Err(member.error(format!(
                            "conflicting inbound-prefix-lists, {}: {} | {}: {}",
                            provider.key,
                            set_list(merged_set),
                            member.key,
                            set_list(&set)
                        )))
                    }
                    Some(_) => {}
                }
            }
        }
        let mut from = Vec::new();
        if let Some((provider, _, _)) = &cidrs {
            from.push(format!("inbound-cidrs of Ingress {}", provider.key));
        }
        if let Some((provider, _)) = &lists {
            from.push(format!("security-group-prefix-lists of Ingress {}", provider.key));
        }
        let (mut v4, mut v6) = cidrs.map(|(_, v4, v6)| (v4, v6)).unwrap_or_default();
        let prefix = lists.map(|(_, set)| set).unwrap_or_default();
        if v4.is_empty() && v6.is_empty() && prefix.is_empty() {
            v4.insert("0.0.0.0/0".into());
            v6.insert("::/0".into());
            from.push("the controller's default (no inbound-cidrs or prefix lists)".into());
        }
        let listeners: Vec<Provenance> = configs.iter().flat_map(|(_, config)| config.listeners.clone()).collect();
        merged.insert(
            port,
            PortConfig {
                protocol: first.protocol.clone(),
                cidr_v4: v4.into_iter().collect(),
                cidr_v6: v6.into_iter().collect(),
                prefix_lists: prefix.into_iter().collect(),
                listeners,
                sources_from: from.join(", "),
            },
        );
    }
    Ok(merged)
}

/// `computeIngressExplicitInboundCIDRs`: IngressClassParams `inboundCIDRs`, else the
/// annotation; every entry must parse. Returns canonical (v4, v6).
fn inbound_cidrs(builder: &mut Builder<'_>, member: &Member<'_>) -> Result<(Vec<String>, Vec<String>), InputError> {
    let from_params = member.params.and_then(|p| p.spec.inbound_cidrs.clone()).filter(|c| !c.is_empty());
    let raw = match from_params {
        Some(cidrs) => cidrs,
        None => member.annotations().string_list("inbound-cidrs").unwrap_or_default(),
    };
    let (mut v4, mut v6) = (Vec::new(), Vec::new());
    for text in raw {
        let cidr = Cidr::parse(&text).map_err(|message| {
            member
                .error(format!("invalid inbound-cidrs settings on Ingress: {}: {message}", member.key))
                .annotation(member.annotations().key("inbound-cidrs"))
                .hint("each entry must be an IPv4 or IPv6 CIDR such as 10.0.0.0/8")
        })?;
        let canonical = builder.canonical_cidr(&cidr, &text, &member.ingress.source);
        if text.contains(':') {
            v6.push(canonical);
        } else {
            v4.push(canonical);
        }
    }
    Ok((v4, v6))
}

/// `computeIngressExplicitPrefixListIDs`.
fn prefix_lists(member: &Member<'_>) -> Vec<String> {
    let spec = member.params.map(|p| &p.spec);
    let from_params = spec
        .and_then(|s| {
            s.prefix_lists_ids.clone().filter(|l| !l.is_empty()).or_else(|| s.prefix_lists_ids_legacy.clone())
        })
        .filter(|l| !l.is_empty());
    match from_params {
        Some(lists) => lists,
        None => member.annotations().string_list("security-group-prefix-lists").unwrap_or_default(),
    }
}
