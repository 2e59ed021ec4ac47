//! A Gateway's listeners: its own, then those of the ListenerSets it accepts, oldest first;
//! each validated against the earlier ones. Every valid listener is opened on the managed SG,
//! whether or not a route attaches to it.
//!
//! Mirrors `pkg/gateway/routeutils/listener_set.go` (`retrieveListenersFromListenerSets`,
//! `listenerSetGatewayHandshake`) and `listener_utils.go` (`validateListeners`,
//! `getSupportedKinds`).

use super::{Gw, LbType};
use crate::manifest::gateway_api::{FromNamespaces, Listener, ListenerSet};
use crate::manifest::{name_of, namespace_of, Object};
use crate::model::Builder;

/// Where a listener comes from: the Gateway itself, or one of its ListenerSets.
#[derive(Clone, Copy, Debug)]
pub enum Parent<'a> {
    Gateway,
    ListenerSet(&'a Object<ListenerSet>),
}

/// One valid listener, with its parent's namespace (where `from: Same` routes live).
#[derive(Clone, Copy, Debug)]
pub struct ValidListener<'a> {
    pub listener: &'a Listener,
    pub parent: Parent<'a>,
    pub namespace: &'a str,
}

/// Whether `from` (the CRD's default: `Same`, or `None` for `allowedListeners`) admits objects
/// of `namespace` for a parent in `parent_namespace`. A selector matches the namespace's
/// `kubernetes.io/metadata.name` label only: Namespace objects are not read (docs/model.md).
pub fn namespace_allowed(
    from: Option<&FromNamespaces>,
    default: &str,
    parent_namespace: &str,
    namespace: &str,
) -> bool {
    match from.and_then(|f| f.from.as_deref()).unwrap_or(default) {
        "All" => true,
        "Same" => namespace == parent_namespace,
        "Selector" => from.and_then(|f| f.selector.as_ref()).is_some_and(|selector| {
            let labels = [("kubernetes.io/metadata.name".to_string(), namespace.to_string())].into();
            crate::model::target_rules::LabelSet::from_label_selector(selector).matches(&labels)
        }),
        _ => false,
    }
}

/// The ListenerSets this Gateway accepts (`listenerSetGatewayHandshake`), oldest first
/// (`arrangeListenerSetsForValidation`); none when `GatewayListenerSet` is off.
pub fn accepted_listener_sets<'a>(builder: &Builder<'a>, gw: &Gw<'a>) -> Vec<&'a Object<ListenerSet>> {
    if !builder.settings.feature_gates.gateway_listener_set {
        return Vec::new();
    }
    let allowed = gw.object.value.spec.allowed_listeners.as_ref().and_then(|a| a.namespaces.as_ref());
    let mut sets: Vec<&Object<ListenerSet>> = gw
        .manifests
        .listener_sets
        .iter()
        .filter(|set| {
            let namespace = namespace_of(&set.value.metadata);
            let parent = &set.value.spec.parent_ref;
            parent.kind.as_deref().unwrap_or("Gateway") == "Gateway"
                && parent.name == gw.name
                && parent.namespace.as_deref().unwrap_or(namespace) == gw.namespace
                && namespace_allowed(allowed, "None", gw.namespace, namespace)
        })
        .collect();
    sets.sort_by_key(|set| {
        let metadata = &set.value.metadata;
        (metadata.creation_timestamp.as_ref().map(|time| time.0), namespace_of(metadata), name_of(metadata))
    });
    sets
}

/// The route kinds a listener may carry, by its protocol (`DefaultProtocolToRouteKindMap`).
pub fn default_route_kinds(protocol: &str) -> &'static [&'static str] {
    match protocol {
        "HTTP" => &["HTTPRoute"],
        "HTTPS" => &["HTTPRoute", "GRPCRoute"],
        "TCP" => &["TCPRoute"],
        "UDP" => &["UDPRoute"],
        "TLS" => &["TLSRoute", "TCPRoute"],
        _ => &[],
    }
}

/// Every valid listener of the Gateway and its accepted ListenerSets; each invalid one is
/// named in a warning with the controller's reason.
pub fn valid_listeners<'a>(builder: &mut Builder<'a>, gw: &Gw<'a>) -> Vec<ValidListener<'a>> {
    let own = gw.object.value.spec.listeners.iter().map(|listener| ValidListener {
        listener,
        parent: Parent::Gateway,
        namespace: gw.namespace,
    });
    let sets = accepted_listener_sets(builder, gw);
    let from_sets = sets.iter().flat_map(|set| {
        set.value.spec.listeners.iter().map(|listener| ValidListener {
            listener,
            parent: Parent::ListenerSet(set),
            namespace: namespace_of(&set.value.metadata),
        })
    });
    let mut valid: Vec<ValidListener<'a>> = Vec::new();
    for candidate in own.chain(from_sets).collect::<Vec<_>>() {
        match invalid_reason(gw.lb_type, candidate.listener, &valid) {
            None => valid.push(candidate),
            Some(reason) => {
                let parent = match candidate.parent {
                    Parent::Gateway => format!("Gateway {}", gw.key),
                    Parent::ListenerSet(set) => {
                        format!("ListenerSet {}/{}", namespace_of(&set.value.metadata), name_of(&set.value.metadata))
                    }
                };
                let listener = candidate.listener;
                builder.warn(
                    "gateway-listener-invalid",
                    format!(
                        "listener {} ({} {}) of {parent} is invalid ({reason}): the controller neither opens nor serves it",
                        listener.name, listener.protocol, listener.port
                    ),
                    Some(&gw.object.source),
                );
            }
        }
    }
    valid
}

