//! NLB Services: which Services the controller handles, the managed frontend SG (source
//! ranges, ICMP path-MTU, prefix lists), the LB's SG list, and the target rules, in SG
//! mode or legacy (SG-less) mode.
//!
//! Mirrors `pkg/service/service_utils.go: IsServiceSupported`, `pkg/service/
//! model_build_load_balancer.go`, `model_build_managed_sg.go`, `model_build_listener.go`,
//! `model_build_target_group.go`.

use super::coordination;
use super::custom_groups::resolve_custom_groups;
use super::ports::{node_port, target_ports};
use super::target_rules::{from_security_group, Origin, TargetPort, TargetRule, TgProtocol};
use super::{managed_group_tags, Builder, DesiredGroup, GroupRole, LbKind, LoadBalancer};
use crate::manifest::annotations::{Annotations, SERVICE_PREFIX};
use crate::manifest::{name_of, namespace_of, InputError, Object};
use crate::settings::{Scheme, TargetType};
use crate::sg::{naming, tags, Cidr, Peer, Protocol, Provenance, Rule, Tags};
use k8s_openapi::api::core::v1::{Service, ServicePort};

#[derive(Debug)]
struct Nlb<'a> {
    service: &'a Object<Service>,
    key: String,
}

impl Nlb<'_> {
    fn annotations(&self) -> Annotations<'_> {
        Annotations::new(self.service.value.metadata.annotations.as_ref(), SERVICE_PREFIX)
    }

    fn error(&self, message: impl Into<String>) -> InputError {
        InputError::new(message).at(&self.service.source).object(format!("Service {}", self.key))
    }

    fn annotation_error(&self, suffix: &str, message: impl Into<String>) -> InputError {
        self.error(message).annotation(self.annotations().key(suffix))
    }

    fn ports(&self) -> &[ServicePort] {
        self.service.value.spec.as_ref().and_then(|s| s.ports.as_deref()).unwrap_or_default()
    }
}

pub fn build_all(builder: &mut Builder<'_>) -> Result<(), InputError> {
    for service in &builder.manifests.services {
        if service.value.metadata.deletion_timestamp.is_some() || !is_supported(builder, &service.value) {
            continue;
        }
        let key = format!("{}/{}", namespace_of(&service.value.metadata), name_of(&service.value.metadata));
        build_one(builder, &Nlb { service, key })?;
    }
    Ok(())
}

/// `IsServiceSupported`, after the Service mutator webhook has set `loadBalancerClass` on
/// `type: LoadBalancer` Services that name no class and no LBC type annotation.
fn is_supported(builder: &Builder<'_>, service: &Service) -> bool {
    let settings = builder.settings;
    let spec = service.spec.as_ref();
    let service_type = spec.and_then(|s| s.type_.as_deref()).unwrap_or("ClusterIP");
    let annotations = Annotations::new(service.metadata.annotations.as_ref(), SERVICE_PREFIX);
    let lb_type = annotations.string("aws-load-balancer-type");
    let class = spec.and_then(|s| s.load_balancer_class.clone());
    let class = match class {
        Some(class) => Some(class),
        None if settings.enable_service_mutator_webhook && service_type == "LoadBalancer" && lb_type.is_none() => {
            Some("service.k8s.aws/nlb".to_string())
        }
        None => None,
    };
    if let Some(class) = class {
        return class == settings.load_balancer_class;
    }
    if settings.feature_gates.service_type_load_balancer_only && service_type != "LoadBalancer" {
        return false;
    }
    match lb_type.as_deref() {
        Some("nlb-ip") => true,
        Some("external") => {
            matches!(annotations.string("aws-load-balancer-nlb-target-type").as_deref(), Some("ip" | "instance"))
        }
        _ => false,
    }
}

