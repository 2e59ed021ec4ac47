//! The target group of one route backend and the TargetGroupBinding networking rules it puts
//! on the targets: the Service and its port (a backend the controller drops is named in a
//! warning), the target type, protocol and health-check port from the
//! TargetGroupConfigurations, the port on the targets (nodePort or targetPort), and the rules
//! from the backend SG, or from CIDRs on an NLB without SGs.
//!
//! Mirrors `pkg/gateway/routeutils/backend.go` (`commonBackendLoader`),
//! `backend_service.go` (`serviceLoader`, `GetHealthCheckPort`),
//! `pkg/shared_utils/cross_namespace_validator.go`, and `pkg/gateway/model/`
//! `model_build_target_group.go` and `model_build_target_group_binding_network.go`
//! (`standardBuilder`, `nlbNoSecurityGroups`).

use super::config::{backend_props, Config};
use super::routes::{route_key, RouteBackend};
use super::{Gw, LbType};
use crate::manifest::gateway_api::TargetGroupProps;
use crate::manifest::{namespace_of, InputError, Object};
use crate::model::ports::{
    has_ipv6_family, health_check_node_port, node_port, numeric_target_port, target_ports, NAMED_HEALTH_CHECK_PORT,
};
use crate::model::sg_less::{SgLessOwner, SgLessTarget};
use crate::model::subnets::SubnetChoice;
use crate::model::target_rules::{
    from_security_group, LabelSet, Origin, PodSelection, TargetPort, Targets, TgProtocol,
};
use crate::model::Builder;
use crate::settings::{Scheme, TargetType};
use crate::sg::{Peer, Provenance};
use k8s_openapi::api::core::v1::{Service, ServicePort};
use std::sync::Arc;

/// How the Gateway's load balancer is secured, which decides where target rules come from.
#[derive(Clone, Copy, Debug)]
pub struct Frontend<'a> {
    /// The backend SG (or the managed SG without it); none when no node rules are managed.
    pub peer: Option<&'a Peer>,
    /// An NLB with `disableSecurityGroup`: CIDR sources.
    pub sg_less: bool,
    pub scheme: Scheme,
    pub dualstack: bool,
}

