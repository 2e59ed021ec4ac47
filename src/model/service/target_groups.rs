//! One target group per Service port (TCP and UDP on one port merged into TCP_UDP when
//! enabled), and the TargetGroupBinding networking rules each puts on the targets: the target
//! type, the traffic port (nodePort or targetPort) and the health-check port.
//!
//! Mirrors `pkg/service/model_build_target_group.go` (`buildTargetGroupBindingNetworking`,
//! `buildTargetGroupHealthCheckPort`) and `model_build_listener.go`
//! (`buildListenersWithTCPUDPSupport`).

use super::{protocol_of, Nlb};
use crate::manifest::InputError;
use crate::model::ports::{node_port, target_ports};
use crate::model::sg_less::{SgLessOwner, SgLessTarget};
use crate::model::subnets::SubnetChoice;
use crate::model::target_rules::{
    from_security_group, LabelSet, Origin, PodSelection, TargetPort, Targets, TgProtocol,
};
use crate::model::Builder;
use crate::settings::{Scheme, TargetType};
use crate::sg::{Peer, Protocol, Provenance};
use k8s_openapi::api::core::v1::ServicePort;
use std::sync::Arc;

/// How the NLB's frontend is secured, which decides where its target rules come from: the
/// source SG of SG mode (none when the controller manages no node rules for it), or the
/// CIDRs of legacy mode.
#[derive(Clone, Copy, Debug)]
pub(super) struct Frontend<'a> {
    pub peer: Option<&'a Peer>,
    pub sg_mode: bool,
    pub scheme: Scheme,
    pub dualstack: bool,
}

/// One target group per Service port; TCP and UDP on the same port merge into TCP_UDP when
/// enabled (`buildListenersWithTCPUDPSupport`).
fn target_groups<'a>(nlb: &'a Nlb<'a>, tcp_udp: bool) -> Vec<(&'a ServicePort, TgProtocol)> {
    let ports = nlb.ports();
    let mut groups: Vec<(&ServicePort, TgProtocol)> = Vec::new();
    for port in ports {
        let protocol = match protocol_of(port) {
            Protocol::Udp => TgProtocol::Udp,
            _ => TgProtocol::Tcp,
        };
        if tcp_udp {
            if let Some(existing) = groups
                .iter_mut()
                .find(|(other, p)| other.port == port.port && *p != protocol && *p != TgProtocol::TcpUdp)
            {
                existing.1 = TgProtocol::TcpUdp;
                continue;
            }
        }
        groups.push((port, protocol));
    }
    groups
}

pub(super) fn target_group_rules(
    builder: &mut Builder<'_>,
    nlb: &Nlb<'_>,
    frontend: &Frontend<'_>,
    source_ranges: &[String],
) -> Result<(), InputError> {
    let Frontend { peer, sg_mode, scheme, dualstack } = *frontend;
    let settings = builder.settings;
    let annotations = nlb.annotations();
    let service = &nlb.service.value;
    let spec = service.spec.as_ref();
    let target_type = if annotations.string("aws-load-balancer-type").as_deref() == Some("nlb-ip") {
        TargetType::Ip
    } else {
        match annotations.string("aws-load-balancer-nlb-target-type").as_deref() {
            Some("ip") => TargetType::Ip,
            Some("instance") => TargetType::Instance,
            None => settings.default_target_type,
            Some(other) => {
                return Err(nlb.annotation_error(
                    "aws-load-balancer-nlb-target-type",
                    format!("unsupported target type: {other}"),
                ))
            }
        }
    };
    if target_type == TargetType::Ip && !settings.feature_gates.enable_ip_target_type {
        return Err(nlb.error("unsupported targetType: ip when EnableIPTargetType is false"));
    }
    let service_type = spec.and_then(|s| s.type_.as_deref()).unwrap_or("ClusterIP");
    if target_type == TargetType::Instance && service_type == "ClusterIP" {
        return Err(nlb
            .error("unsupported service type \"ClusterIP\" for load balancer target type \"instance\"")
            .hint("use aws-load-balancer-nlb-target-type: ip, or type LoadBalancer / NodePort"));
    }
    let tcp_udp = annotations
        .bool("aws-load-balancer-enable-tcp-udp-listener")
        .map_err(|m| nlb.annotation_error("aws-load-balancer-enable-tcp-udp-listener", m))?
        .unwrap_or(settings.feature_gates.enable_tcp_udp_listener);
    let local_policy = spec.and_then(|s| s.external_traffic_policy.as_deref()) == Some("Local");
    let ipv6_targets = crate::model::ports::has_ipv6_family(&nlb.service.value);
    for (port, tg_protocol) in target_groups(nlb, tcp_udp) {
        // The controller's order for each target group (`buildTargetGroup`): the target type
        // (above), the health check, the attributes, then the IP address type.
        let health_check = health_check_port(nlb, target_type, local_policy && service_type == "LoadBalancer")?;
        let preserve_client_ip = preserve_client_ip(nlb, target_type)?;
        if ipv6_targets && !dualstack {
            return Err(nlb.error("unsupported IPv6 configuration, lb not dual-stack"));
        }
        let traffic = match target_type {
            TargetType::Instance => vec![node_port(&nlb.key, port)],
            TargetType::Ip => target_ports(builder.index, service, port),
        };
        let targets = Arc::new(match target_type {
            TargetType::Ip => Targets::Pods(PodSelection::of_service(service)),
            TargetType::Instance => {
                let suffix = "aws-load-balancer-target-node-labels";
                let labels = annotations.string_map(suffix).map_err(|message| nlb.annotation_error(suffix, message))?;
                Targets::Nodes(labels.filter(|labels| !labels.is_empty()).map(LabelSet::from_labels))
            }
        });
        let why = Provenance {
            source: nlb.service.source.to_string(),
            object: format!("Service {}", nlb.key),
            reason: format!(
                "target group of port {} ({})",
                port.port,
                if target_type == TargetType::Ip { "ip targets: targetPort" } else { "instance targets: nodePort" }
            ),
        };
        for traffic_port in &traffic {
            if sg_mode {
                if let Some(peer) = peer {
                    let rules = from_security_group(
                        peer,
                        tg_protocol,
                        traffic_port,
                        health_check.as_ref(),
                        &[],
                        !settings.disable_restricted_sg_rules,
                        &Origin { source: nlb.service.source.clone(), why: why.clone(), targets: targets.clone() },
                    );
                    builder.target_rules.extend(rules);
                }
            } else {
                let manage = annotations
                    .bool("aws-load-balancer-manage-backend-security-group-rules")
                    .map_err(|m| nlb.annotation_error("aws-load-balancer-manage-backend-security-group-rules", m))?
                    .unwrap_or(true);
                if !manage {
                    continue;
                }
                let subnets = match annotations.string_list("aws-load-balancer-subnets") {
                    Some(tokens) => SubnetChoice::Named(tokens, annotations.key("aws-load-balancer-subnets")),
                    None => SubnetChoice::Discovered,
                };
                let subnet_cidrs = crate::model::subnets::load_balancer_subnet_cidrs(
                    builder,
                    &nlb.service.source,
                    subnets,
                    scheme,
                    ipv6_targets,
                )?;
                let owner =
                    SgLessOwner { object: format!("Service {}", nlb.key), source: &nlb.service.source, subnet_cidrs };
                let target = SgLessTarget {
                    tg_protocol,
                    traffic: traffic_port,
                    health_check: health_check.as_ref(),
                    preserve_client_ip,
                    ipv6: ipv6_targets,
                    targets: &targets,
                    always_health_check: tg_protocol == TgProtocol::Udp,
                };
                crate::model::sg_less::rules(builder, &owner, &target, scheme, source_ranges)?;
            }
        }
    }
    Ok(())
}