fn build_one(builder: &mut Builder<'_>, nlb: &Nlb<'_>) -> Result<(), InputError> {
    let settings = builder.settings;
    let annotations = nlb.annotations();
    builder.desired.keeps_backend = true;
    let scheme = scheme(nlb, settings.default_scheme)?;
    let dualstack = match annotations.string("aws-load-balancer-ip-address-type").as_deref() {
        None | Some("ipv4") => false,
        Some("dualstack") => true,
        Some(other) => {
            return Err(
                nlb.annotation_error("aws-load-balancer-ip-address-type", format!("unknown IPAddressType: {other}"))
            )
        }
    };
    let disable_sg = annotations
        .bool("aws-load-balancer-disable-nlb-sg")
        .map_err(|message| nlb.annotation_error("aws-load-balancer-disable-nlb-sg", message))?
        .unwrap_or(false);
    let custom = annotations.string_list("aws-load-balancer-security-groups").unwrap_or_default();
    let sg_mode = settings.feature_gates.nlb_security_group && !disable_sg;
    let source_ranges = source_ranges(builder, nlb, dualstack, sg_mode)?;

    let attachment = if !sg_mode {
        coordination::Attachment { load_balancer_groups: Vec::new(), target_source: None }
    } else if !custom.is_empty() {
        let resolved = resolve_custom_groups(builder, &custom, &nlb.service.source, &format!("Service {}", nlb.key))?;
        let manage = annotations
            .bool("aws-load-balancer-manage-backend-security-group-rules")
            .map_err(|message| nlb.annotation_error("aws-load-balancer-manage-backend-security-group-rules", message))?
            .unwrap_or(settings.enable_manage_backend_security_group_rules);
        let what = format!("Service {}", nlb.key);
        let annotation = annotations.key("aws-load-balancer-manage-backend-security-group-rules");
        coordination::custom(builder, resolved, manage, (&what, &annotation), &nlb.service.source).map_err(|()| {
            nlb.error(
                "backendSG feature is required to manage worker node SG rules when frontendSG is manually specified",
            )
        })?
    } else {
        let metadata = &nlb.service.value.metadata;
        let uid = metadata.uid.clone().unwrap_or_default();
        if uid.is_empty() {
            builder.warn(
                "service-uid-missing",
                format!("Service {} has no metadata.uid; the managed SG name hashes the uid the API server will assign, so its name will differ (matching existing groups is by tags, so this plan is unaffected)", nlb.key),
                Some(&nlb.service.source),
            );
        }
        let name = naming::nlb_sg_name(&settings.cluster_name, namespace_of(metadata), name_of(metadata), &uid);
        let additional = annotations
            .string_map("aws-load-balancer-additional-resource-tags")
            .map_err(|message| nlb.annotation_error("aws-load-balancer-additional-resource-tags", message))?
            .unwrap_or_default();
        if let Some(key) = additional.keys().find(|key| settings.external_managed_tags.contains(key)) {
            return Err(nlb.annotation_error(
                "aws-load-balancer-additional-resource-tags",
                format!("external managed tag key {key} cannot be specified on Service"),
            ));
        }
        let (rules, provenance) = super::with_provenance(managed_rules(nlb, &source_ranges, dualstack));
        builder.desired.security_groups.push(DesiredGroup {
            address: super::frontend_address(&nlb.key),
            role: GroupRole::Frontend {
                stack_key: tags::SERVICE_STACK,
                resource_key: tags::SERVICE_RESOURCE,
                stack: nlb.key.clone(),
            },
            name: name.clone(),
            description: "[k8s] Managed SecurityGroup for LoadBalancer".into(),
            tags: managed_group_tags(
                settings,
                tags::SERVICE_STACK,
                tags::SERVICE_RESOURCE,
                &nlb.key,
                &Tags::from_iter(additional),
            ),
            ingress: rules,
            source: Some(nlb.service.source.clone()),
            provenance,
        });
        coordination::managed(builder, name)
    };
    builder.desired.load_balancers.push(LoadBalancer {
        kind: LbKind::Nlb,
        stack: nlb.key.clone(),
        scheme,
        security_groups: attachment.load_balancer_groups,
        source: nlb.service.source.clone(),
    });
    target_group_rules(builder, nlb, attachment.target_source.as_ref(), sg_mode, scheme, dualstack, &source_ranges)
}

