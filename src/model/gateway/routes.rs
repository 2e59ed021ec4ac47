//! Which routes attach to which of a Gateway's listeners, and so which backends get target
//! groups: parentRefs (Gateway or ListenerSet, sectionName, port), each listener's
//! `allowedRoutes` (namespaces, kinds) and hostnames; on an ALB every backend of every
//! attached route, on an NLB the backends of one route per port (the oldest).
//!
//! Mirrors `pkg/gateway/routeutils/route_listener_mapper.go` (`mapListenersAndRoutes`),
//! `listener_attachment_helper.go`, `utils.go` (`getCompatibleHostname`,
//! `IsHostNameInValidFormat`) and `pkg/gateway/model/model_build_listener.go`
//! (`mapGatewayListenerConfigsByPort`, `pickOneL4Route`).

use super::listeners::{default_route_kinds, namespace_allowed, Parent, ValidListener};
use super::{Gw, LbType};
use crate::manifest::gateway_api::{BackendRef, LoadBalancerConfigurationSpec, Route, RouteRule};
use crate::manifest::{name_of, namespace_of, InputError, Object, Source};
use std::collections::{BTreeMap, BTreeSet};

/// One backend of one attached route, with the protocol of the NLB listener port it serves
/// (`TCP_UDP` when a TCP and a UDP listener share the port; none on an ALB).
#[derive(Clone, Copy, Debug)]
pub struct RouteBackend<'a> {
    pub route: &'a Object<Route>,
    pub backend: &'a BackendRef,
    pub listener_protocol: Option<&'static str>,
    /// Why files cannot tell whether the controller loads this backend (its rule's
    /// ListenerRuleConfiguration is not in the input).
    pub unknown: Option<&'a str>,
}

/// What the controller does with the backends of one ALB route rule that names a
/// ListenerRuleConfiguration (`listenerRuleConfigLoader`).
enum RuleBackends<'a> {
    Load,
    /// Not loaded, with the controller's warning.
    Dropped(String),
    /// The configuration is not in the input: whether they load is unknown.
    Unknown(&'a str),
}

const RULE_CONFIGURATION_MISSING: &str = "its rule names a ListenerRuleConfiguration that is not in the input, without which the controller loads no backend of the rule; add it (kubectl get listenerruleconfigurations -A -o yaml)";

/// The backends of a Gateway's attached routes, and the route rules whose backends the
/// controller does not load, with its warning and the route's place.
#[derive(Debug, Default)]
pub struct Routed<'a> {
    pub backends: Vec<RouteBackend<'a>>,
    pub dropped: Vec<(String, &'a Source)>,
}

