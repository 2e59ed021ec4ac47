//! The same object defined twice in the input is refused: `kubectl apply` would keep only
//! the last one, and merging both into a plan would describe neither.

use super::{name_of, namespace_of, InputError, Manifests, Object, Source};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use std::collections::HashMap;

fn check<'a, T>(
    kind: &str,
    namespaced: bool,
    objects: impl IntoIterator<Item = &'a Object<T>>,
    metadata: impl Fn(&'a T) -> &'a ObjectMeta,
) -> Result<(), InputError>
where
    T: 'a,
{
    // Keyed by (namespace, name) borrowed from the objects; the text only for the error.
    let objects = objects.into_iter();
    let mut seen: HashMap<(&str, &str), &Source> = HashMap::with_capacity(objects.size_hint().0);
    for object in objects {
        let meta = metadata(&object.value);
        let namespace = if namespaced { namespace_of(meta) } else { "" };
        if let Some(first) = seen.insert((namespace, name_of(meta)), &object.source) {
            let key = if namespaced { format!("{namespace}/{}", name_of(meta)) } else { name_of(meta).to_string() };
            return Err(InputError::new(format!("{kind} {key} is defined twice (first at {first})"))
                .at(&object.source)
                .hint("keep one definition; kubectl apply would silently keep only the last"));
        }
    }
    Ok(())
}

/// Fails on the first object defined twice.
pub fn refuse_duplicates(manifests: &Manifests) -> Result<(), InputError> {
    check("Ingress", true, &manifests.ingresses, |o| &o.metadata)?;
    check("Service", true, &manifests.services, |o| &o.metadata)?;
    check("IngressClass", false, &manifests.ingress_classes, |o| &o.metadata)?;
    check("IngressClassParams", false, &manifests.ingress_class_params, |o| &o.metadata)?;
    check("TargetGroupBinding", true, &manifests.target_group_bindings, |o| &o.metadata)?;
    check("Node", false, &manifests.nodes, |o| &o.metadata)?;
    check("SecurityGroupPolicy", true, &manifests.security_group_policies, |o| &o.metadata)?;
    check("ServiceAccount", true, &manifests.service_accounts, |o| &o.metadata)?;
    check("GatewayClass", false, &manifests.gateway_classes, |o| &o.metadata)?;
    check("Gateway", true, &manifests.gateways, |o| &o.metadata)?;
    check("ListenerSet", true, &manifests.listener_sets, |o| &o.metadata)?;
    check("ReferenceGrant", true, &manifests.reference_grants, |o| &o.metadata)?;
    check("LoadBalancerConfiguration", true, &manifests.load_balancer_configurations, |o| &o.metadata)?;
    check("TargetGroupConfiguration", true, &manifests.target_group_configurations, |o| &o.metadata)?;
    check("ListenerRuleConfiguration", true, &manifests.listener_rule_configurations, |o| &o.metadata)?;
    for kind in super::gateway_api::ROUTE_KINDS {
        check(kind, true, manifests.routes.iter().filter(|route| route.value.kind == kind), |o| &o.metadata)?;
    }
    Ok(())
}