fn scheme(nlb: &Nlb<'_>, default: Scheme) -> Result<Scheme, InputError> {
    let annotations = nlb.annotations();
    if let Some(raw) = annotations.string("aws-load-balancer-scheme") {
        return Scheme::parse(&raw)
            .ok_or_else(|| nlb.annotation_error("aws-load-balancer-scheme", format!("unknown scheme: {raw}")));
    }
    match annotations
        .bool("aws-load-balancer-internal")
        .map_err(|m| nlb.annotation_error("aws-load-balancer-internal", m))?
    {
        Some(true) => Ok(Scheme::Internal),
        Some(false) => Ok(Scheme::InternetFacing),
        None => Ok(default),
    }
}

/// Source ranges: `spec.loadBalancerSourceRanges`, else the annotation; canonical CIDRs.
/// An empty result means "use the default".
fn source_ranges(
    builder: &mut Builder<'_>,
    nlb: &Nlb<'_>,
    dualstack: bool,
    sg_mode: bool,
) -> Result<Vec<String>, InputError> {
    let from_spec =
        nlb.service.value.spec.as_ref().and_then(|s| s.load_balancer_source_ranges.clone()).unwrap_or_default();
    let (raw, suffix) = if from_spec.is_empty() {
        (
            nlb.annotations().string_list("load-balancer-source-ranges").unwrap_or_default(),
            Some("load-balancer-source-ranges"),
        )
    } else {
        (from_spec, None)
    };
    let mut result = Vec::new();
    for text in raw {
        if text.contains(':') && !dualstack && sg_mode {
            return Err(nlb.error(format!("unsupported v6 cidr {text} when lb is not dualstack")));
        }
        let cidr = Cidr::parse(&text).map_err(|message| {
            let error = nlb
                .error(format!("invalid source range: {message}"))
                .hint("each source range must be a CIDR such as 203.0.113.0/24");
            match suffix {
                Some(suffix) => error.annotation(nlb.annotations().key(suffix)),
                None => error.annotation("spec.loadBalancerSourceRanges"),
            }
        })?;
        result.push(builder.canonical_cidr(&cidr, &text, &nlb.service.source));
    }
    Ok(result)
}

fn protocol_of(port: &ServicePort) -> Protocol {
    Protocol::parse(port.protocol.as_deref().unwrap_or("TCP"))
}

/// `buildManagedSecurityGroupIngressPermissions` (spec §2.6).
fn managed_rules(nlb: &Nlb<'_>, source_ranges: &[String], dualstack: bool) -> Vec<(Rule, Provenance)> {
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
            let (peer, icmp_rule) = if cidr.contains(':') {
                (Peer::CidrV6(cidr.clone()), Rule::new(Protocol::Icmpv6, 2, 0, Peer::CidrV6(cidr.clone())))
            } else {
                (Peer::CidrV4(cidr.clone()), Rule::new(Protocol::Icmp, 3, 4, Peer::CidrV4(cidr.clone())))
            };
            rules.push((
                Rule::new(protocol.clone(), port.port, port.port, peer),
                why(format!("{port_text}; source {cidr}: {sources_from}")),
            ));
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

fn target_group_rules(
    builder: &mut Builder<'_>,
    nlb: &Nlb<'_>,
    peer: Option<&Peer>,
    sg_mode: bool,
    scheme: Scheme,
    dualstack: bool,
    source_ranges: &[String],
) -> Result<(), InputError> {
    let settings = builder.settings;
    let ipv6_targets = super::ports::has_ipv6_family(&nlb.service.value);
    if ipv6_targets && !dualstack {
        return Err(nlb.error("unsupported IPv6 configuration, lb not dual-stack"));
    }
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
    for (port, tg_protocol) in target_groups(nlb, tcp_udp) {
        let traffic = match target_type {
            TargetType::Instance => vec![node_port(&nlb.key, port)],
            TargetType::Ip => target_ports(builder.index, service, port),
        };
        let health_check =
            health_check_port(builder, nlb, target_type, local_policy && service_type == "LoadBalancer")?;
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
                        &Origin { source: nlb.service.source.clone(), why: why.clone() },
                    );
                    builder.target_rules.extend(rules);
                }
            } else {
                let target = LegacyTarget {
                    tg_protocol,
                    traffic: traffic_port,
                    health_check: health_check.as_ref(),
                    target_type,
                    ipv6: ipv6_targets,
                };
                legacy_rules(builder, nlb, &target, scheme, source_ranges)?;
            }
        }
    }
    Ok(())
}

