//! What identifies an object in a cluster: its kind, namespace (empty for a cluster-scoped
//! kind) and name, as the API server keys it. One table of the kinds read, for the two uses:
//! refusing an object defined twice (`duplicates`) and a cluster export beneath the input
//! (`overlay`).

use super::gateway_api::{
    Gateway, GatewayClass, ListenerRuleConfiguration, ListenerSet, LoadBalancerConfiguration, ReferenceGrant, Route,
    TargetGroupConfiguration,
};
use super::objects::{IngressClassParams, PodTemplate, SecurityGroupPolicy, TargetGroupBinding};
use super::{name_of, namespace_of, Manifests, Object, Source};
use k8s_openapi::api::core::v1::{Node, Service, ServiceAccount};
use k8s_openapi::api::networking::v1::{Ingress, IngressClass};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use std::collections::HashSet;
use std::fmt;

/// Kind, namespace (empty for a cluster-scoped kind) and name: what one object replaces.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ObjectKey {
    pub kind: String,
    pub namespace: String,
    pub name: String,
}

impl fmt::Display for ObjectKey {
    /// `Ingress ns/name`, `IngressClass name`, or a workload's `Deployment ns/name`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.namespace.as_str(), self.name.as_str()) {
            (_, "") => f.write_str(&self.kind),
            ("", name) => write!(f, "{} {name}", self.kind),
            (namespace, name) => write!(f, "{} {namespace}/{name}", self.kind),
        }
    }
}

/// An object's key.
pub trait Keyed {
    fn key(&self) -> ObjectKey;
}

/// The key of a kind with standard metadata.
fn key_of(kind: &str, namespaced: bool, metadata: &ObjectMeta) -> ObjectKey {
    let namespace = if namespaced { namespace_of(metadata).to_string() } else { String::new() };
    ObjectKey { kind: kind.to_string(), namespace, name: name_of(metadata).to_string() }
}

macro_rules! keyed {
    ($($type:ty => $kind:literal, $namespaced:literal;)*) => {
        $(impl Keyed for $type {
            fn key(&self) -> ObjectKey {
                key_of($kind, $namespaced, &self.metadata)
            }
        })*
    };
}

keyed! {
    Ingress => "Ingress", true;
    Service => "Service", true;
    IngressClass => "IngressClass", false;
    IngressClassParams => "IngressClassParams", false;
    TargetGroupBinding => "TargetGroupBinding", true;
    Node => "Node", false;
    SecurityGroupPolicy => "SecurityGroupPolicy", true;
    ServiceAccount => "ServiceAccount", true;
    GatewayClass => "GatewayClass", false;
    Gateway => "Gateway", true;
    ListenerSet => "ListenerSet", true;
    ReferenceGrant => "ReferenceGrant", true;
    LoadBalancerConfiguration => "LoadBalancerConfiguration", true;
    TargetGroupConfiguration => "TargetGroupConfiguration", true;
    ListenerRuleConfiguration => "ListenerRuleConfiguration", true;
}

impl Keyed for Route {
    /// HTTPRoute, GRPCRoute, …: each route kind is its own kind.
    fn key(&self) -> ObjectKey {
        key_of(&self.kind, true, &self.metadata)
    }
}

impl Keyed for PodTemplate {
    /// A workload or Pod: `owner` is its kind and `namespace/name` (`Deployment web/api`).
    fn key(&self) -> ObjectKey {
        ObjectKey { kind: self.owner.clone(), namespace: String::new(), name: String::new() }
    }
}

/// One kind's objects, whatever their type.
pub trait Objects {
    /// Each object's key and where it came from, in input order.
    fn keyed(&self) -> Vec<(ObjectKey, &Source)>;
    fn remove(&mut self, keys: &HashSet<ObjectKey>);
}

impl<T: Keyed> Objects for Vec<Object<T>> {
    fn keyed(&self) -> Vec<(ObjectKey, &Source)> {
        self.iter().map(|object| (object.value.key(), &object.source)).collect()
    }

    fn remove(&mut self, keys: &HashSet<ObjectKey>) {
        self.retain(|object| !keys.contains(&object.value.key()));
    }
}

