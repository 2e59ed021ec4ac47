//! The target rules of an SG-less (legacy) NLB: CIDR sources on the targets, from the source
//! ranges, the VPC's CIDRs or the world for traffic, and the load balancer's subnets for
//! health checks, as the controller computes them when the NLB has no security group.
//!
//! Mirrors `pkg/service/model_build_target_group.go` (`buildTargetGroupBindingNetworkingLegacy`)
//! for NLB Services and `pkg/gateway/model/model_build_target_group_binding_network.go`
//! (`nlbNoSecurityGroups`) for NLB Gateways with `disableSecurityGroup`: the same table.

use crate::manifest::{InputError, Source};
use crate::model::target_rules::{TargetPort, TargetRule, Targets, TgProtocol};
use crate::model::Builder;
use crate::settings::Scheme;
use crate::sg::{Peer, Protocol, Provenance};
use std::sync::Arc;

/// One target group of an SG-less NLB.
#[derive(Debug)]
pub struct SgLessTarget<'a> {
    pub tg_protocol: TgProtocol,
    pub traffic: &'a TargetPort,
    pub health_check: Option<&'a TargetPort>,
    /// Whether the target group preserves the client's IP (`preserve_client_ip.enabled`).
    pub preserve_client_ip: bool,
    /// An IPv6 target group: IPv6 sources (`::/0`, the VPC's and subnets' IPv6 CIDRs).
    pub ipv6: bool,
    pub targets: &'a Arc<Targets>,
    /// Whether a target group of this protocol always gets the health-check rule from the
    /// subnets: UDP for a Service, the UDP family (UDP, TCP_UDP) for a Gateway.
    pub always_health_check: bool,
}

/// The load balancer the rules are for: its object (`Service ns/name`, `Gateway ns/name`),
/// its place, and its subnets' CIDRs.
#[derive(Debug)]
pub struct SgLessOwner<'a> {
    pub object: String,
    pub source: &'a Source,
    pub subnet_cidrs: Vec<String>,
}

/// SG-less NLB target rules with CIDR sources.
pub fn rules(
    builder: &mut Builder<'_>,
    owner: &SgLessOwner<'_>,
    target: &SgLessTarget<'_>,
    scheme: Scheme,
    source_ranges: &[String],
) -> Result<(), InputError> {
    let SgLessTarget { tg_protocol, traffic, health_check, preserve_client_ip, ipv6, targets, always_health_check } =
        *target;
    let subnet_cidrs = &owner.subnet_cidrs;
    let udp_like = tg_protocol != TgProtocol::Tcp;
    let mut default_range_used = false;
    let traffic_sources: Vec<String> = if udp_like || preserve_client_ip {
        if !source_ranges.is_empty() {
            source_ranges.to_vec()
        } else {
            default_range_used = true;
            if scheme == Scheme::Internal {
                crate::model::subnets::vpc_cidrs(builder, owner.source, ipv6)?
            } else if ipv6 {
                vec!["::/0".into()]
            } else {
                vec!["0.0.0.0/0".into()]
            }
        }
    } else {
        subnet_cidrs.clone()
    };
    let source = owner.source;
    let rule = |protocol: Protocol, port: TargetPort, cidr: &String| TargetRule {
        why: Provenance {
            source: source.to_string(),
            object: owner.object.clone(),
            reason: format!(
                "SG-less NLB: {protocol} {} from {cidr}",
                match &port {
                    TargetPort::Number(number) => number.to_string(),
                    TargetPort::All => "every port".to_string(),
                    TargetPort::Unknown { .. } => "an unknown port".to_string(),
                }
            ),
        },
        protocol,
        port,
        peer: if cidr.contains(':') { Peer::CidrV6(cidr.clone()) } else { Peer::CidrV4(cidr.clone()) },
        targets: targets.clone(),
        source: source.clone(),
    };
    for cidr in &traffic_sources {
        match tg_protocol {
            TgProtocol::TcpUdp => {
                builder.target_rules.push(rule(Protocol::Tcp, traffic.clone(), cidr));
                builder.target_rules.push(rule(Protocol::Udp, traffic.clone(), cidr));
            }
            TgProtocol::Udp => builder.target_rules.push(rule(Protocol::Udp, traffic.clone(), cidr)),
            TgProtocol::Tcp => builder.target_rules.push(rule(Protocol::Tcp, traffic.clone(), cidr)),
        }
    }
    let health_check_is_traffic = health_check.is_none_or(|port| port == traffic);
    let world = traffic_sources.iter().any(|cidr| cidr == "0.0.0.0/0" || cidr == "::/0");
    let skip_health_check =
        !always_health_check && health_check_is_traffic && (!preserve_client_ip || default_range_used || world);
    if !skip_health_check {
        let port = health_check.cloned().unwrap_or_else(|| traffic.clone());
        for cidr in subnet_cidrs {
            builder.target_rules.push(rule(Protocol::Tcp, port.clone(), cidr));
        }
    }
    Ok(())
}