/// The health-check port when it is not the traffic port (`buildTargetGroupHealthCheckPort`).
fn health_check_port(
    builder: &Builder<'_>,
    nlb: &Nlb<'_>,
    target_type: TargetType,
    local_instance_default: bool,
) -> Result<Option<TargetPort>, InputError> {
    let service = &nlb.service.value;
    let raw = nlb.annotations().string("aws-load-balancer-healthcheck-port");
    let raw = match raw {
        Some(raw) => raw,
        None if local_instance_default && target_type == TargetType::Instance => {
            return Ok(Some(match service.spec.as_ref().and_then(|s| s.health_check_node_port) {
                Some(port) if port > 0 => TargetPort::Number(port),
                _ => TargetPort::Unknown(format!("healthCheckNodePort of Service {} is not assigned yet; apply the Service first or read it back with `kubectl get svc -o yaml`", nlb.key)),
            }));
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
        nlb.annotation_error("aws-load-balancer-healthcheck-port", format!("failed to resolve healthCheckPort {raw}"))
    })?;
    Ok(Some(match target_type {
        TargetType::Instance => node_port(&nlb.key, named),
        TargetType::Ip => target_ports(builder.index, service, named)
            .into_iter()
            .next()
            .unwrap_or(TargetPort::Unknown(format!("healthcheck port {raw} cannot be resolved"))),
    }))
}

/// One target group of an SG-less NLB.
#[derive(Debug)]
struct LegacyTarget<'a> {
    tg_protocol: TgProtocol,
    traffic: &'a TargetPort,
    health_check: Option<&'a TargetPort>,
    target_type: TargetType,
    /// An IPv6 target group: IPv6 sources (`::/0`, the VPC's and subnets' IPv6 CIDRs).
    ipv6: bool,
}

/// Legacy (SG-less) NLB target rules with CIDR sources (spec §4.3).
fn legacy_rules(
    builder: &mut Builder<'_>,
    nlb: &Nlb<'_>,
    target: &LegacyTarget<'_>,
    scheme: Scheme,
    source_ranges: &[String],
) -> Result<(), InputError> {
    let LegacyTarget { tg_protocol, traffic, health_check, target_type, ipv6 } = *target;
    let annotations = nlb.annotations();
    let manage = annotations
        .bool("aws-load-balancer-manage-backend-security-group-rules")
        .map_err(|m| nlb.annotation_error("aws-load-balancer-manage-backend-security-group-rules", m))?
        .unwrap_or(true);
    if !manage {
        return Ok(());
    }
    let attributes = annotations
        .string_map("aws-load-balancer-target-group-attributes")
        .map_err(|m| nlb.annotation_error("aws-load-balancer-target-group-attributes", m))?
        .unwrap_or_default();
    let preserve_client_ip = match attributes.get("preserve_client_ip.enabled") {
        Some(raw) => crate::settings::parse_go_bool(raw).ok_or_else(|| {
            nlb.annotation_error(
                "aws-load-balancer-target-group-attributes",
                format!("failed to parse attribute preserve_client_ip.enabled={raw}"),
            )
        })?,
        None => target_type == TargetType::Instance,
    };
    let subnet_cidrs = super::node_rules::load_balancer_subnet_cidrs(builder, nlb.service, scheme, ipv6)?;
    let udp_like = tg_protocol != TgProtocol::Tcp;
    let mut default_range_used = false;
    let traffic_sources: Vec<String> = if udp_like || preserve_client_ip {
        if !source_ranges.is_empty() {
            source_ranges.to_vec()
        } else {
            default_range_used = true;
            if scheme == Scheme::Internal {
                super::node_rules::vpc_cidrs(builder, &nlb.service.source, ipv6)?
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
                    TargetPort::Unknown(_) => "an unknown port".to_string(),
                }
            ),
        },
        protocol,
        port,
        peer: if cidr.contains(':') { Peer::CidrV6(cidr.clone()) } else { Peer::CidrV4(cidr.clone()) },
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
