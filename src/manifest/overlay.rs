//! A cluster export beneath the input (`--cluster-export FILE`): the objects of a `kubectl
//! get ... -A -o yaml` export stand for the rest of the cluster, and every object of the
//! input replaces the export's object of the same kind, namespace and name, as `kubectl
//! apply` of the input would. For `sgctl diff`, the old side's objects are the team's part of
//! the export: they are taken out before the new side's go in, so an object the new side no
//! longer has is gone from the cluster, not left as the export had it.

use super::gateway_api::{
    Gateway, GatewayClass, ListenerRuleConfiguration, ListenerSet, LoadBalancerConfiguration, ReferenceGrant, Route,
    TargetGroupConfiguration,
};
use super::objects::{IngressClassParams, PodTemplate, SecurityGroupPolicy, TargetGroupBinding};
use super::{name_of, namespace_of, Manifests, Object};
use k8s_openapi::api::core::v1::{Node, Service, ServiceAccount};
use k8s_openapi::api::networking::v1::{Ingress, IngressClass};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use std::collections::HashSet;

/// Kind, namespace (empty for a cluster-scoped kind) and name: what one object replaces.
pub type ObjectKey = (String, String, String);

/// An object's key.
trait Keyed {
    fn key(&self) -> ObjectKey;
}

/// The key of a kind with standard metadata.
fn key_of(kind: &str, namespaced: bool, metadata: &ObjectMeta) -> ObjectKey {
    let namespace = if namespaced { namespace_of(metadata).to_string() } else { String::new() };
    (kind.to_string(), namespace, name_of(metadata).to_string())
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
    fn key(&self) -> ObjectKey {
        key_of(&self.kind, true, &self.metadata)
    }
}

impl Keyed for PodTemplate {
    /// A workload or Pod: `owner` is its kind and `namespace/name` (`Deployment web/api`).
    fn key(&self) -> ObjectKey {
        (self.owner.clone(), String::new(), String::new())
    }
}

/// One kind's objects, whatever their type.
trait Objects {
    fn keys(&self, into: &mut HashSet<ObjectKey>);
    fn remove(&mut self, keys: &HashSet<ObjectKey>);
    fn count(&self) -> usize;
}

impl<T: Keyed> Objects for Vec<Object<T>> {
    fn keys(&self, into: &mut HashSet<ObjectKey>) {
        into.extend(self.iter().map(|object| object.value.key()));
    }

    fn remove(&mut self, keys: &HashSet<ObjectKey>) {
        self.retain(|object| !keys.contains(&object.value.key()));
    }

    fn count(&self) -> usize {
        self.len()
    }
}

/// Calls `visit` with each kind's objects.
fn each_kind(manifests: &mut Manifests, visit: &mut dyn FnMut(&mut dyn Objects)) {
    visit(&mut manifests.ingresses);
    visit(&mut manifests.services);
    visit(&mut manifests.ingress_classes);
    visit(&mut manifests.ingress_class_params);
    visit(&mut manifests.pod_templates);
    visit(&mut manifests.target_group_bindings);
    visit(&mut manifests.nodes);
    visit(&mut manifests.security_group_policies);
    visit(&mut manifests.service_accounts);
    visit(&mut manifests.gateway_classes);
    visit(&mut manifests.gateways);
    visit(&mut manifests.listener_sets);
    visit(&mut manifests.routes);
    visit(&mut manifests.reference_grants);
    visit(&mut manifests.load_balancer_configurations);
    visit(&mut manifests.target_group_configurations);
    visit(&mut manifests.listener_rule_configurations);
}

impl Manifests {
    /// The keys of every object read (of the kinds sgctl reads).
    pub fn keys(&mut self) -> HashSet<ObjectKey> {
        let mut keys = HashSet::new();
        each_kind(self, &mut |objects| objects.keys(&mut keys));
        keys
    }

    /// How many objects were read (of the kinds sgctl reads).
    pub fn object_count(&mut self) -> usize {
        let mut count = 0;
        each_kind(self, &mut |objects| count += objects.count());
        count
    }

    /// These objects without those whose key is in `keys`.
    pub fn without(mut self, keys: &HashSet<ObjectKey>) -> Manifests {
        each_kind(&mut self, &mut |objects| objects.remove(keys));
        self
    }
}

/// The export's objects that `input` does not replace, then `input`'s: the cluster once the
/// input is applied over the export.
pub fn beneath(export: Manifests, mut input: Manifests) -> Manifests {
    let keys = input.keys();
    let mut cluster = export.without(&keys);
    cluster.append(input);
    cluster
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Manifests {
        let mut manifests = Manifests::default();
        crate::manifest::load_text("f.yaml", text, &mut manifests).unwrap();
        manifests
    }

    fn ingress(namespace: &str, name: &str, class: &str) -> String {
        format!("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {{name: {name}, namespace: {namespace}}}\nspec: {{ingressClassName: {class}}}\n---\n")
    }

    fn names(manifests: &Manifests) -> Vec<String> {
        let mut names: Vec<String> = manifests
            .ingresses
            .iter()
            .map(|i| format!("{} {}", super::super::namespaced_name(&i.value.metadata), i.source.file))
            .chain(
                manifests.services.iter().map(|s| format!("svc {}", super::super::namespaced_name(&s.value.metadata))),
            )
            .chain(manifests.pod_templates.iter().map(|p| p.value.owner.clone()))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn the_input_replaces_objects_of_the_same_kind_namespace_and_name() {
        let export = format!(
            "{}{}apiVersion: v1\nkind: Service\nmetadata: {{name: web, namespace: a}}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web, namespace: a}}\nspec: {{selector: {{}}, template: {{spec: {{containers: []}}}}}}\n",
            ingress("a", "web", "alb"),
            ingress("b", "web", "alb")
        );
        let mut export = read(&export);
        for ingress in &mut export.ingresses {
            ingress.source.file = "export.yaml".into();
        }
        // Same name, other namespace and other kind stay; the same key is replaced.
        let input = read(&format!(
            "{}apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web, namespace: a}}\nspec: {{selector: {{}}, template: {{spec: {{containers: []}}}}}}\n",
            ingress("a", "web", "other")
        ));
        let mut cluster = beneath(export, input);
        assert_eq!(
            names(&cluster),
            ["Deployment a/web", "a/web f.yaml", "b/web export.yaml", "svc a/web"].map(String::from).to_vec()
        );
        assert_eq!(cluster.object_count(), 4);
    }

    #[test]
    fn objects_taken_out_are_gone_whatever_replaces_them() {
        let mut old = read(&ingress("a", "gone", "alb"));
        let export = read(&format!("{}{}", ingress("a", "gone", "alb"), ingress("b", "kept", "alb")));
        let cluster = export.without(&old.keys());
        assert_eq!(names(&cluster), ["b/kept f.yaml"]);
    }
}