/// The rules of one backend's target group, or a warning when the controller drops it.
pub fn target_rules(
    builder: &mut Builder<'_>,
    gw: &Gw<'_>,
    config: &Config<'_>,
    backend: &RouteBackend<'_>,
    frontend: &Frontend<'_>,
) -> Result<(), InputError> {
    let RouteBackend { route, backend: reference, listener_protocol, unknown } = *backend;
    let route_namespace = namespace_of(&route.value.metadata);
    let route_kind = route.value.kind.as_str();
    let route_name = route_key(route);
    let dropped = |builder: &mut Builder<'_>, why: String| {
        builder.warn(
            "gateway-backend-dropped",
            format!(
                "{route_kind} {route_name} backend {}: {why}; the controller gives it no target group",
                reference.name
            ),
            Some(&route.source),
        );
    };
    match reference.kind.as_deref().unwrap_or("Service") {
        "Service" => {}
        // Target groups that exist already, or another Gateway's ALB: no binding, no node rule.
        "TargetGroupName" | "Gateway" => return Ok(()),
        _ => {
            dropped(builder, "Unknown backend reference kind".into());
            return Ok(());
        }
    }
    let Some(port_number) = reference.port else {
        dropped(builder, "Port is required".into());
        return Ok(());
    };
    let service_namespace = reference.namespace.as_deref().unwrap_or(route_namespace);
    if service_namespace != route_namespace
        && !granted(gw, route_kind, route_namespace, service_namespace, &reference.name)
    {
        dropped(builder, "No explicit ReferenceGrant exists to allow the reference.".into());
        return Ok(());
    }
    let service_key = format!("{service_namespace}/{}", reference.name);
    let props = backend_props(
        gw.manifests,
        config,
        (service_namespace, &reference.name),
        (route_kind, route_namespace, route.value.metadata.name.as_deref().unwrap_or("")),
    );
    let target_type = match props.target_type.as_deref() {
        None => builder.settings.default_target_type,
        Some(text) => TargetType::parse(text)
            .ok_or_else(|| gw.error(format!("unsupported target type {text:?} for Service {service_key}")))?,
    };
    let tg_protocol = tg_protocol(gw, props.protocol.as_deref(), listener_protocol, route_kind)?;
    let targets = Arc::new(match target_type {
        TargetType::Instance => Targets::Nodes(props.node_selector.as_ref().map(LabelSet::from_label_selector)),
        TargetType::Ip => Targets::Pods(None),
    });
    let why = |reason: String| Provenance {
        source: gw.object.source.to_string(),
        object: format!("Gateway {}", gw.key),
        reason,
    };
    let restricted = !builder.settings.disable_restricted_sg_rules;
    // A Service the input lacks may live in the cluster: the rules it would need are unknown,
    // and existing ones are left alone (the controller drops a backend whose Service is gone).
    // So are those of a rule whose ListenerRuleConfiguration the input lacks.
    let service = builder.index.services.get(&(service_namespace, reference.name.as_str())).copied();
    let unknown = match (unknown, service) {
        (Some(why), _) => Some((
            "gateway-rule-configuration-missing",
            format!("{route_kind} {route_name} of Gateway {} routes to Service {service_key}, but {why}", gw.key),
        )),
        (None, None) => Some((
            "gateway-backend-service-missing",
            format!(
                "{route_kind} {route_name} of Gateway {} routes to Service {service_key}, which is not in the input: its port is unknown; add the Service",
                gw.key
            ),
        )),
        (None, Some(_)) => None,
    };
    if let Some((code, reason)) = unknown {
        let unknown = TargetPort::Unknown { code, reason: reason.clone() };
        let origin = Origin { source: route.source.clone(), why: why(reason), targets };
        if frontend.sg_less {
            // The CIDR sources are known, the port is not: the rules from them are left alone.
            let target = SgLessBackend { tg_protocol, target_type, traffic: &unknown, health_check: None, ipv6: false };
            sg_less_rules(builder, gw, config, frontend, &props, &target, &origin)?;
        } else if let Some(peer) = frontend.peer {
            builder.target_rules.extend(from_security_group(
                peer,
                node_protocol(tg_protocol),
                &unknown,
                None,
                &[],
                restricted,
                &origin,
            ));
        }
        return Ok(());
    }
    let Some(service) = service else { return Ok(()) };
    let Some(port) = service_ports(service).iter().find(|port| port.port == port_number) else {
        dropped(builder, format!("Unable to find service port for port {port_number}"));
        return Ok(());
    };
    // Checked, and hashed into the target group's name, but never opened on the targets:
    // `buildTargetGroupSpec` does not copy it (docs/gateway.md).
    if props.target_control_port.is_some() {
        if gw.lb_type == LbType::Nlb {
            let protocol = props.protocol.as_deref().unwrap_or("TCP");
            return Err(gw.error(format!(
                "target control port is only supported for HTTP and HTTPS protocols, got: {protocol}"
            )));
        }
        if target_type == TargetType::Instance {
            return Err(gw.error("target control port is not supported for instance target target group"));
        }
    }
    if has_ipv6_family(&service.value) && !frontend.dualstack {
        return Err(gw.error("unsupported IPv6 configuration, lb not dual-stack"));
    }
    let service_type = service.value.spec.as_ref().and_then(|s| s.type_.as_deref()).unwrap_or("ClusterIP");
    let traffic = match target_type {
        TargetType::Instance => {
            let allocates =
                service.value.spec.as_ref().and_then(|s| s.allocate_load_balancer_node_ports) != Some(false);
            if service_type == "ClusterIP" || (service_type == "LoadBalancer" && !allocates && port.node_port.is_none())
            {
                return Err(gw
                    .error("TargetGroup port is empty. When using Instance targets, your service must be of type 'NodePort' or 'LoadBalancer'")
                    .hint(format!("{route_kind} {route_name} routes to Service {service_key}, which has no nodePort; use ip targets (TargetGroupConfiguration targetType: ip) or a NodePort Service")));
            }
            vec![node_port(&service_key, port)]
        }
        TargetType::Ip => target_ports(builder.index, &service.value, port),
    };
    let health_check = health_check_port(gw, &props, service, &service_key, target_type)?;
    let targets = Arc::new(match target_type {
        TargetType::Ip => Targets::Pods(PodSelection::of_service(&service.value)),
        TargetType::Instance => targets.as_ref().clone(),
    });
    let reason = format!(
        "{route_kind} {route_name} → Service {service_key} port {port_number} ({})",
        if target_type == TargetType::Ip { "ip targets: targetPort" } else { "instance targets: nodePort" }
    );
    let origin = Origin { source: gw.object.source.clone(), why: why(reason), targets };
    for traffic_port in &traffic {
        if frontend.sg_less {
            let target = SgLessBackend {
                tg_protocol,
                target_type,
                traffic: traffic_port,
                health_check: health_check.as_ref(),
                ipv6: has_ipv6_family(&service.value),
            };
            sg_less_rules(builder, gw, config, frontend, &props, &target, &origin)?;
        } else if let Some(peer) = frontend.peer {
            let rules = from_security_group(
                peer,
                node_protocol(tg_protocol),
                traffic_port,
                health_check.as_ref(),
                &[],
                restricted,
                &origin,
            );
            builder.target_rules.extend(rules);
        }
    }
    Ok(())
}