/// The backends that get target groups, in route and rule order; first the checks the
/// controller makes of the attached routes and listeners before it deploys anything.
pub fn backends<'a>(
    gw: &Gw<'a>,
    spec: &LoadBalancerConfigurationSpec,
    listeners: &[ValidListener<'a>],
) -> Result<Routed<'a>, InputError> {
    let served: &[&str] = match gw.lb_type {
        LbType::Alb => &["HTTPRoute", "GRPCRoute"],
        LbType::Nlb => &["TCPRoute", "UDPRoute", "TLSRoute"],
    };
    // Each attached route with the listeners it attached to.
    let mut attached: Vec<(&'a Object<Route>, Vec<&ValidListener<'a>>)> = Vec::new();
    for route in gw.manifests.routes.iter().filter(|route| served.contains(&route.value.kind.as_str())) {
        let on = attached_listeners(gw, route, listeners)?;
        if !on.is_empty() {
            attached.push((route, on));
        }
    }
    super::checks::certificates(gw, spec, listeners, &attached)?;
    super::checks::quic(gw, spec, &attached)?;
    if gw.lb_type == LbType::Alb {
        for (route, _) in &attached {
            super::checks::rules(gw, route)?;
        }
    }
    let mut found = Vec::new();
    let mut dropped = Vec::new();
    match gw.lb_type {
        LbType::Alb => {
            for (route, _) in &attached {
                for rule in &route.value.spec.rules {
                    let unknown = match rule_backends(gw, route, rule) {
                        RuleBackends::Load => None,
                        RuleBackends::Unknown(why) => Some(why),
                        RuleBackends::Dropped(warning) => {
                            dropped
                                .push((format!("{} {}: {warning}", route.value.kind, route_key(route)), &route.source));
                            continue;
                        }
                    };
                    for backend in &rule.backend_refs {
                        found.push(RouteBackend { route, backend, listener_protocol: None, unknown });
                    }
                }
            }
        }
        LbType::Nlb => {
            // Per port, the merged protocol and the one route that contributes (`pickOneL4Route`).
            let mut ports: BTreeMap<i32, (BTreeSet<&str>, Vec<&'a Object<Route>>)> = BTreeMap::new();
            for (route, on) in &attached {
                for valid in on {
                    let entry = ports.entry(valid.listener.port).or_default();
                    entry.0.insert(effective_l4_protocol(valid));
                    if !entry.1.iter().any(|other| std::ptr::eq(*other, *route)) {
                        entry.1.push(route);
                    }
                }
            }
            for (protocols, routes) in ports.values() {
                let listener_protocol = if protocols.contains("TCP") && protocols.contains("UDP") {
                    "TCP_UDP"
                } else {
                    protocols.iter().next().copied().unwrap_or("TCP")
                };
                let Some(route) = routes.iter().min_by_key(|route| {
                    let metadata = &route.value.metadata;
                    (
                        metadata.creation_timestamp.as_ref().map(|time| time.0),
                        format!("{}/{}", namespace_of(metadata), name_of(metadata)),
                    )
                }) else {
                    continue;
                };
                for backend in route.value.spec.rules.iter().flat_map(|rule| &rule.backend_refs) {
                    found.push(RouteBackend {
                        route,
                        backend,
                        listener_protocol: Some(listener_protocol),
                        unknown: None,
                    });
                }
            }
        }
    }
    for backend in &found {
        if let Some(weight) = backend.backend.weight.filter(|weight| *weight > 999) {
            return Err(gw.error(format!("Weight [{weight}] must be less than or equal to 999")).hint(format!(
                "{} {} gives backend {} weight {weight}; the controller accepts at most 999",
                backend.route.value.kind,
                route_key(backend.route),
                backend.backend.name
            )));
        }
    }
    Ok(Routed { backends: found, dropped })
}

/// `listenerRuleConfigLoader`: a rule whose filters name a ListenerRuleConfiguration loads its
/// backends only when exactly one is named, in the route's namespace, and accepted.
fn rule_backends<'a>(gw: &Gw<'a>, route: &Object<Route>, rule: &RouteRule) -> RuleBackends<'a> {
    let named: Vec<&str> = rule
        .filters
        .iter()
        .filter(|filter| filter.type_ == "ExtensionRef")
        .filter_map(|filter| filter.extension_ref.as_ref())
        .filter(|reference| reference.kind == "ListenerRuleConfiguration")
        .map(|reference| reference.name.as_str())
        .collect();
    let name = match named.as_slice() {
        [] => return RuleBackends::Load,
        [one] => *one,
        _ => {
            return RuleBackends::Dropped(
                "Only one listener rule config can be referenced per route rule, found multiple".into(),
            )
        }
    };
    let namespace = namespace_of(&route.value.metadata);
    let found =
        gw.manifests.listener_rule_configurations.iter().find(|config| {
            namespace_of(&config.value.metadata) == namespace && name_of(&config.value.metadata) == name
        });
    match found.map(|config| config.value.status.as_ref()) {
        None => RuleBackends::Unknown(RULE_CONFIGURATION_MISSING),
        Some(Some(status)) if status.accepted == Some(true) => RuleBackends::Load,
        Some(status) => RuleBackends::Dropped(format!(
            "ListenerRuleConfiguration [{namespace}/{name}] is not accepted. Reason:  {})",
            status.and_then(|s| s.message.as_deref()).unwrap_or("")
        )),
    }
}

pub fn route_key(route: &Object<Route>) -> String {
    format!("{}/{}", namespace_of(&route.value.metadata), name_of(&route.value.metadata))
}

