//! Files → typed Kubernetes objects, each with the place it came from.
//!
//! Owns reading manifests (the only file I/O besides the snapshot reader): finding the files
//! (`files`), multi-document YAML and JSON (JSON is YAML, so `kubectl get -o json` reads
//! too) and `List` documents (`documents`, `decode`), and refusing an object defined twice.
//! It knows nothing of the controller's rules or settings; `model` decides what the
//! controller manages.

mod api_rules;
mod decode;
mod documents;
mod duplicates;
mod files;
pub mod gateway_api;
mod keys;
mod lines;
pub mod objects;
mod overlay;
pub mod source;
mod strict;

pub use documents::load_text;
pub use files::{Text, MAX_INPUT_BYTES};
pub use gateway_api::{
    Gateway, GatewayClass, ListenerSet, LoadBalancerConfiguration, ReferenceGrant, Route, TargetGroupConfiguration,
};
pub use keys::ObjectKey;
pub use objects::{IngressClassParams, PodTemplate, SecurityGroupPolicy, TargetGroupBinding};
pub use overlay::beneath;
pub use source::{InputError, Source};

use k8s_openapi::api::core::v1::{Node, Service, ServiceAccount};
use k8s_openapi::api::networking::v1::{Ingress, IngressClass};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use std::collections::BTreeMap;

/// One object and where it came from.
#[derive(Clone, Debug)]
pub struct Object<T> {
    pub source: Source,
    pub value: T,
}

/// Loads every manifest under `paths`; `stdin` is read when a path is `-`. Whole files are
/// parsed in parallel and merged in input order, so the objects, and the first error, are
/// those of reading the files one after the other.
pub fn load(paths: &[String], stdin: &mut dyn std::io::Read) -> Result<Manifests, InputError> {
    let (texts, read_error) = files::read_all(paths, stdin);
    let manifests = parse(&texts)?;
    match read_error {
        Some(error) => Err(error),
        None => Ok(manifests),
    }
}

/// Parses texts already read (files, or files at a git revision), as `load` does: in
/// parallel, merged in order, the first error reported, an object defined twice refused.
pub fn parse(texts: &[Text]) -> Result<Manifests, InputError> {
    use rayon::prelude::*;
    let parsed: Vec<Result<Manifests, InputError>> = texts
        .par_iter()
        .map(|file| {
            let mut manifests = Manifests::default();
            load_text(&file.label, &file.text, &mut manifests)
                .map(|()| manifests)
                .map_err(|error| helm_template_hint(error, &file.text))
        })
        .collect();
    let mut manifests = Manifests::default();
    for part in parsed {
        manifests.append(part?);
    }
    duplicates::refuse_duplicates(&manifests)?;
    Ok(manifests)
}

/// A file that fails to read and holds Helm template actions (`{{ … }}` outside comments) is
/// a chart's template, not a manifest: the hint says to render it.
fn helm_template_hint(error: InputError, text: &str) -> InputError {
    let templated = text.lines().any(|line| {
        let line = line.trim_start();
        !line.starts_with('#') && line.contains("{{") && line.contains("}}")
    });
    if templated {
        error.hint("this file holds Helm template syntax ({{ ... }}): render the chart first, `helm template RELEASE CHART -f VALUES | sgctl plan - ...`")
    } else {
        error
    }
}

/// Everything read from the input, in input order.
#[derive(Clone, Debug, Default)]
pub struct Manifests {
    pub ingresses: Vec<Object<Ingress>>,
    pub services: Vec<Object<Service>>,
    pub ingress_classes: Vec<Object<IngressClass>>,
    pub ingress_class_params: Vec<Object<IngressClassParams>>,
    pub pod_templates: Vec<Object<PodTemplate>>,
    pub target_group_bindings: Vec<Object<TargetGroupBinding>>,
    /// `kubectl get nodes -o yaml`: which instances are the targets of instance target groups.
    pub nodes: Vec<Object<Node>>,
    /// Security groups for pods: the SGs of the pods they select.
    pub security_group_policies: Vec<Object<SecurityGroupPolicy>>,
    /// Their labels are what a policy's `serviceAccountSelector` matches.
    pub service_accounts: Vec<Object<ServiceAccount>>,
    /// Kinds sgctl does not model, with how many of each were skipped.
    pub skipped: BTreeMap<String, usize>,
    /// The Gateway API (`gateway.networking.k8s.io`) and the controller's Gateway
    /// configuration (`gateway.k8s.aws`).
    pub gateway_classes: Vec<Object<GatewayClass>>,
    pub gateways: Vec<Object<Gateway>>,
    pub listener_sets: Vec<Object<ListenerSet>>,
    /// HTTPRoutes, GRPCRoutes, TCPRoutes, UDPRoutes and TLSRoutes, each with its `kind`.
    pub routes: Vec<Object<Route>>,
    pub reference_grants: Vec<Object<ReferenceGrant>>,
    pub load_balancer_configurations: Vec<Object<LoadBalancerConfiguration>>,
    pub target_group_configurations: Vec<Object<TargetGroupConfiguration>>,
    pub listener_rule_configurations: Vec<Object<gateway_api::ListenerRuleConfiguration>>,
}

