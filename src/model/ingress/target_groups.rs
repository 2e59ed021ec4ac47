//! The target groups of a member's backend Services and the TargetGroupBinding networking
//! rules each puts on the targets: the Service and its port, the target type, the traffic
//! port (nodePort or targetPort), the health-check port and the target-control port.
//!
//! Mirrors `pkg/ingress/model_build_target_group.go` (`buildTargetGroupSpec`,
//! `buildTargetGroupBindingNetworking`, `buildTargetGroupHealthCheckPort`).

use super::backends::{self, ServicePortRef};
use super::Member;
use crate::manifest::{namespace_of, InputError, Object};
use crate::model::annotations::{Annotations, INGRESS_PREFIX};
use crate::model::ports::{find_service_port, node_port, numeric_target_port, target_ports, ServiceBackendPortRef};
use crate::model::target_rules::{
    from_security_group, LabelSet, Origin, PodSelection, TargetPort, TargetRule, Targets, TgProtocol,
};
use crate::model::Builder;
use crate::settings::TargetType;
use crate::sg::{Peer, Protocol, Provenance};
use k8s_openapi::api::core::v1::{Service, ServicePort};
use std::sync::Arc;

/// The TGB networking rules of every target group of one member.
pub(super) fn target_group_rules(
    builder: &mut Builder<'_>,
    member: &Member<'_>,
    peer: Option<&Peer>,
    dualstack: bool,
) -> Result<(), InputError> {
    let settings = builder.settings;
    let namespace = namespace_of(&member.ingress.value.metadata).to_string();
    let routes = backends::routes(builder, member)?;
    if let Some(peer) = peer {
        for service_name in &routes.missing {
            missing_service_rule(builder, member, peer, &namespace, service_name);
        }
    }
    for ServicePortRef { service: service_name, port: port_ref } in routes.services {
        let service = find_service(builder, &namespace, &service_name)
            .expect("backends::routes returns only Services of the input");
        let service_key = format!("{namespace}/{service_name}");
        let service_port = find_service_port(&service.value, &port_ref)
            .ok_or_else(|| member.error(format!("unable to find port {port_ref} on service {service_key}")))?;
        let service_annotations = Annotations::new(service.value.metadata.annotations.as_ref(), INGRESS_PREFIX);
        // Target-group annotations: the Service's value wins over the Ingress's.
        let merged = |suffix: &str| service_annotations.string(suffix).or_else(|| member.annotations().string(suffix));
        let target_type_raw = member.params.and_then(|p| p.spec.target_type.clone()).or_else(|| merged("target-type"));
        let target_type = match target_type_raw.as_deref() {
            None => settings.default_target_type,
            Some(raw) => TargetType::parse(raw).ok_or_else(|| member.error(format!("unknown targetType: {raw}")))?,
        };
        if target_type == TargetType::Ip && !settings.feature_gates.enable_ip_target_type {
            return Err(member.error("unsupported targetType: ip when EnableIPTargetType is false"));
        }
        // The controller's order (`buildTargetGroupSpec`): the target type, the health check,
        // then the IP address type.
        let health_check = match merged("healthcheck-port").as_deref() {
            None | Some("traffic-port") => None,
            Some(raw) => Some(match raw.parse::<i32>() {
                Ok(number) => TargetPort::Number(number),
                Err(_) => {
                    let named = find_service_port(&service.value, &ServiceBackendPortRef::Name(raw.to_string()))
                        .ok_or_else(|| {
                            member.error(format!(
                                "failed to resolve healthCheckPort: unable to find port {raw} on service {service_key}"
                            ))
                        })?;
                    named_health_check_port(member, &service_key, named, target_type)?
                }
            }),
        };
        if crate::model::ports::has_ipv6_family(&service.value) && !dualstack {
            return Err(member.error("unsupported IPv6 configuration, lb not dual-stack"));
        }
        let Some(peer) = peer else { continue };
        let service_type =
            service.value.spec.as_ref().and_then(|s| s.type_.clone()).unwrap_or_else(|| "ClusterIP".into());
        let traffic_ports = match target_type {
            TargetType::Instance => {
                // The TargetGroupBinding's reconcile refuses it (`ResolveNodePortEndpoints`).
                if service_type != "NodePort" && service_type != "LoadBalancer" {
                    return Err(member
                        .error(format!("service type must be either 'NodePort' or 'LoadBalancer': {service_key}"))
                        .hint("use alb.ingress.kubernetes.io/target-type: ip, or change the Service type"));
                }
                vec![node_port(&service_key, service_port)]
            }
            TargetType::Ip => target_ports(builder.index, &service.value, service_port),
        };
        // `target-control-port.<service>.<service port number>`, Service annotation first.
        let control_key = format!("target-control-port.{service_name}.{}", service_port.port);
        let mut extra = Vec::new();
        if let Some(raw) = merged(&control_key) {
            if target_type == TargetType::Instance {
                return Err(member
                    .error("target control port is not supported for instance target target group")
                    .annotation(member.annotations().key(&control_key)));
            }
            let number = raw.parse::<i32>().map_err(|_| {
                member
                    .error(format!("invalid target control port {raw}"))
                    .annotation(member.annotations().key(&control_key))
            })?;
            extra.push(TargetPort::Number(number));
        }
        // `buildTargetGroupBindingNodeSelector`: instance targets only, the Service's value first.
        let targets = Arc::new(match target_type {
            TargetType::Ip => Targets::Pods(PodSelection::of_service(&service.value)),
            TargetType::Instance => {
                let suffix = "target-node-labels";
                let labels = match service_annotations.raw(suffix) {
                    Some(_) => service_annotations.string_map(suffix),
                    None => member.annotations().string_map(suffix),
                }
                .map_err(|message| member.error(message))?;
                Targets::Nodes(labels.filter(|labels| !labels.is_empty()).map(LabelSet::from_labels))
            }
        });
        let why = Provenance {
            source: member.ingress.source.to_string(),
            object: format!("Ingress {}", member.key),
            reason: format!(
                "target group of Service {service_key} port {port_ref} ({})",
                if target_type == TargetType::Ip { "ip targets: targetPort" } else { "instance targets: nodePort" }
            ),
        };
        for traffic in &traffic_ports {
            let rules = from_security_group(
                peer,
                TgProtocol::Tcp,
                traffic,
                health_check.as_ref(),
                &extra,
                !settings.disable_restricted_sg_rules,
                &Origin { source: member.ingress.source.clone(), why: why.clone(), targets: targets.clone() },
            );
            builder.target_rules.extend(rules);
        }
    }
    // `listener_utils.go: buildSDKAction`: with the gate off, deploying a forward to several
    // target groups fails after the model and the SGs, before the stack's TargetGroupBindings;
    // a plan cannot express that half-deployed state, so it fails with the controller's text.
    if routes.weighted_forward && !settings.feature_gates.weighted_target_groups {
        return Err(member.error("weighted target groups feature is disabled"));
    }
    Ok(())
}