/// One target group of an NLB Gateway without SGs.
struct SgLessBackend<'a> {
    tg_protocol: TgProtocol,
    target_type: TargetType,
    traffic: &'a TargetPort,
    health_check: Option<&'a TargetPort>,
    ipv6: bool,
}

/// `nlbNoSecurityGroups`: CIDR rules from the source ranges, the VPC or the world, and the load
/// balancer's subnets, chosen as `resolveEC2Subnets` chooses them (identifiers when the first
/// entry has one, else the selector, else discovery; an existing load balancer's subnets are
/// not read).
fn sg_less_rules(
    builder: &mut Builder<'_>,
    gw: &Gw<'_>,
    config: &Config<'_>,
    frontend: &Frontend<'_>,
    props: &TargetGroupProps,
    backend: &SgLessBackend<'_>,
    origin: &Origin,
) -> Result<(), InputError> {
    let SgLessBackend { tg_protocol, target_type, traffic, health_check, ipv6 } = *backend;
    let spec = &config.spec;
    let first_named = spec.load_balancer_subnets.iter().flatten().next().and_then(|s| s.identifier.as_ref());
    let choice = match (first_named, &spec.load_balancer_subnets_selector) {
        (Some(_), _) => SubnetChoice::Named(
            spec.load_balancer_subnets.iter().flatten().filter_map(|s| s.identifier.clone()).collect(),
            "loadBalancerSubnets of its LoadBalancerConfiguration".to_string(),
        ),
        (None, Some(selector)) if !selector.is_empty() => SubnetChoice::Selector(selector.clone()),
        _ => SubnetChoice::Discovered,
    };
    let subnet_cidrs =
        crate::model::subnets::load_balancer_subnet_cidrs(builder, &gw.object.source, choice, frontend.scheme, ipv6)?;
    let owner = SgLessOwner { object: format!("Gateway {}", gw.key), source: &gw.object.source, subnet_cidrs };
    // `getPreserveClientIP`: always for the UDP family, else the attribute, else by target type.
    let udp_family = tg_protocol != TgProtocol::Tcp;
    let preserve_client_ip = udp_family
        || match props.attribute("preserve_client_ip.enabled") {
            Some(raw) => crate::go::parse_bool(raw).unwrap_or(false),
            None => target_type == TargetType::Instance,
        };
    let target = SgLessTarget {
        tg_protocol,
        traffic,
        health_check,
        preserve_client_ip,
        ipv6,
        targets: &origin.targets,
        always_health_check: udp_family,
    };
    let ranges = spec.source_ranges.clone().unwrap_or_default();
    crate::model::sg_less::rules(builder, &owner, &target, frontend.scheme, &ranges)
}

fn service_ports(service: &Object<Service>) -> &[ServicePort] {
    service.value.spec.as_ref().and_then(|spec| spec.ports.as_deref()).unwrap_or_default()
}

