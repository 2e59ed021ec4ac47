//! A Gateway's configuration: its GatewayClass accepted as the controller's class reconciler
//! would accept it, the class's and the Gateway's LoadBalancerConfigurations merged, and the
//! TargetGroupConfiguration properties of each backend.
//!
//! Mirrors `controllers/gateway/config_resolver.go` (`getLoadBalancerConfigForGateway`,
//! `resolveAndMergeDefaultTGCs`), `controllers/gateway/gateway_class_controller.go`
//! (`handleUpdate`), `pkg/gateway/lb_config_merger.go` (`Merge`),
//! `pkg/gateway/tg_config_constructor.go` and `pkg/gateway/routeutils/backend.go`
//! (`LookUpTargetGroupConfiguration`).

use super::Gw;
use crate::manifest::gateway_api::{
    GatewayClass, LoadBalancerConfiguration, LoadBalancerConfigurationSpec, TargetGroupConfiguration, TargetGroupProps,
};
use crate::manifest::{name_of, namespace_of, InputError, Manifests, Object};

/// The merged configuration of one Gateway, with the merged default target-group
/// configuration, if any.
#[derive(Debug, Default)]
pub struct Config<'a> {
    pub spec: LoadBalancerConfigurationSpec,
    pub default_tgc: Option<DefaultTgc<'a>>,
}

/// The Gateway's default TargetGroupConfiguration (class and Gateway defaults merged).
#[derive(Debug)]
pub struct DefaultTgc<'a> {
    pub high: &'a TargetGroupConfiguration,
    pub low: Option<&'a TargetGroupConfiguration>,
}

fn find_lbc<'a>(
    manifests: &'a Manifests,
    namespace: &str,
    name: &str,
) -> Option<&'a Object<LoadBalancerConfiguration>> {
    manifests
        .load_balancer_configurations
        .iter()
        .find(|lbc| namespace_of(&lbc.value.metadata) == namespace && name_of(&lbc.value.metadata) == name)
}

fn find_tgc<'a>(manifests: &'a Manifests, namespace: &str, name: &str) -> Option<&'a TargetGroupConfiguration> {
    manifests
        .target_group_configurations
        .iter()
        .map(|tgc| &tgc.value)
        .find(|tgc| namespace_of(&tgc.metadata) == namespace && name_of(&tgc.metadata) == name)
}

/// Resolves and merges the Gateway's configuration (`getLoadBalancerConfigForGateway`).
pub fn resolve<'a>(gw: &Gw<'a>, class: &'a Object<GatewayClass>) -> Result<Config<'a>, InputError> {
    let manifests = gw.manifests;
    let class_name = name_of(&class.value.metadata);
    let not_accepted = |why: String| {
        gw.error(format!("Unable to materialize gateway when gateway class [{class_name}] is not accepted"))
            .hint(format!("the controller does not accept GatewayClass {class_name}: {why}"))
    };
    // The class reconciler's acceptance (`handleUpdate`), emulated: the files carry no status.
    let class_lbc = match &class.value.spec.parameters_ref {
        None => None,
        Some(reference) => {
            let Some(namespace) = reference.namespace.as_deref().filter(|ns| !ns.is_empty()) else {
                return Err(not_accepted(
                    "Namespace must be specified in ParametersRef for LoadBalancerConfiguration".into(),
                ));
            };
            let Some(lbc) = find_lbc(manifests, namespace, &reference.name) else {
                return Err(not_accepted(format!(
                    "LoadBalancerConfiguration ({},{namespace}) not found (add it to the input if it exists)",
                    reference.name
                )));
            };
            if let Some(default) = &lbc.value.spec.default_target_group_configuration {
                if find_tgc(manifests, namespace, &default.name).is_none() {
                    return Err(not_accepted(format!(
                        "its default TargetGroupConfiguration {namespace}/{} is not found",
                        default.name
                    )));
                }
            }
            Some(lbc)
        }
    };
    let gateway_lbc = match gw.object.value.spec.infrastructure.as_ref().and_then(|i| i.parameters_ref.as_ref()) {
        None => None,
        Some(reference) => Some(find_lbc(manifests, gw.namespace, &reference.name).ok_or_else(|| {
            gw.error(format!("loadbalancerconfigurations.gateway.k8s.aws \"{}\" not found", reference.name))
        })?),
    };
    let prefer_gateway = class_lbc.and_then(|lbc| lbc.value.spec.merging_mode.as_deref()) == Some("prefer-gateway");
    let class_default = match class_lbc {
        None => None,
        Some(lbc) => default_tgc(manifests, lbc).map_err(|cause| {
            gw.error(format!("failed to resolve default TargetGroupConfiguration for GatewayClass LBC: {cause}"))
        })?,
    };
    let gateway_default = match gateway_lbc {
        None => None,
        Some(lbc) => default_tgc(manifests, lbc).map_err(|cause| {
            let reference = lbc.value.spec.default_target_group_configuration.as_ref().map(|d| d.name.as_str());
            gw.error(format!(
                "failed to resolve default TargetGroupConfiguration \"{}\" referenced by Gateway LoadBalancerConfiguration \"{}\" in namespace \"{}\": {cause}",
                reference.unwrap_or_default(),
                name_of(&lbc.value.metadata),
                namespace_of(&lbc.value.metadata)
            ))
        })?,
    };
    let (high_default, low_default) =
        if prefer_gateway { (gateway_default, class_default) } else { (class_default, gateway_default) };
    let default_tgc = match (high_default, low_default) {
        (Some(high), low) => Some(DefaultTgc { high, low }),
        (None, Some(low)) => Some(DefaultTgc { high: low, low: None }),
        (None, None) => None,
    };
    let spec = match (class_lbc, gateway_lbc) {
        (None, None) => LoadBalancerConfigurationSpec::default(),
        (Some(one), None) | (None, Some(one)) => one.value.spec.clone(),
        (Some(class), Some(gateway)) => {
            let (high, low) = if prefer_gateway { (gateway, class) } else { (class, gateway) };
            merge(&high.value.spec, &low.value.spec)
        }
    };
    Ok(Config { spec, default_tgc })
}