/// The rule a Service that is not in the input could need: the controller answers 503 for
/// it, and the cluster may yet hold it, so its port is unknown and the (protocol, source)
/// pair it would merge into is left alone on the node SGs.
fn missing_service_rule(
    builder: &mut Builder<'_>,
    member: &Member<'_>,
    peer: &Peer,
    namespace: &str,
    service_name: &str,
) {
    let reason = format!(
        "Ingress {} routes to Service {namespace}/{service_name}, which is not in the input: the controller answers 503 (Backend service does not exist) until it exists, and its target group's node rules are unknown; add it to the input (kubectl get svc -n {namespace} {service_name} -o yaml)",
        member.key
    );
    let why = Provenance {
        source: member.ingress.source.to_string(),
        object: format!("Ingress {}", member.key),
        reason: format!("target group of Service {namespace}/{service_name}, which is not in the input"),
    };
    builder.target_rules.push(TargetRule {
        peer: peer.clone(),
        protocol: Protocol::Tcp,
        port: TargetPort::Unknown { code: "backend-service-missing", reason },
        targets: Arc::new(Targets::Nodes(None)),
        source: member.ingress.source.clone(),
        why,
    });
}

/// A health-check port named after a Service port: its nodePort for instance targets, its
/// numeric targetPort for ip targets (a targetPort that is itself a name is an error).
fn named_health_check_port(
    member: &Member<'_>,
    service_key: &str,
    port: &ServicePort,
    target_type: TargetType,
) -> Result<TargetPort, InputError> {
    match target_type {
        TargetType::Instance => Ok(node_port(service_key, port)),
        TargetType::Ip => numeric_target_port(port)
            .map(TargetPort::Number)
            .ok_or_else(|| member.error(crate::model::ports::NAMED_HEALTH_CHECK_PORT)),
    }
}

fn find_service<'a>(builder: &Builder<'a>, namespace: &str, name: &str) -> Option<&'a Object<Service>> {
    builder.index.services.get(&(namespace, name)).copied()
}
