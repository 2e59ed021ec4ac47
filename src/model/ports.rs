//! Resolving the ports targets listen on: a Service port by number or name, a numeric or
//! named `targetPort` through the pod templates the Service selects, and `nodePort`.
//! What files cannot tell comes back as `TargetPort::Unknown` with the reason.

use super::ingress_class::selector_matches;
use super::target_rules::TargetPort;
use super::Index;
use crate::manifest::namespace_of;
use k8s_openapi::api::core::v1::{Service, ServicePort};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

/// A Service port's `nodePort`, unknown until the API server assigns it.
pub fn node_port(service_name: &str, port: &ServicePort) -> TargetPort {
    match port.node_port {
        Some(node_port) if node_port > 0 => TargetPort::Number(node_port),
        _ => TargetPort::unknown(format!(
            "nodePort of Service {service_name} port {} is not assigned yet; apply the Service first, or give spec.ports[].nodePort, or read it back with `kubectl get svc -o yaml`",
            port.port
        )),
    }
}

/// A Service port's target port(s) for ip targets: numeric, or a name resolved through the
/// container ports of the workloads the Service selects (every distinct value, sorted).
pub fn target_ports(index: &Index<'_>, service: &Service, port: &ServicePort) -> Vec<TargetPort> {
    let service_name =
        format!("{}/{}", namespace_of(&service.metadata), service.metadata.name.as_deref().unwrap_or(""));
    match &port.target_port {
        None => vec![TargetPort::Number(port.port)],
        Some(IntOrString::Int(number)) => vec![TargetPort::Number(*number)],
        Some(IntOrString::String(text)) => match text.parse::<i32>() {
            Ok(number) => vec![TargetPort::Number(number)],
            Err(_) => {
                let resolved = resolve_named_port(index, service, text);
                if resolved.is_empty() {
                    vec![TargetPort::unknown(format!(
                        "targetPort {text:?} of Service {service_name} names a container port, and no workload in the input that the Service selects has a port of that name; add the Deployment (or other workload) to the input"
                    ))]
                } else {
                    resolved.into_iter().map(TargetPort::Number).collect()
                }
            }
        },
    }
}

pub(crate) fn resolve_named_port(index: &Index<'_>, service: &Service, name: &str) -> Vec<i32> {
    let namespace = namespace_of(&service.metadata);
    let Some(selector) = service.spec.as_ref().and_then(|spec| spec.selector.as_ref()).filter(|s| !s.is_empty()) else {
        return Vec::new();
    };
    let selector = LabelSelector { match_labels: Some(selector.clone()), match_expressions: None };
    let templates = index.pod_templates.get(namespace).map(Vec::as_slice).unwrap_or_default();
    let mut ports: Vec<i32> = templates
        .iter()
        .filter(|template| selector_matches(&selector, &template.labels))
        .flat_map(|template| template.named_ports.iter())
        .filter(|port| port.name == name)
        .map(|port| port.port)
        .collect();
    ports.sort_unstable();
    ports.dedup();
    ports
}

/// The health-check port a Service port names for ip targets: its numeric targetPort (unset
/// is the port itself, as the API server defaults it); none when the targetPort is a string,
/// which the controller refuses (`buildTargetGroupHealthCheckPort`).
pub fn numeric_target_port(port: &ServicePort) -> Option<i32> {
    match &port.target_port {
        None => Some(port.port),
        Some(IntOrString::Int(number)) => Some(*number),
        Some(IntOrString::String(_)) => None,
    }
}

/// The controller's text for a named health-check port whose targetPort is a name.
/// The `healthCheckNodePort` of a Service with `externalTrafficPolicy: Local`, unknown until the
/// API server assigns it.
pub fn health_check_node_port(service: &Service, service_name: &str) -> TargetPort {
    match service.spec.as_ref().and_then(|spec| spec.health_check_node_port) {
        Some(port) if port > 0 => TargetPort::Number(port),
        _ => TargetPort::unknown(format!("healthCheckNodePort of Service {service_name} is not assigned yet; apply the Service first or read it back with `kubectl get svc -o yaml`")),
    }
}

pub const NAMED_HEALTH_CHECK_PORT: &str =
    "cannot use named healthCheckPort for IP TargetType when service's targetPort is a named port";

/// True when the Service lists an IPv6 family: its target groups are IPv6
/// (`buildTargetGroupIPAddressType`).
pub fn has_ipv6_family(service: &Service) -> bool {
    service
        .spec
        .as_ref()
        .and_then(|spec| spec.ip_families.as_ref())
        .is_some_and(|families| families.iter().any(|f| f == "IPv6"))
}

/// Finds a Service port by number or by name, as an Ingress backend references it.
pub fn find_service_port<'a>(service: &'a Service, by: &ServiceBackendPortRef) -> Option<&'a ServicePort> {
    let ports = service.spec.as_ref()?.ports.as_ref()?;
    ports.iter().find(|port| match by {
        ServiceBackendPortRef::Number(number) => port.port == *number,
        ServiceBackendPortRef::Name(name) => port.name.as_deref() == Some(name.as_str()),
    })
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ServiceBackendPortRef {
    Number(i32),
    Name(String),
}

impl std::fmt::Display for ServiceBackendPortRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServiceBackendPortRef::Number(number) => write!(f, "{number}"),
            ServiceBackendPortRef::Name(name) => f.write_str(name),
        }
    }
}