/// An LBC's `defaultTargetGroupConfiguration`, which must exist in the LBC's namespace and
/// must not name a target (`lookUpDefaultTGCByName`).
fn default_tgc<'a>(
    manifests: &'a Manifests,
    lbc: &Object<LoadBalancerConfiguration>,
) -> Result<Option<&'a TargetGroupConfiguration>, String> {
    let Some(default) = &lbc.value.spec.default_target_group_configuration else { return Ok(None) };
    let namespace = namespace_of(&lbc.value.metadata);
    let tgc = find_tgc(manifests, namespace, &default.name)
        .ok_or_else(|| format!("targetgroupconfigurations.gateway.k8s.aws \"{}\" not found", default.name))?;
    if tgc.spec.target_reference.is_some() {
        return Err(format!(
            "TargetGroupConfiguration \"{}\" in namespace \"{namespace}\" has targetReference set and cannot be used as a defaultTargetGroupConfiguration — a default TGC must not have targetReference",
            default.name
        ));
    }
    Ok(Some(tgc))
}

/// `lb_config_merger.go: Merge`: take-one fields from the high side when present, tags
/// unioned with the high side winning. The merged spec has no `mergingMode`.
fn merge(high: &LoadBalancerConfigurationSpec, low: &LoadBalancerConfigurationSpec) -> LoadBalancerConfigurationSpec {
    fn one<T: Clone>(high: &Option<T>, low: &Option<T>) -> Option<T> {
        high.clone().or_else(|| low.clone())
    }
    let tags = match (&high.tags, &low.tags) {
        (None, None) => None,
        (high, low) => {
            let mut merged = low.clone().unwrap_or_default();
            merged.extend(high.clone().unwrap_or_default());
            Some(merged)
        }
    };
    LoadBalancerConfigurationSpec {
        merging_mode: None,
        scheme: one(&high.scheme, &low.scheme),
        ip_address_type: one(&high.ip_address_type, &low.ip_address_type),
        security_groups: one(&high.security_groups, &low.security_groups),
        security_group_prefixes: one(&high.security_group_prefixes, &low.security_group_prefixes),
        source_ranges: one(&high.source_ranges, &low.source_ranges),
        enable_icmp: one(&high.enable_icmp, &low.enable_icmp),
        manage_backend_security_group_rules: one(
            &high.manage_backend_security_group_rules,
            &low.manage_backend_security_group_rules,
        ),
        disable_security_group: one(&high.disable_security_group, &low.disable_security_group),
        tags,
        default_target_group_configuration: one(
            &high.default_target_group_configuration,
            &low.default_target_group_configuration,
        ),
        load_balancer_subnets: one(&high.load_balancer_subnets, &low.load_balancer_subnets),
        load_balancer_subnets_selector: one(&high.load_balancer_subnets_selector, &low.load_balancer_subnets_selector),
        // `mergeListenerConfig`, `mergeAttributes`.
        listener_configurations: union_by_key(&high.listener_configurations, &low.listener_configurations, |c| {
            &c.protocol_port
        }),
        load_balancer_attributes: union_by_key(&high.load_balancer_attributes, &low.load_balancer_attributes, |a| {
            &a.key
        }),
    }
}

/// Two lists merged by a key: every entry of both, the high side's on a shared key, sorted by
/// key; none when neither side has the list.
fn union_by_key<T: Clone>(high: &Option<Vec<T>>, low: &Option<Vec<T>>, key: impl Fn(&T) -> &String) -> Option<Vec<T>> {
    if high.is_none() && low.is_none() {
        return None;
    }
    let mut merged = low.clone().unwrap_or_default();
    for entry in high.iter().flatten() {
        merged.retain(|other| key(other) != key(entry));
        merged.push(entry.clone());
    }
    merged.sort_by(|a, b| key(a).cmp(key(b)));
    Some(merged)
}