/// A TLS listener in passthrough mode is a TCP listener to the load balancer.
pub(super) fn effective_l4_protocol(valid: &ValidListener<'_>) -> &'static str {
    let listener = valid.listener;
    match listener.protocol.as_str() {
        "UDP" => "UDP",
        "TLS" if listener.tls.as_ref().and_then(|tls| tls.mode.as_deref()) == Some("Passthrough") => "TCP",
        "TLS" => "TLS",
        _ => "TCP",
    }
}

/// The listeners `route` attaches to (`attemptListenerRouteAttachment`).
fn attached_listeners<'a, 'l>(
    gw: &Gw<'a>,
    route: &Object<Route>,
    listeners: &'l [ValidListener<'a>],
) -> Result<Vec<&'l ValidListener<'a>>, InputError> {
    let route_namespace = namespace_of(&route.value.metadata);
    let kind = route.value.kind.as_str();
    let mut on: Vec<&ValidListener<'a>> = Vec::new();
    for parent_ref in &route.value.spec.parent_refs {
        let namespace = parent_ref.namespace.as_deref().unwrap_or(route_namespace);
        let candidates =
            listeners.iter().filter(|valid| match (parent_ref.kind.as_deref().unwrap_or("Gateway"), valid.parent) {
                ("Gateway", Parent::Gateway) => parent_ref.name == gw.name && namespace == gw.namespace,
                ("ListenerSet", Parent::ListenerSet(set)) => {
                    parent_ref.name == name_of(&set.value.metadata) && namespace == namespace_of(&set.value.metadata)
                }
                _ => false,
            });
        for valid in candidates {
            let listener = valid.listener;
            if parent_ref.section_name.as_ref().is_some_and(|section| *section != listener.name)
                || parent_ref.port.is_some_and(|port| port != listener.port)
            {
                continue;
            }
            let allowed = listener.allowed_routes.as_ref();
            let namespaces = allowed.and_then(|a| a.namespaces.as_ref());
            if !namespace_allowed(namespaces, "Same", valid.namespace, route_namespace) {
                continue;
            }
            let kinds = allowed.map(|a| a.kinds.as_slice()).unwrap_or_default();
            let kind_ok = if kinds.is_empty() {
                default_route_kinds(&listener.protocol).contains(&kind)
            } else {
                kinds.iter().any(|allowed| allowed.kind == kind)
            };
            if !kind_ok || !hostnames_compatible(gw, route, valid)? {
                continue;
            }
            if !on.iter().any(|other| std::ptr::eq(*other, valid)) {
                on.push(valid);
            }
        }
    }
    Ok(on)
}

/// `hostnameCheck`: HTTPRoutes, GRPCRoutes and TLSRoutes with hostnames attach only to a
/// listener without one or with a compatible one. An invalid listener hostname fails the
/// Gateway, with the controller's text (its arguments swapped, as in the code).
fn hostnames_compatible(gw: &Gw<'_>, route: &Object<Route>, valid: &ValidListener<'_>) -> Result<bool, InputError> {
    let kind = route.value.kind.as_str();
    let hostnames = &route.value.spec.hostnames;
    let Some(listener_host) = valid.listener.hostname.as_deref() else { return Ok(true) };
    if !matches!(kind, "HTTPRoute" | "GRPCRoute" | "TLSRoute") || hostnames.is_empty() {
        return Ok(true);
    }
    let labels: Vec<&str> = listener_host.split('.').collect();
    let looks_like_ip =
        listener_host.contains(':') || (labels.len() == 4 && labels.iter().all(|l| l.parse::<u8>().is_ok()));
    if looks_like_ip || labels.iter().any(|label| label.len() > 63) {
        return Err(
            gw.error(format!("listener hostname {} is not valid (listener name {listener_host})", valid.listener.name))
        );
    }
    Ok(hostnames.iter().any(|host| compatible_hostnames(host, listener_host)))
}

/// `getCompatibleHostname`: equal, or one a `*.` wildcard the other falls under.
fn compatible_hostnames(a: &str, b: &str) -> bool {
    a == b || (a.starts_with("*.") && b.ends_with(&a[1..])) || (b.starts_with("*.") && a.ends_with(&b[1..]))
}

#[cfg(test)]
mod tests {
    use super::compatible_hostnames;

    #[test]
    fn hostnames_match_exactly_or_under_a_wildcard_on_either_side() {
        assert!(compatible_hostnames("shop.example.com", "shop.example.com"));
        assert!(compatible_hostnames("*.example.com", "shop.example.com"));
        assert!(compatible_hostnames("shop.example.com", "*.example.com"));
        assert!(!compatible_hostnames("example.com", "*.example.com"));
        assert!(!compatible_hostnames("shop.example.org", "*.example.com"));
        assert!(!compatible_hostnames("blog.example.com", "shop.example.com"));
    }
}