/// A ReferenceGrant in the Service's namespace lets the route's kind and namespace refer to
/// it (`grantAllowsReference`).
fn granted(gw: &Gw<'_>, route_kind: &str, route_namespace: &str, service_namespace: &str, service: &str) -> bool {
    gw.manifests.reference_grants.iter().any(|grant| {
        namespace_of(&grant.value.metadata) == service_namespace
            && grant.value.spec.from.iter().any(|from| {
                from.group == "gateway.networking.k8s.io"
                    && from.kind == route_kind
                    && from.namespace == route_namespace
            })
            && grant.value.spec.to.iter().any(|to| {
                to.group.is_empty() && to.kind == "Service" && to.name.as_deref().is_none_or(|name| name == service)
            })
    })
}

/// The target group's protocol (`buildTargetGroupProtocol`): on an ALB HTTP or HTTPS; on an
/// NLB the merged listener's TCP_UDP, else the configuration's, else the route kind's.
fn tg_protocol(
    gw: &Gw<'_>,
    configured: Option<&str>,
    listener_protocol: Option<&str>,
    route_kind: &str,
) -> Result<TgProtocol, InputError> {
    match gw.lb_type {
        LbType::Alb => match configured {
            None | Some("HTTP" | "HTTPS") => Ok(TgProtocol::Tcp),
            Some(other) => Err(gw.error(format!("backend protocol must be within [HTTP, HTTPS]: {other}"))),
        },
        LbType::Nlb => {
            let protocol = match (listener_protocol, configured) {
                (Some("TCP_UDP"), _) => "TCP_UDP",
                (_, Some(configured)) => configured,
                _ => match route_kind {
                    "UDPRoute" => "UDP",
                    _ => "TCP",
                },
            };
            match protocol {
                "TCP" | "TLS" => Ok(TgProtocol::Tcp),
                "UDP" | "QUIC" => Ok(TgProtocol::Udp),
                "TCP_UDP" | "TCP_QUIC" => Ok(TgProtocol::TcpUdp),
                other => Err(gw.error(format!(
                    "backend protocol must be within [TCP, UDP, TCP_UDP, TLS, QUIC, TCP_QUIC]: {other}"
                ))),
            }
        }
    }
}

/// The protocol as `standardBuilder` opens it: a TCP_UDP target group gets the traffic port
/// for UDP only and TCP for the health check, as a UDP one does (unlike the Service path,
/// which also opens the TCP traffic port; docs/gateway.md).
fn node_protocol(tg_protocol: TgProtocol) -> TgProtocol {
    match tg_protocol {
        TgProtocol::TcpUdp => TgProtocol::Udp,
        other => other,
    }
}

/// The health-check port when it is not the traffic port (`GetHealthCheckPort`).
fn health_check_port(
    gw: &Gw<'_>,
    props: &crate::manifest::gateway_api::TargetGroupProps,
    service: &Object<Service>,
    service_key: &str,
    target_type: TargetType,
) -> Result<Option<TargetPort>, InputError> {
    let configured = props.health_check_config.as_ref().and_then(|hc| hc.health_check_port.as_deref());
    let local = service.value.spec.as_ref().and_then(|s| s.external_traffic_policy.as_deref()) == Some("Local");
    let raw = match configured {
        None if gw.lb_type == LbType::Nlb && target_type == TargetType::Instance && local => {
            return Ok(Some(health_check_node_port(&service.value, service_key)));
        }
        None | Some("traffic-port") => return Ok(None),
        Some(raw) => raw,
    };
    if let Ok(number) = raw.parse::<i32>() {
        return Ok(Some(TargetPort::Number(number)));
    }
    let named = service_ports(service)
        .iter()
        .find(|candidate| candidate.name.as_deref() == Some(raw))
        .ok_or_else(|| gw.error(format!("unable to find port {raw} on service {service_key}")))?;
    Ok(Some(match target_type {
        TargetType::Instance => node_port(service_key, named),
        TargetType::Ip => {
            TargetPort::Number(numeric_target_port(named).ok_or_else(|| gw.error(NAMED_HEALTH_CHECK_PORT))?)
        }
    }))
}
