//! Files → typed Kubernetes objects, each with the place it came from.
//!
//! Owns reading manifests (the only file I/O besides the snapshot reader), multi-document
//! YAML and JSON, and `List` documents. It knows nothing of the controller's rules or
//! settings; `model` decides what the controller manages.

mod decode;
mod duplicates;
mod list_items;
pub mod load;
pub mod objects;
pub mod source;
mod strict;

pub use load::load;
pub use objects::{IngressClassParams, PodTemplate};
pub use source::{InputError, Source};

use k8s_openapi::api::core::v1::Service;
use k8s_openapi::api::networking::v1::{Ingress, IngressClass};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use std::collections::BTreeMap;

/// One object and where it came from.
#[derive(Clone, Debug)]
pub struct Object<T> {
    pub source: Source,
    pub value: T,
}

/// Everything read from the input, in input order.
#[derive(Clone, Debug, Default)]
pub struct Manifests {
    pub ingresses: Vec<Object<Ingress>>,
    pub services: Vec<Object<Service>>,
    pub ingress_classes: Vec<Object<IngressClass>>,
    pub ingress_class_params: Vec<Object<IngressClassParams>>,
    pub pod_templates: Vec<Object<PodTemplate>>,
    /// Kinds sgctl does not model, with how many of each were skipped.
    pub skipped: BTreeMap<String, usize>,
}

impl Manifests {
    /// Several files' objects, in order, each list allocated once at its final size.
    pub fn concat(parts: Vec<Manifests>) -> Manifests {
        let mut all = Manifests::default();
        all.ingresses.reserve_exact(parts.iter().map(|part| part.ingresses.len()).sum());
        all.services.reserve_exact(parts.iter().map(|part| part.services.len()).sum());
        all.pod_templates.reserve_exact(parts.iter().map(|part| part.pod_templates.len()).sum());
        for part in parts {
            all.append(part);
        }
        all
    }

    /// Appends another file's objects after these.
    pub fn append(&mut self, mut other: Manifests) {
        self.ingresses.append(&mut other.ingresses);
        self.services.append(&mut other.services);
        self.ingress_classes.append(&mut other.ingress_classes);
        self.ingress_class_params.append(&mut other.ingress_class_params);
        self.pod_templates.append(&mut other.pod_templates);
        for (kind, count) in other.skipped {
            *self.skipped.entry(kind).or_default() += count;
        }
    }
}

/// An object without a namespace is in `default`, as `kubectl apply` without `-n` puts it.
pub fn namespace_of(metadata: &ObjectMeta) -> &str {
    metadata.namespace.as_deref().filter(|ns| !ns.is_empty()).unwrap_or("default")
}

pub fn name_of(metadata: &ObjectMeta) -> &str {
    metadata.name.as_deref().unwrap_or("")
}

/// `namespace/name`.
pub fn namespaced_name(metadata: &ObjectMeta) -> String {
    format!("{}/{}", namespace_of(metadata), name_of(metadata))
}

#[cfg(test)]
mod tests {
    use super::load::load_text;
    use super::*;

    #[test]
    fn reads_lists_and_skips_other_kinds() {
        let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: a, namespace: x}\n  spec: {type: LoadBalancer, ports: [{port: 80}]}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: x}\nspec:\n  selector: {}\n  template:\n    metadata: {labels: {app: a}}\n    spec:\n      containers:\n      - name: c\n        ports: [{name: http, containerPort: 8080}]\n";
        let mut manifests = Manifests::default();
        load_text("f.yaml", text, &mut manifests).unwrap();
        assert_eq!(manifests.services.len(), 1);
        assert_eq!(manifests.services[0].source.line, 4);
        assert_eq!(manifests.services[0].source.item, Some(0));
        assert_eq!(manifests.skipped["ConfigMap"], 1);
        assert_eq!(manifests.pod_templates[0].value.named_ports[0].port, 8080);
        assert_eq!(manifests.pod_templates[0].source.line, 12);
    }

    #[test]
    fn typed_errors_name_the_line() {
        let text = "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  ports:\n  - port: eighty\n";
        let error = load_text("f.yaml", text, &mut Manifests::default()).unwrap_err();
        assert_eq!(error.source.unwrap().line, 6);
        assert!(error.message.contains("invalid type"), "{}", error.message);
        assert_eq!(error.object.as_deref(), Some("Service a"));
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let error =
            load_text("f.yaml", "kind: A\n---\nkind: B\nb: [1,\n---\nc: 3\n", &mut Manifests::default()).unwrap_err();
        assert_eq!(error.source.unwrap().line, 5);
        assert!(error.message.starts_with("invalid YAML"), "{}", error.message);
    }
}
