//! Turns one object of a document (the document itself, or an item of a `List`) into its
//! typed object: Kubernetes kinds through k8s-openapi, IngressClassParams through its own
//! type, workloads as their pod templates. Kinds sgctl does not model are counted and
//! skipped. A typed error is reported at the line of the offending field, found by re-reading
//! that one document (only on the error path).

use super::api_rules;
use super::documents::strip_location;
use super::gateway_api::ROUTE_KINDS;
use super::objects::{IngressClassParams, PodTemplate, SecurityGroupPolicy, TargetGroupBinding};
use super::source::{InputError, Source};
use super::{Manifests, Object};
use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::core::v1::{Node, Pod, PodTemplateSpec, Service, ServiceAccount};
use k8s_openapi::api::networking::v1::{Ingress, IngressClass};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::de::{DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserializer;
use serde_json::Value;
use std::fmt;
use std::marker::PhantomData;

const GATEWAY_API: &str = "gateway.networking.k8s.io";
const GATEWAY_V1: &str = "gateway.networking.k8s.io/v1";
const GATEWAY_V1BETA1: &str = "gateway.networking.k8s.io/v1beta1";
/// The controller's Gateway CRDs serve v1 and the deprecated, identical v1beta1.
const GATEWAY_AWS_VERSIONS: &[&str] = &["gateway.k8s.aws/v1", "gateway.k8s.aws/v1beta1"];

/// Decodes the objects of one file's `text` (which typed errors are located in).
#[derive(Debug)]
pub struct Decoder<'a> {
    pub text: &'a str,
}