impl Manifests {
    /// Appends another file's objects after these.
    pub fn append(&mut self, mut other: Manifests) {
        self.ingresses.append(&mut other.ingresses);
        self.services.append(&mut other.services);
        self.ingress_classes.append(&mut other.ingress_classes);
        self.ingress_class_params.append(&mut other.ingress_class_params);
        self.pod_templates.append(&mut other.pod_templates);
        self.target_group_bindings.append(&mut other.target_group_bindings);
        self.nodes.append(&mut other.nodes);
        self.security_group_policies.append(&mut other.security_group_policies);
        self.service_accounts.append(&mut other.service_accounts);
        self.gateway_classes.append(&mut other.gateway_classes);
        self.gateways.append(&mut other.gateways);
        self.listener_sets.append(&mut other.listener_sets);
        self.routes.append(&mut other.routes);
        self.reference_grants.append(&mut other.reference_grants);
        self.load_balancer_configurations.append(&mut other.load_balancer_configurations);
        self.target_group_configurations.append(&mut other.target_group_configurations);
        self.listener_rule_configurations.append(&mut other.listener_rule_configurations);
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

    #[test]
    fn many_files_merge_in_order_and_the_first_error_wins() {
        let dir = std::env::temp_dir().join(format!("sgctl-load-order-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let service = |i: usize| {
            format!("apiVersion: v1\nkind: Service\nmetadata: {{name: s{i}, namespace: n}}\nspec: {{type: NodePort}}\n")
        };
        for i in 0..12 {
            std::fs::write(dir.join(format!("{i:02}.yaml")), service(i)).unwrap();
        }
        let paths = [dir.display().to_string()];
        let manifests = load(&paths, &mut std::io::empty()).unwrap();
        let names: Vec<&str> = manifests.services.iter().map(|s| name_of(&s.value.metadata)).collect();
        assert_eq!(names, (0..12).map(|i| format!("s{i}")).collect::<Vec<_>>());
        // Errors in files 03 and 09 (and an unreadable 07): the first in order is reported.
        std::fs::write(dir.join("03.yaml"), "kind: [\n").unwrap();
        std::fs::write(dir.join("07.yaml"), [0xff, 0xfe]).unwrap();
        std::fs::write(dir.join("09.yaml"), "kind: [\n").unwrap();
        let error = load(&paths, &mut std::io::empty()).unwrap_err().to_string();
        assert!(error.contains("03.yaml"), "{error}");
        std::fs::write(dir.join("03.yaml"), service(3)).unwrap();
        let error = load(&paths, &mut std::io::empty()).unwrap_err().to_string();
        assert!(error.contains("07.yaml") && error.contains("not valid UTF-8"), "{error}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// What a text reads as: its objects' kinds, names, lines and items, or its error.
    fn read(text: &str) -> String {
        let mut manifests = Manifests::default();
        match load_text("f.yaml", text, &mut manifests) {
            Err(error) => format!("error: {error}"),
            Ok(()) => {
                let services = manifests.services.iter().map(|s| {
                    format!("Service {} line {} item {:?}", name_of(&s.value.metadata), s.source.line, s.source.item)
                });
                let skipped = manifests.skipped.iter().map(|(kind, count)| format!("skipped {kind} {count}"));
                services.chain(skipped).collect::<Vec<_>>().join("; ")
            }
        }
    }

    #[test]
    fn a_list_is_read_item_by_item_whatever_comes_first() {
        let item = |name: &str| format!("- apiVersion: v1\n  kind: Service\n  metadata: {{name: {name}}}\n");
        // kubectl's order (items before kind), a kind before the items, a typed list whose
        // items name no kind, items that name theirs after one that does not.
        let kubectl = format!("apiVersion: v1\nitems:\n{}{}kind: List\nmetadata: {{}}\n", item("a"), item("b"));
        assert_eq!(read(&kubectl), "Service a line 3 item Some(0); Service b line 6 item Some(1)");
        let kind_first = format!("apiVersion: v1\nkind: List\nitems:\n{}", item("a"));
        assert_eq!(read(&kind_first), "Service a line 4 item Some(0)");
        let typed = "apiVersion: v1\nitems:\n- metadata: {name: a}\n- metadata: {name: b}\nkind: ServiceList\n";
        assert_eq!(read(typed), "Service a line 3 item Some(0); Service b line 4 item Some(1)");
        let mixed = format!("apiVersion: v1\nitems:\n- metadata: {{name: a}}\n{}kind: ServiceList\n", item("b"));
        assert_eq!(read(&mixed), "Service a line 3 item Some(0); Service b line 4 item Some(1)");
        // JSON: every item has the document's line.
        let json = r#"{"apiVersion": "v1", "items": [{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a"}}], "kind": "List"}"#;
        assert_eq!(read(json), "Service a line 1 item Some(0)");
    }

    #[test]
    fn a_document_with_items_that_is_no_list_reads_as_its_kind() {
        let text = "apiVersion: v1\nitems:\n- 5\n- kind: Service\nkind: ConfigMap\nmetadata: {name: c}\n";
        assert_eq!(read(text), "skipped ConfigMap 1");
        let not_a_sequence = "apiVersion: v1\nitems: {a: 1}\nkind: List\n";
        assert_eq!(read(not_a_sequence), "skipped List 1");
    }

    #[test]
    fn a_list_reports_the_first_bad_item_unless_the_yaml_is_bad_further_on() {
        let bad_item = "- apiVersion: v1\n  kind: Service\n  metadata: {name: [x]}\n";
        let good = "- apiVersion: v1\n  kind: Service\n  metadata: {name: a}\n";
        let text = format!("apiVersion: v1\nitems:\n{good}{bad_item}{bad_item}kind: List\n");
        let error = read(&text);
        assert!(error.starts_with("error: f.yaml:8: document 1 item 1: Service <unnamed>: invalid Service"), "{error}");
        let duplicate_later = format!("apiVersion: v1\nitems:\n{bad_item}- kind: A\n  kind: B\nkind: List\n");
        let error = read(&duplicate_later);
        assert!(error.contains("invalid YAML") && error.contains("duplicate key \"kind\""), "{error}");
        let duplicate_items = format!("apiVersion: v1\nitems:\n{good}items: []\nkind: List\n");
        assert!(read(&duplicate_items).contains("duplicate key \"items\""));
        let list_item = "apiVersion: v1\nitems:\n- 5\nkind: List\n";
        assert_eq!(read(list_item), "error: f.yaml:3: document 1 item 0: list item is not a Kubernetes object");
    }

    #[test]
    fn json_reads_as_the_yaml_reader_reads_it() {
        let service = r#"{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a"}}"#;
        assert_eq!(read(service), "Service a line 1 item None");
        // Not JSON, but YAML (a comment, a trailing comma): read as YAML, as before.
        let yaml_only =
            "{\"apiVersion\": \"v1\", # a comment\n \"kind\": \"Service\", \"metadata\": {\"name\": \"b\"},}\n";
        assert_eq!(read(yaml_only), "Service b line 1 item None");
        // Refused by both: the YAML reader's error, with its path and line.
        let duplicate = "{\n\"kind\": \"Service\",\n\"metadata\": {\"name\": \"a\", \"name\": \"b\"}\n}\n";
        let error = read(duplicate);
        assert!(error.starts_with("error: f.yaml:3: invalid YAML: metadata: duplicate key \"name\""), "{error}");
        let broken = "{\n\"kind\": \"Service\",\n\"metadata\": [\n}\n";
        assert!(read(broken).starts_with("error: f.yaml:4: invalid YAML: "), "{}", read(broken));
        // A typed error is located by the YAML reader, at the field.
        let typed = "{\n\"apiVersion\": \"v1\",\n\"kind\": \"Service\",\n\"metadata\": {\"name\": \"a\"},\n\"spec\": {\"ports\": [{\"port\": \"eighty\"}]}\n}\n";
        let error = read(typed);
        assert!(
            error.starts_with(
                "error: f.yaml:5: Service a: invalid Service: spec.ports[0].port: invalid type: string \"eighty\""
            ),
            "{error}"
        );
    }
}
