//! The managed frontend SG of a Gateway: per valid listener, one rule per source range (the
//! world when `sourceRanges` is absent, even with prefix lists), one per prefix list, and ICMP
//! for path-MTU discovery when asked for; IPv6 sources only on dual-stack Gateways.
//!
//! Mirrors `pkg/gateway/model/model_build_security_group.go`
//! (`buildManagedSecurityGroupIngressPermissions`, `getSgRuleProtocol`) and
//! `pkg/gateway/model/utilities.go` (`isIPv6Supported`, `isIPv6CIDR`).

use super::listeners::ValidListener;
use super::Gw;
use crate::manifest::gateway_api::LoadBalancerConfigurationSpec;
use crate::sg::{Peer, Protocol, Provenance, Rule};

/// `buildManagedSecurityGroupIngressPermissions`. `sources` are the canonical source CIDRs.
pub fn managed_rules(
    gw: &Gw<'_>,
    spec: &LoadBalancerConfigurationSpec,
    sources: &[String],
    listeners: &[ValidListener<'_>],
    dualstack: bool,
) -> Vec<(Rule, Provenance)> {
    let sources_from = if spec.source_ranges.is_some() {
        "sourceRanges"
    } else if spec.security_group_prefixes.as_ref().is_some_and(|lists| !lists.is_empty()) {
        "the controller's default (no sourceRanges; for a Gateway, prefix lists do not replace it)"
    } else {
        "the controller's default (no sourceRanges)"
    };
    let icmp = spec.enable_icmp == Some(true);
    let why = |reason: String| Provenance {
        source: gw.object.source.to_string(),
        object: format!("Gateway {}", gw.key),
        reason,
    };
    let mut rules = Vec::new();
    for valid in listeners {
        let listener = valid.listener;
        let protocol = if listener.protocol == "UDP" { Protocol::Udp } else { Protocol::Tcp };
        let port = listener.port;
        let listener_text = format!("listener {} ({} {port})", listener.name, listener.protocol);
        // IPv6 sources on a Gateway that is not dual-stack are dropped without a word.
        for cidr in sources.iter().filter(|cidr| dualstack || !cidr.contains(':')) {
            let (port_rule, icmp_rule) = crate::model::port_and_path_mtu_rules(&protocol, port, cidr);
            rules.push((port_rule, why(format!("{listener_text}; source {cidr}: {sources_from}"))));
            if icmp {
                rules.push((icmp_rule, why(format!("enableICMP; source {cidr}: {sources_from}"))));
            }
        }
        for list in spec.security_group_prefixes.iter().flatten() {
            rules.push((
                Rule::new(protocol.clone(), port, port, Peer::PrefixList(list.clone())),
                why(format!("{listener_text}; source {list}: securityGroupPrefixes")),
            ));
        }
    }
    rules
}