impl Decoder<'_> {
    pub fn document(&self, source: &Source, value: Value, manifests: &mut Manifests) -> Result<(), InputError> {
        match value {
            Value::Null => Ok(()),
            Value::Object(_) => self.object(source, value, None, manifests),
            _ => Err(InputError::new(
                "document is not a Kubernetes object (expected a mapping with apiVersion and kind)",
            )
            .at(source)),
        }
    }

    /// One item of a list document whose apiVersion and kind are `list`.
    pub fn list_item(
        &self,
        source: &Source,
        item: Value,
        list: (&str, &str),
        manifests: &mut Manifests,
    ) -> Result<(), InputError> {
        if !item.is_object() {
            return Err(InputError::new("list item is not a Kubernetes object").at(source));
        }
        self.object(source, item, Some(list), manifests)
    }

    fn object(
        &self,
        source: &Source,
        mut value: Value,
        list: Option<(&str, &str)>,
        manifests: &mut Manifests,
    ) -> Result<(), InputError> {
        // Items of a typed list (`IngressList`) may omit apiVersion and kind; the list names them.
        if let (Some((list_api, list_kind)), Value::Object(map)) = (list, &mut value) {
            if !map.contains_key("kind") {
                map.insert("kind".into(), Value::String(list_kind.trim_end_matches("List").to_string()));
                map.entry("apiVersion").or_insert_with(|| Value::String(list_api.to_string()));
            }
        }
        let kind = value.get("kind").and_then(Value::as_str).unwrap_or("").to_string();
        let api_version = value.get("apiVersion").and_then(Value::as_str).unwrap_or("").to_string();
        if kind.is_empty() {
            return Err(InputError::new("object has no kind")
                .at(source)
                .hint("every manifest needs apiVersion and kind; kubectl refuses it too"));
        }
        // A list inside a list is flattened, at any depth, as kubectl does: no object is dropped.
        if kind.ends_with("List") {
            if let Some(Value::Array(items)) = value.get_mut("items").map(Value::take) {
                for item in items {
                    self.list_item(source, item, (&api_version, &kind), manifests)?;
                }
                return Ok(());
            }
        }
        // A modelled kind under another apiVersion is refused in `typed`, not skipped: an
        // `extensions/v1beta1` Ingress skipped here would read as "destroy its SG".
        let group = match kind.as_str() {
            "Ingress" | "IngressClass" => "networking.k8s.io",
            "Service" | "Pod" | "Node" | "ServiceAccount" => "",
            "SecurityGroupPolicy" => "vpcresources.k8s.aws",
            "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" => "apps",
            "IngressClassParams" | "TargetGroupBinding" => "elbv2.k8s.aws",
            "GatewayClass" | "Gateway" | "ListenerSet" | "ReferenceGrant" => GATEWAY_API,
            kind if ROUTE_KINDS.contains(&kind) => GATEWAY_API,
            "LoadBalancerConfiguration" | "TargetGroupConfiguration" | "ListenerRuleConfiguration" => "gateway.k8s.aws",
            _ => "-",
        };
        match (group, kind.as_str()) {
            ("networking.k8s.io", "Ingress") => {
                let ingress: Ingress = self.typed(source, value, &api_version, &["networking.k8s.io/v1"])?;
                admitted(source, "Ingress", &ingress.metadata, api_rules::ingress(&ingress))?;
                manifests.ingresses.push(Object { source: source.clone(), value: ingress });
            }
            ("networking.k8s.io", "IngressClass") => {
                let class: IngressClass = self.typed(source, value, &api_version, &["networking.k8s.io/v1"])?;
                manifests.ingress_classes.push(Object { source: source.clone(), value: class });
            }
            ("", "Service") => {
                let service: Service = self.typed(source, value, &api_version, &["v1"])?;
                admitted(source, "Service", &service.metadata, api_rules::service(&service))?;
                manifests.services.push(Object { source: source.clone(), value: service });
            }
            ("elbv2.k8s.aws", "IngressClassParams") => {
                let params: IngressClassParams = self.typed(source, value, &api_version, &["elbv2.k8s.aws/v1beta1"])?;
                manifests.ingress_class_params.push(Object { source: source.clone(), value: params });
            }
            ("elbv2.k8s.aws", "TargetGroupBinding") => {
                let binding: TargetGroupBinding =
                    self.typed(source, value, &api_version, &["elbv2.k8s.aws/v1beta1"])?;
                admitted(source, "TargetGroupBinding", &binding.metadata, api_rules::target_group_binding(&binding))?;
                manifests.target_group_bindings.push(Object { source: source.clone(), value: binding });
            }
            ("", "Node") => {
                let node: Node = self.typed(source, value, &api_version, &["v1"])?;
                admitted(source, "Node", &node.metadata, api_rules::node(&node))?;
                manifests.nodes.push(Object { source: source.clone(), value: node });
            }
            ("", "ServiceAccount") => {
                let account: ServiceAccount = self.typed(source, value, &api_version, &["v1"])?;
                manifests.service_accounts.push(Object { source: source.clone(), value: account });
            }
            ("vpcresources.k8s.aws", "SecurityGroupPolicy") => {
                let policy: SecurityGroupPolicy =
                    self.typed(source, value, &api_version, &["vpcresources.k8s.aws/v1beta1"])?;
                manifests.security_group_policies.push(Object { source: source.clone(), value: policy });
            }
            ("", "Pod") => {
                let pod: Pod = self.typed(source, value, &api_version, &["v1"])?;
                let checked = pod.spec.as_ref().map_or(Ok(()), |spec| api_rules::pod_spec("spec", spec));
                admitted(source, "Pod", &pod.metadata, checked)?;
                self.push_template(source, PodTemplate::from_pod(&pod), manifests);
            }
            ("apps", "Deployment") => {
                let workload: Deployment = self.typed(source, value, &api_version, &["apps/v1"])?;
                let template = Some(&workload.spec.template);
                admitted(source, "Deployment", &workload.metadata, template_ports(template))?;
                self.push_template(
                    source,
                    PodTemplate::from_template("Deployment", &workload.metadata, template),
                    manifests,
                );
            }
            ("apps", "StatefulSet") => {
                let workload: StatefulSet = self.typed(source, value, &api_version, &["apps/v1"])?;
                let template = Some(&workload.spec.template);
                admitted(source, "StatefulSet", &workload.metadata, template_ports(template))?;
                self.push_template(
                    source,
                    PodTemplate::from_template("StatefulSet", &workload.metadata, template),
                    manifests,
                );
            }
            ("apps", "DaemonSet") => {
                let workload: DaemonSet = self.typed(source, value, &api_version, &["apps/v1"])?;
                let template = Some(&workload.spec.template);
                admitted(source, "DaemonSet", &workload.metadata, template_ports(template))?;
                self.push_template(
                    source,
                    PodTemplate::from_template("DaemonSet", &workload.metadata, template),
                    manifests,
                );
            }
            ("apps", "ReplicaSet") => {
                let workload: ReplicaSet = self.typed(source, value, &api_version, &["apps/v1"])?;
                let template = workload.spec.template.as_ref();
                admitted(source, "ReplicaSet", &workload.metadata, template_ports(template))?;
                self.push_template(
                    source,
                    PodTemplate::from_template("ReplicaSet", &workload.metadata, template),
                    manifests,
                );
            }
            // Every served version of a CRD is the same stored object (docs/gateway.md).
            (GATEWAY_API, "GatewayClass") => {
                let class = self.typed(source, value, &api_version, &[GATEWAY_V1, GATEWAY_V1BETA1])?;
                manifests.gateway_classes.push(Object { source: source.clone(), value: class });
            }
            (GATEWAY_API, "Gateway") => {
                let gateway = self.typed(source, value, &api_version, &[GATEWAY_V1, GATEWAY_V1BETA1])?;
                manifests.gateways.push(Object { source: source.clone(), value: gateway });
            }
            (GATEWAY_API, "ListenerSet") => {
                let set = self.typed(source, value, &api_version, &[GATEWAY_V1])?;
                manifests.listener_sets.push(Object { source: source.clone(), value: set });
            }
            (GATEWAY_API, "ReferenceGrant") => {
                let grant = self.typed(source, value, &api_version, &[GATEWAY_V1BETA1, GATEWAY_V1])?;
                manifests.reference_grants.push(Object { source: source.clone(), value: grant });
            }
            (GATEWAY_API, route_kind) => {
                let versions: &[&str] = match route_kind {
                    "HTTPRoute" => &[GATEWAY_V1, GATEWAY_V1BETA1],
                    _ => &[GATEWAY_V1, "gateway.networking.k8s.io/v1alpha2"],
                };
                let route = self.typed(source, value, &api_version, versions)?;
                manifests.routes.push(Object { source: source.clone(), value: route });
            }
            ("gateway.k8s.aws", "LoadBalancerConfiguration") => {
                let config = self.typed(source, value, &api_version, GATEWAY_AWS_VERSIONS)?;
                manifests.load_balancer_configurations.push(Object { source: source.clone(), value: config });
            }
            ("gateway.k8s.aws", "ListenerRuleConfiguration") => {
                let config = self.typed(source, value, &api_version, GATEWAY_AWS_VERSIONS)?;
                manifests.listener_rule_configurations.push(Object { source: source.clone(), value: config });
            }
            ("gateway.k8s.aws", "TargetGroupConfiguration") => {
                let config = self.typed(source, value, &api_version, GATEWAY_AWS_VERSIONS)?;
                manifests.target_group_configurations.push(Object { source: source.clone(), value: config });
            }
            _ => *manifests.skipped.entry(kind).or_insert(0) += 1,
        }
        Ok(())
    }

    fn push_template(&self, source: &Source, template: PodTemplate, manifests: &mut Manifests) {
        manifests.pod_templates.push(Object { source: source.clone(), value: template });
    }

    /// Deserializes a modelled kind. A wrong apiVersion is refused (the API server would not
    /// serve it); a wrong field type is reported at its line.
    fn typed<T: DeserializeOwned>(
        &self,
        source: &Source,
        value: Value,
        api_version: &str,
        expected: &[&str],
    ) -> Result<T, InputError> {
        let kind = value.get("kind").and_then(Value::as_str).unwrap_or("").to_string();
        if !expected.contains(&api_version) {
            let wanted = match expected {
                [one] => one.to_string(),
                many => format!("one of {}", many.join(", ")),
            };
            return Err(InputError::new(format!(
                "{kind} apiVersion {api_version:?} is not one the controller reads (expected {wanted})"
            ))
            .at(source)
            .hint(format!("convert the manifest to {}; `kubectl convert` can do it", expected[0])));
        }
        let object = object_name(&value, &kind);
        serde_json::from_value::<T>(value).map_err(|error| {
            let (line, message) = self.locate::<T>(source).unwrap_or_else(|| (source.line, error.to_string()));
            InputError::new(format!("invalid {kind}: {message}")).at(&source.with_line(line)).object(object)
        })
    }

    /// Re-reads the document (and list item) typed, straight from the text, to learn the
    /// line serde_yaml_ng reports for the error. Only runs on the error path.
    fn locate<T: DeserializeOwned>(&self, source: &Source) -> Option<(usize, String)> {
        let document = serde_yaml_ng::Deserializer::from_str(self.text).nth(source.document.checked_sub(1)?)?;
        let result = match source.item {
            None => T::deserialize(document).map(|_| ()),
            Some(index) => ListItemSeed::<T> { index, marker: PhantomData }.deserialize(document),
        };
        let error = result.err()?;
        let line = error.location().map(|location| location.line())?;
        Some((line, strip_location(&error.to_string())))
    }
}

