//! The target rules of an SG-less (legacy) NLB: CIDR sources on the targets, from the source
//! ranges, the VPC's CIDRs or the world for traffic, and the load balancer's subnets for
//! health checks, as the controller computes them when the NLB has no security group.
//!
//! Mirrors `pkg/service/model_build_target_group.go` (`buildTargetGroupBindingNetworkingLegacy`).

use super::Nlb;
use crate::manifest::InputError;
use crate::model::target_rules::{TargetPort, TargetRule, Targets, TgProtocol};
use crate::model::Builder;
use crate::settings::Scheme;
use crate::sg::{Peer, Protocol, Provenance};
use std::sync::Arc;

/// One target group of an SG-less NLB.
#[derive(Debug)]
pub(super) struct LegacyTarget<'a> {
    pub tg_protocol: TgProtocol,
    pub traffic: &'a TargetPort,
    pub health_check: Option<&'a TargetPort>,
    /// Whether the target group preserves the client's IP (`preserve_client_ip.enabled`).
    pub preserve_client_ip: bool,
    /// An IPv6 target group: IPv6 sources (`::/0`, the VPC's and subnets' IPv6 CIDRs).
    pub ipv6: bool,
    pub targets: &'a Arc<Targets>,
}

/// Legacy (SG-less) NLB target rules with CIDR sources.
pub(super) fn legacy_rules(
    builder: &mut Builder<'_>,
    nlb: &Nlb<'_>,
    target: &LegacyTarget<'_>,
    scheme: Scheme,
    source_ranges: &[String],
) -> Result<(), InputError> {
    let LegacyTarget { tg_protocol, traffic, health_check, preserve_client_ip, ipv6, targets } = *target;
    let annotations = nlb.annotations();
    let manage = annotations
        .bool("aws-load-balancer-manage-backend-security-group-rules")
        .map_err(|m| nlb.annotation_error("aws-load-balancer-manage-backend-security-group-rules", m))?
        .unwrap_or(true);
    if !manage {
        return Ok(());
    }
    let subnet_cidrs = crate::model::subnets::load_balancer_subnet_cidrs(builder, nlb.service, scheme, ipv6)?;
    let udp_like = tg_protocol != TgProtocol::Tcp;
    let mut default_range_used = false;
    let traffic_sources: Vec<String> = if udp_like || preserve_client_ip {
        if !source_ranges.is_empty() {
            source_ranges.to_vec()
        } else {
            default_range_used = true;
            if scheme == Scheme::Internal {
                crate::model::subnets::vpc_cidrs(builder, &nlb.service.source, ipv6)?
            } else if ipv6 {
                vec!["::/0".into()]
            } else {
                vec!["0.0.0.0/0".into()]
            }
        }
    } else {
        subnet_cidrs.clone()
    };
    let source = &nlb.service.source;
    let rule = |protocol: Protocol, port: TargetPort, cidr: &String| TargetRule {
        why: Provenance {
            source: source.to_string(),
            object: format!("Service {}", nlb.key),
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
    let skip_health_check = tg_protocol != TgProtocol::Udp
        && health_check_is_traffic
        && (!preserve_client_ip || default_range_used || world);
    if !skip_health_check {
        let port = health_check.cloned().unwrap_or_else(|| traffic.clone());
        for cidr in &subnet_cidrs {
            builder.target_rules.push(rule(Protocol::Tcp, port.clone(), cidr));
        }
    }
    Ok(())
}