/// Why a listener is invalid, checked in the controller's order (`validateListenerList`).
fn invalid_reason(lb_type: LbType, listener: &Listener, earlier: &[ValidListener<'_>]) -> Option<&'static str> {
    let (served_kinds, served_protocols): (&[&str], &[&str]) = match lb_type {
        LbType::Alb => (&["HTTPRoute", "GRPCRoute"], &["HTTP", "HTTPS"]),
        LbType::Nlb => (&["TCPRoute", "TLSRoute", "UDPRoute"], &["TCP", "UDP", "TLS"]),
    };
    let kinds = listener.allowed_routes.as_ref().map(|a| a.kinds.as_slice()).unwrap_or_default();
    if kinds.iter().any(|kind| !served_kinds.contains(&kind.kind.as_str())) {
        return Some("InvalidRouteKinds");
    }
    if !(1..=65535).contains(&listener.port) {
        return Some("PortUnavailable");
    }
    if !served_protocols.contains(&listener.protocol.as_str()) {
        return Some("UnsupportedProtocol");
    }
    let same_port = earlier.iter().map(|valid| valid.listener).filter(|other| other.port == listener.port);
    let tcp_udp_pair = |a: &str, b: &str| matches!((a, b), ("TCP", "UDP") | ("UDP", "TCP"));
    if same_port
        .clone()
        .any(|other| other.protocol != listener.protocol && !tcp_udp_pair(&other.protocol, &listener.protocol))
    {
        return Some("ProtocolConflict");
    }
    if listener.hostname.is_some() && same_port.into_iter().any(|other| other.hostname == listener.hostname) {
        return Some("HostnameConflict");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listener(port: i32, protocol: &str, hostname: Option<&str>) -> Listener {
        Listener {
            name: format!("{protocol}-{port}"),
            port,
            protocol: protocol.into(),
            hostname: hostname.map(str::to_string),
            ..Listener::default()
        }
    }

    fn reasons(lb_type: LbType, listeners: &[Listener]) -> Vec<Option<&'static str>> {
        let mut valid: Vec<ValidListener<'_>> = Vec::new();
        listeners
            .iter()
            .map(|listener| {
                let reason = invalid_reason(lb_type, listener, &valid);
                if reason.is_none() {
                    valid.push(ValidListener { listener, parent: Parent::Gateway, namespace: "ns" });
                }
                reason
            })
            .collect()
    }

    #[test]
    fn listeners_are_checked_against_the_earlier_valid_ones() {
        let listeners = [
            listener(53, "TCP", None),
            listener(53, "UDP", None),
            listener(53, "TLS", None),
            listener(443, "HTTPS", None),
            listener(0, "TCP", None),
        ];
        assert_eq!(
            reasons(LbType::Nlb, &listeners),
            [None, None, Some("ProtocolConflict"), Some("UnsupportedProtocol"), Some("PortUnavailable")]
        );
        let hosts = [
            listener(443, "HTTPS", Some("a.example.com")),
            listener(443, "HTTPS", Some("a.example.com")),
            listener(443, "HTTPS", None),
            listener(443, "HTTP", None),
        ];
        assert_eq!(reasons(LbType::Alb, &hosts), [None, Some("HostnameConflict"), None, Some("ProtocolConflict")]);
    }

    #[test]
    fn namespaces_from_same_all_selector_and_none() {
        let from = |text: &str| serde_yaml_ng::from_str::<FromNamespaces>(text).unwrap();
        assert!(namespace_allowed(None, "Same", "a", "a"));
        assert!(!namespace_allowed(None, "Same", "a", "b"));
        assert!(!namespace_allowed(None, "None", "a", "a"));
        assert!(namespace_allowed(Some(&from("{from: All}")), "Same", "a", "b"));
        let selector = from("{from: Selector, selector: {matchLabels: {kubernetes.io/metadata.name: b}}}");
        assert!(namespace_allowed(Some(&selector), "Same", "a", "b"));
        assert!(!namespace_allowed(Some(&selector), "Same", "a", "c"));
        assert!(!namespace_allowed(Some(&from("{from: Selector}")), "Same", "a", "a"));
    }
}
