//! The managed frontend SG of an NLB: per Service port, one rule per source range (or the
//! world, or the prefix lists), ICMP for path-MTU discovery when asked for.
//!
//! Mirrors `pkg/service/model_build_managed_sg.go` (`buildManagedSecurityGroupIngressPermissions`).

use super::{protocol_of, Nlb};
use crate::sg::{Peer, Provenance, Rule};

/// `buildManagedSecurityGroupIngressPermissions`.
pub(super) fn managed_rules(nlb: &Nlb<'_>, source_ranges: &[String], dualstack: bool) -> Vec<(Rule, Provenance)> {
    let annotations = nlb.annotations();
    let prefix_lists = annotations.string_list("aws-load-balancer-security-group-prefix-lists");
    let from_spec = nlb
        .service
        .value
        .spec
        .as_ref()
        .and_then(|s| s.load_balancer_source_ranges.as_ref())
        .is_some_and(|r| !r.is_empty());
    let (cidrs, sources_from): (Vec<String>, &str) = if !source_ranges.is_empty() {
        let from = if from_spec { "spec.loadBalancerSourceRanges" } else { "load-balancer-source-ranges" };
        (source_ranges.to_vec(), from)
    } else if prefix_lists.is_some() {
        (Vec::new(), "aws-load-balancer-security-group-prefix-lists")
    } else if dualstack {
        (vec!["0.0.0.0/0".into(), "::/0".into()], "the controller's default (no source ranges)")
    } else {
        (vec!["0.0.0.0/0".into()], "the controller's default (no source ranges)")
    };
    let icmp = annotations.raw("aws-load-balancer-enable-icmp-for-path-mtu-discovery") == Some("on");
    let why = |reason: String| Provenance {
        source: nlb.service.source.to_string(),
        object: format!("Service {}", nlb.key),
        reason,
    };
    let mut rules = Vec::new();
    for (index, port) in nlb.ports().iter().enumerate() {
        let protocol = protocol_of(port);
        let port_text = format!("spec.ports[{index}] {} {}", protocol, port.port);
        for cidr in &cidrs {
            let (port_rule, icmp_rule) = crate::model::port_and_path_mtu_rules(&protocol, port.port, cidr);
            rules.push((port_rule, why(format!("{port_text}; source {cidr}: {sources_from}"))));
            if icmp {
                rules.push((
                    icmp_rule,
                    why(format!("aws-load-balancer-enable-icmp-for-path-mtu-discovery; source {cidr}: {sources_from}")),
                ));
            }
        }
        for list in prefix_lists.iter().flatten() {
            rules.push((
                Rule::new(protocol.clone(), port.port, port.port, Peer::PrefixList(list.clone())),
                why(format!("{port_text}; source {list}: aws-load-balancer-security-group-prefix-lists")),
            ));
        }
    }
    rules
}