/// Every kind's objects of `$manifests`, borrowed as `$borrow` (`&` or `&mut`), as trait
/// objects: the one list of the kinds.
macro_rules! kinds {
    (($($borrow:tt)*) $manifests:expr) => {{
        let manifests = $manifests;
        [
            $($borrow)* manifests.ingresses as $($borrow)* dyn Objects,
            $($borrow)* manifests.services as $($borrow)* dyn Objects,
            $($borrow)* manifests.ingress_classes as $($borrow)* dyn Objects,
            $($borrow)* manifests.ingress_class_params as $($borrow)* dyn Objects,
            $($borrow)* manifests.pod_templates as $($borrow)* dyn Objects,
            $($borrow)* manifests.target_group_bindings as $($borrow)* dyn Objects,
            $($borrow)* manifests.nodes as $($borrow)* dyn Objects,
            $($borrow)* manifests.security_group_policies as $($borrow)* dyn Objects,
            $($borrow)* manifests.service_accounts as $($borrow)* dyn Objects,
            $($borrow)* manifests.gateway_classes as $($borrow)* dyn Objects,
            $($borrow)* manifests.gateways as $($borrow)* dyn Objects,
            $($borrow)* manifests.listener_sets as $($borrow)* dyn Objects,
            $($borrow)* manifests.routes as $($borrow)* dyn Objects,
            $($borrow)* manifests.reference_grants as $($borrow)* dyn Objects,
            $($borrow)* manifests.load_balancer_configurations as $($borrow)* dyn Objects,
            $($borrow)* manifests.target_group_configurations as $($borrow)* dyn Objects,
            $($borrow)* manifests.listener_rule_configurations as $($borrow)* dyn Objects,
        ]
    }};
}

impl Manifests {
    /// Every object's key and source, kind by kind, each kind in input order.
    pub fn keyed(&self) -> Vec<(ObjectKey, &Source)> {
        kinds!((&) self).into_iter().flat_map(|objects| objects.keyed()).collect()
    }

    /// The keys of every object read (of the kinds sgctl reads).
    pub fn keys(&self) -> HashSet<ObjectKey> {
        self.keyed().into_iter().map(|(key, _)| key).collect()
    }

    /// How many objects were read (of the kinds sgctl reads).
    pub fn object_count(&self) -> usize {
        self.keyed().len()
    }

    /// These objects without those whose key is in `keys`.
    pub fn without(mut self, keys: &HashSet<ObjectKey>) -> Manifests {
        for objects in kinds!((&mut) &mut self) {
            objects.remove(keys);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Manifests {
        let mut manifests = Manifests::default();
        crate::manifest::load_text("f.yaml", text, &mut manifests).unwrap();
        manifests
    }

    #[test]
    fn keys_name_kind_namespace_and_name() {
        let manifests = read("apiVersion: v1\nkind: Service\nmetadata: {name: web}\n---\napiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: alb}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec: {selector: {}, template: {spec: {containers: []}}}\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: GRPCRoute\nmetadata: {name: r, namespace: shop}\n");
        let shown: Vec<String> =
            manifests.keyed().iter().map(|(key, source)| format!("{key} @{}", source.line)).collect();
        assert_eq!(
            shown,
            ["Service default/web @1", "IngressClass alb @5", "Deployment shop/api @9", "GRPCRoute shop/r @14"]
        );
        assert_eq!(manifests.object_count(), 4);
    }

    #[test]
    fn every_kind_read_is_refused_when_defined_twice() {
        let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec: {selector: {}, template: {spec: {containers: []}}}\n";
        let twice = read(&format!("{deployment}---\n{deployment}"));
        let error = crate::manifest::duplicates::refuse_duplicates(&twice).unwrap_err();
        assert_eq!(
            error.to_string().lines().next().unwrap(),
            "f.yaml:6: document 2: Deployment shop/api is defined twice (first at f.yaml:1)"
        );
        // Another kind of the same name is another object.
        let statefulset = deployment.replace("Deployment", "StatefulSet");
        assert!(
            crate::manifest::duplicates::refuse_duplicates(&read(&format!("{deployment}---\n{statefulset}"))).is_ok()
        );
    }
}