/// `preserve_client_ip.enabled` of the `aws-load-balancer-target-group-attributes`
/// annotation, else the default of the target type (`buildPreserveClientIPFlag`).
fn preserve_client_ip(nlb: &Nlb<'_>, target_type: TargetType) -> Result<bool, InputError> {
    const ANNOTATION: &str = "aws-load-balancer-target-group-attributes";
    let attributes = nlb
        .annotations()
        .string_map(ANNOTATION)
        .map_err(|message| nlb.annotation_error(ANNOTATION, message))?
        .unwrap_or_default();
    match attributes.get("preserve_client_ip.enabled") {
        Some(raw) => crate::go::parse_bool(raw).ok_or_else(|| {
            nlb.annotation_error(
                ANNOTATION,
                format!(
                    "failed to parse attribute preserve_client_ip.enabled={raw}: strconv.ParseBool: parsing \"{raw}\": invalid syntax"
                ),
            )
        }),
        None => Ok(target_type == TargetType::Instance),
    }
}

/// The health-check port when it is not the traffic port (`buildTargetGroupHealthCheckPort`).
fn health_check_port(
    nlb: &Nlb<'_>,
    target_type: TargetType,
    local_instance_default: bool,
) -> Result<Option<TargetPort>, InputError> {
    let service = &nlb.service.value;
    let raw = nlb.annotations().string("aws-load-balancer-healthcheck-port");
    let raw = match raw {
        Some(raw) => raw,
        None if local_instance_default && target_type == TargetType::Instance => {
            return Ok(Some(crate::model::ports::health_check_node_port(service, &nlb.key)));
        }
        None => return Ok(None),
    };
    if raw == "traffic-port" {
        return Ok(None);
    }
    if let Ok(number) = raw.parse::<i32>() {
        return Ok(Some(TargetPort::Number(number)));
    }
    let named = nlb.ports().iter().find(|port| port.name.as_deref() == Some(raw.as_str())).ok_or_else(|| {
        nlb.annotation_error(
            "aws-load-balancer-healthcheck-port",
            format!("failed to resolve healthCheckPort: unable to find port {raw} on service {}", nlb.key),
        )
    })?;
    Ok(Some(match target_type {
        TargetType::Instance => node_port(&nlb.key, named),
        TargetType::Ip => TargetPort::Number(crate::model::ports::numeric_target_port(named).ok_or_else(|| {
            nlb.annotation_error("aws-load-balancer-healthcheck-port", crate::model::ports::NAMED_HEALTH_CHECK_PORT)
        })?),
    }))
}
