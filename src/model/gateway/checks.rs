//! The checks the controller makes of a Gateway's listeners and attached routes before it
//! deploys anything, each failing the whole Gateway (and so its security groups): a TLS
//! listener's certificate, QUIC on a listener that is not UDP, and an ALB's listener rules
//! (filters, redirects, a ListenerRuleConfiguration's redirect, prefix paths).
//!
//! Mirrors `pkg/gateway/model/model_build_listener.go` (`buildCertificates`,
//! `buildListenerSpec`), `pkg/gateway/routeutils/route_rule_action.go`
//! (`buildHttpRuleRedirectActionsBasedOnFilter`, `buildHttpRedirectAction`) and
//! `route_rule_condition.go` (`buildHttpPathCondition`).

use super::listeners::ValidListener;
use super::routes::{effective_l4_protocol, route_key};
use super::{Gw, LbType};
use crate::manifest::gateway_api::{LoadBalancerConfigurationSpec, RequestRedirect, Route, RouteRule};
use crate::manifest::{name_of, namespace_of, InputError, Object};
use std::collections::{BTreeMap, BTreeSet};

/// `buildCertificates`: a TLS listener (HTTPS on an ALB, TLS not passed through on an NLB) on
/// a port with routes needs a certificate from `listenerConfigurations`, or hostnames (the
/// listeners' or the attached routes') to discover one by.
pub(super) fn certificates(
    gw: &Gw<'_>,
    spec: &LoadBalancerConfigurationSpec,
    listeners: &[ValidListener<'_>],
    attached: &[(&Object<Route>, Vec<&ValidListener<'_>>)],
) -> Result<(), InputError> {
    let tls = |valid: &ValidListener<'_>| match valid.listener.protocol.as_str() {
        "HTTPS" => true,
        "TLS" => effective_l4_protocol(valid) == "TLS",
        _ => false,
    };
    let routed: BTreeSet<i32> =
        attached.iter().flat_map(|(_, on)| on.iter().map(|valid| valid.listener.port)).collect();
    let mut checked = BTreeSet::new();
    for valid in listeners.iter().filter(|valid| tls(valid) && routed.contains(&valid.listener.port)) {
        let (protocol, port) = (valid.listener.protocol.as_str(), valid.listener.port);
        if !checked.insert(port) {
            continue;
        }
        let key = format!("{protocol}:{port}").to_lowercase();
        let configured = spec.listener_configurations.iter().flatten().any(|config| {
            config.protocol_port.to_lowercase() == key
                && (config.default_certificate.is_some() || !config.certificates.is_empty())
        });
        let listener_hosts =
            listeners.iter().any(|other| other.listener.port == port && other.listener.hostname.is_some());
        let route_hosts = attached.iter().any(|(route, on)| {
            !route.value.spec.hostnames.is_empty() && on.iter().any(|other| other.listener.port == port)
        });
        if !configured && !listener_hosts && !route_hosts {
            return Err(gw.error(format!(
                "No hostnames found for TLS cert discovery for listener on gateway {} with protocol:port {protocol}:{port}",
                gw.key
            ))
            .hint(format!("set a certificate for {protocol}:{port} in listenerConfigurations of its LoadBalancerConfiguration, or a hostname on the listener or its routes")));
        }
    }
    Ok(())
}

/// `buildListenerSpec`: QUIC is an upgrade of a UDP (or TCP_UDP) listener only. A port's
/// configuration is found by its merged protocol (`mapLoadBalancerListenerConfigsByPort`).
pub(super) fn quic(
    gw: &Gw<'_>,
    spec: &LoadBalancerConfigurationSpec,
    attached: &[(&Object<Route>, Vec<&ValidListener<'_>>)],
) -> Result<(), InputError> {
    let mut ports: BTreeMap<i32, BTreeSet<String>> = BTreeMap::new();
    for valid in attached.iter().flat_map(|(_, on)| on.iter()) {
        let protocol = match gw.lb_type {
            LbType::Alb => valid.listener.protocol.clone(),
            LbType::Nlb => effective_l4_protocol(valid).to_string(),
        };
        ports.entry(valid.listener.port).or_default().insert(protocol);
    }
    for (port, protocols) in ports {
        let merged = if protocols.contains("TCP") && protocols.contains("UDP") {
            "TCP_UDP".to_string()
        } else {
            protocols.into_iter().next().unwrap_or_default()
        };
        let key = format!("{merged}:{port}").to_lowercase();
        let quic = spec
            .listener_configurations
            .iter()
            .flatten()
            .any(|config| config.protocol_port.to_lowercase() == key && config.quic_enabled == Some(true));
        if quic && merged != "UDP" && merged != "TCP_UDP" {
            return Err(gw.error(format!("QUIC protocol upgrade not supported for protocol {merged}")));
        }
    }
    Ok(())
}

/// The checks of an ALB's listener rules that fail the whole Gateway
/// (`route_rule_condition.go: buildHttpPathCondition`, `route_rule_action.go`).
pub(super) fn rules(gw: &Gw<'_>, route: &Object<Route>) -> Result<(), InputError> {
    let kind = route.value.kind.as_str();
    let place = || format!("{kind} {}", route_key(route));
    let fails =
        |message: String| gw.error(message).hint(format!("in {}; the controller fails the whole Gateway", place()));
    for rule in &route.value.spec.rules {
        if redirect_without_filter(gw, route, rule) {
            return Err(fails(
                "HTTPRouteFilterRequestRedirect must be provided if RedirectActionConfig in ListenerRuleConfiguration is provided"
                    .into(),
            ));
        }
        // In order, as `buildHttpRuleRedirectActionsBasedOnFilter` reads them: the first
        // redirect ends the reading.
        for filter in &rule.filters {
            match (kind, filter.type_.as_str()) {
                ("HTTPRoute", "RequestRedirect") => {
                    if let Some(redirect) = &filter.request_redirect {
                        redirect_checked(redirect).map_err(fails)?;
                    }
                    break;
                }
                ("HTTPRoute", "URLRewrite") | (_, "ExtensionRef") => {}
                (_, other) => {
                    let only = if kind == "HTTPRoute" { " Only request redirect is supported." } else { "" };
                    return Err(fails(format!(
                        "Unsupported filter type: {other}.{only} To specify header modification, please configure it through LoadBalancerConfiguration."
                    )));
                }
            }
        }
        for path in rule.matches.iter().filter_map(|m| m.path.as_ref()) {
            let prefix = path.type_.as_deref().unwrap_or("PathPrefix") == "PathPrefix";
            if let Some(value) = path.value.as_deref().filter(|value| prefix && value.contains('*')) {
                return Err(fails(format!("prefix path shouldn't contain wildcards: {value}")));
            }
        }
    }
    Ok(())
}

/// An HTTPRoute rule whose only filter names a ListenerRuleConfiguration with a redirect
/// action: the redirect needs a RequestRedirect filter (`buildHttpRuleRedirectActionsBasedOnFilter`).
fn redirect_without_filter(gw: &Gw<'_>, route: &Object<Route>, rule: &RouteRule) -> bool {
    let [only] = rule.filters.as_slice() else { return false };
    let Some(reference) = only.extension_ref.as_ref().filter(|_| route.value.kind == "HTTPRoute") else {
        return false;
    };
    let namespace = namespace_of(&route.value.metadata);
    gw.manifests.listener_rule_configurations.iter().any(|config| {
        reference.kind == "ListenerRuleConfiguration"
            && namespace_of(&config.value.metadata) == namespace
            && name_of(&config.value.metadata) == reference.name
            && config
                .value
                .spec
                .actions
                .iter()
                .any(|action| action.type_ == "redirect" && action.redirect_config.is_some())
    })
}

/// `buildHttpRedirectAction`'s checks of a RequestRedirect filter.
fn redirect_checked(redirect: &RequestRedirect) -> Result<(), String> {
    if let Some(scheme) = &redirect.scheme {
        let upper = scheme.to_uppercase();
        if upper != "HTTP" && upper != "HTTPS" {
            return Err(format!("unsupported redirect scheme: {upper}"));
        }
    }
    let path = redirect.path.as_ref();
    let wildcard = |value: &str| value.contains(['*', '?']);
    match path.map(|p| (p.replace_full_path.as_deref(), p.replace_prefix_match.as_deref())) {
        Some((Some(full), _)) if wildcard(full) => {
            return Err(format!("ReplaceFullPath shouldn't contain wildcards: {full}"))
        }
        Some((None, Some(prefix))) if wildcard(prefix) => {
            return Err(format!("ReplacePrefixMatch shouldn't contain wildcards: {prefix}"))
        }
        _ => {}
    }
    let path_set = path.is_some_and(|p| p.replace_full_path.is_some() || p.replace_prefix_match.is_some());
    if redirect.port.is_none() && redirect.scheme.is_none() && redirect.hostname.is_none() && !path_set {
        return Err("To avoid a redirect loop, you must modify at least one of the following components: protocol, port, hostname or path.".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::redirect_checked;
    use crate::manifest::gateway_api::RequestRedirect;

    #[test]
    fn redirects_are_checked_as_the_controller_builds_them() {
        let redirect = |yaml: &str| redirect_checked(&serde_yaml_ng::from_str::<RequestRedirect>(yaml).unwrap());
        assert_eq!(redirect("{scheme: https}"), Ok(()));
        assert_eq!(redirect("{scheme: ftp}"), Err("unsupported redirect scheme: FTP".into()));
        assert_eq!(
            redirect("{path: {type: ReplaceFullPath, replaceFullPath: /a*}}"),
            Err("ReplaceFullPath shouldn't contain wildcards: /a*".into())
        );
        assert_eq!(
            redirect("{path: {type: ReplacePrefixMatch, replacePrefixMatch: /b?}}"),
            Err("ReplacePrefixMatch shouldn't contain wildcards: /b?".into())
        );
        assert!(redirect("{statusCode: 301}").unwrap_err().starts_with("To avoid a redirect loop"));
    }
}