/// The container ports of a workload's pod template, as the API server checks them.
fn template_ports(template: Option<&PodTemplateSpec>) -> Result<(), String> {
    template.and_then(|t| t.spec.as_ref()).map_or(Ok(()), |spec| api_rules::pod_spec("spec.template.spec", spec))
}

/// What the API server refuses (`api_rules`), as an input error naming the object.
fn admitted(source: &Source, kind: &str, metadata: &ObjectMeta, checked: Result<(), String>) -> Result<(), InputError> {
    checked.map_err(|message| {
        let name = metadata.name.as_deref().unwrap_or("<unnamed>");
        let object = match &metadata.namespace {
            Some(namespace) => format!("{kind} {namespace}/{name}"),
            None => format!("{kind} {name}"),
        };
        InputError::new(format!("invalid {kind}: {message}"))
            .at(source)
            .object(object)
            .hint("the API server refuses this object (kubectl apply would fail too)")
    })
}

/// `Kind namespace/name` for messages, from an untyped object.
fn object_name(value: &Value, kind: &str) -> String {
    let metadata = value.get("metadata");
    let name = metadata.and_then(|m| m.get("name")).and_then(Value::as_str).unwrap_or("<unnamed>");
    match metadata.and_then(|m| m.get("namespace")).and_then(Value::as_str) {
        Some(namespace) => format!("{kind} {namespace}/{name}"),
        None => format!("{kind} {name}"),
    }
}

/// Deserializes only `items[index]` of a list document as `T`, skipping the rest.
struct ListItemSeed<T> {
    index: usize,
    marker: PhantomData<T>,
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for ListItemSeed<T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for ListItemSeed<T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list document")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "items" {
                map.next_value_seed(ItemsSeed::<T> { index: self.index, marker: PhantomData })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

struct ItemsSeed<T> {
    index: usize,
    marker: PhantomData<T>,
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for ItemsSeed<T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for ItemsSeed<T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut position = 0;
        loop {
            let done = if position == self.index {
                seq.next_element::<T>()?.is_none()
            } else {
                seq.next_element::<IgnoredAny>()?.is_none()
            };
            if done {
                return Ok(());
            }
            position += 1;
        }
    }
}