/// The properties a TGC gives one route's backends: its `defaultConfiguration` under the
/// best-matching `routeConfigurations` entry (`ConstructTargetGroupConfigForRoute`,
/// `mergeWithLongestMatch`): kind, namespace and name > kind and namespace > kind.
fn props_for_route(tgc: &TargetGroupConfiguration, route: (&str, &str, &str)) -> TargetGroupProps {
    let (kind, namespace, name) = route;
    let best = tgc
        .spec
        .route_configurations
        .iter()
        .filter_map(|entry| {
            let id = &entry.route_identifier;
            let rank = match (id.namespace.is_empty(), id.name.is_empty()) {
                _ if id.kind != kind => return None,
                (false, false) if id.namespace == namespace && id.name == name => 3,
                (false, true) if id.namespace == namespace => 2,
                (true, true) => 1,
                _ => return None,
            };
            Some((rank, &entry.target_group_props))
        })
        .max_by_key(|(rank, _)| *rank)
        .map(|(_, props)| props);
    match best {
        Some(high) => merge_props(high, &tgc.spec.default_configuration),
        None => tgc.spec.default_configuration.clone(),
    }
}

/// `tg_config_constructor.go: performTakeOneMerges` for the fields that decide node rules.
fn merge_props(high: &TargetGroupProps, low: &TargetGroupProps) -> TargetGroupProps {
    TargetGroupProps {
        target_type: high.target_type.clone().or_else(|| low.target_type.clone()),
        protocol: high.protocol.clone().or_else(|| low.protocol.clone()),
        health_check_config: high.health_check_config.clone().or_else(|| low.health_check_config.clone()),
        node_selector: high.node_selector.clone().or_else(|| low.node_selector.clone()),
        target_control_port: high.target_control_port.or(low.target_control_port),
        target_group_attributes: union_by_key(&high.target_group_attributes, &low.target_group_attributes, |a| &a.key),
    }
}

/// The properties of one Service backend of one route (`serviceLoader`): the Service's own
/// TGC (the first in its namespace whose `targetReference` names it) over the Gateway's
/// default TGC, field by field.
pub fn backend_props(
    manifests: &Manifests,
    config: &Config<'_>,
    service: (&str, &str),
    route: (&str, &str, &str),
) -> TargetGroupProps {
    let (service_namespace, service_name) = service;
    let own = manifests.target_group_configurations.iter().map(|tgc| &tgc.value).find(|tgc| {
        namespace_of(&tgc.metadata) == service_namespace
            && tgc.spec.target_reference.as_ref().is_some_and(|target| {
                target.name == service_name && target.kind.as_deref().is_none_or(|kind| kind == "Service")
            })
    });
    let default = config.default_tgc.as_ref().map(|default| match default.low {
        Some(low) => merge_props(&props_for_route(default.high, route), &props_for_route(low, route)),
        None => props_for_route(default.high, route),
    });
    match (own.map(|tgc| props_for_route(tgc, route)), default) {
        (Some(own), Some(default)) => merge_props(&own, &default),
        (Some(one), None) | (None, Some(one)) => one,
        (None, None) => TargetGroupProps::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn present_but_empty_source_ranges_win_the_merge() {
        let high = LoadBalancerConfigurationSpec { source_ranges: Some(Vec::new()), ..Default::default() };
        let low = LoadBalancerConfigurationSpec {
            source_ranges: Some(vec!["10.0.0.0/8".into()]),
            enable_icmp: Some(true),
            tags: Some([("a".to_string(), "low".to_string()), ("b".into(), "low".into())].into()),
            ..Default::default()
        };
        let high = LoadBalancerConfigurationSpec { tags: Some([("a".to_string(), "high".to_string())].into()), ..high };
        let merged = merge(&high, &low);
        assert_eq!(merged.source_ranges, Some(Vec::new()));
        assert_eq!(merged.enable_icmp, Some(true));
        let tags = merged.tags.unwrap();
        assert_eq!((tags["a"].as_str(), tags["b"].as_str()), ("high", "low"));
    }

    #[test]
    fn the_longest_route_match_wins() {
        let yaml = "spec:\n  defaultConfiguration: {targetType: instance, protocol: HTTP}\n  routeConfigurations:\n  - routeIdentifier: {kind: HTTPRoute}\n    targetGroupProps: {targetType: ip}\n  - routeIdentifier: {kind: HTTPRoute, namespace: a, name: r}\n    targetGroupProps: {protocol: HTTPS}\n  - routeIdentifier: {kind: HTTPRoute, namespace: a, name: other}\n    targetGroupProps: {targetType: instance, protocol: HTTP}\n";
        let tgc: TargetGroupConfiguration = serde_yaml_ng::from_str(yaml).unwrap();
        let exact = props_for_route(&tgc, ("HTTPRoute", "a", "r"));
        assert_eq!((exact.target_type.as_deref(), exact.protocol.as_deref()), (Some("instance"), Some("HTTPS")));
        let by_kind = props_for_route(&tgc, ("HTTPRoute", "b", "r"));
        assert_eq!(by_kind.target_type.as_deref(), Some("ip"));
        let none = props_for_route(&tgc, ("GRPCRoute", "a", "r"));
        assert_eq!(none.target_type.as_deref(), Some("instance"));
    }
}
