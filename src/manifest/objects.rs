//! The object types sgctl reads that k8s-openapi does not provide (IngressClassParams,
//! the elbv2.k8s.aws/v1beta1 CRD, `apis/elbv2/v1beta1/ingressclassparams_types.go`), and
//! the part of a workload that named target ports resolve against (its pod template).

use k8s_openapi::api::core::v1::{Pod, PodTemplateSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IngressClassParams {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: IngressClassParamsSpec,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IngressClassParamsSpec {
    pub namespace_selector: Option<LabelSelector>,
    pub group: Option<IngressGroupParams>,
    pub scheme: Option<String>,
    pub ip_address_type: Option<String>,
    #[serde(rename = "inboundCIDRs")]
    pub inbound_cidrs: Option<Vec<String>>,
    #[serde(rename = "prefixListsIDs")]
    pub prefix_lists_ids: Option<Vec<String>>,
    /// The legacy spelling the CRD still accepts.
    #[serde(rename = "PrefixListsIDs")]
    pub prefix_lists_ids_legacy: Option<Vec<String>>,
    pub target_type: Option<String>,
    pub certificate_arn: Option<Vec<String>>,
    pub tags: Option<Vec<ParamsTag>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct IngressGroupParams {
    pub name: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ParamsTag {
    pub key: String,
    pub value: String,
}

/// A container port of a pod template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedPort {
    pub name: String,
    pub port: i32,
}

/// The pods a workload runs: namespace, labels, and named container ports.
#[derive(Clone, Debug, Default)]
pub struct PodTemplate {
    /// `Deployment web/api`.
    pub owner: String,
    pub namespace: String,
    pub labels: BTreeMap<String, String>,
    pub named_ports: Vec<NamedPort>,
}

impl PodTemplate {
    pub fn from_pod(pod: &Pod) -> PodTemplate {
        let spec_ports = pod.spec.as_ref().map(named_ports).unwrap_or_default();
        PodTemplate {
            owner: format!("Pod {}", super::namespaced_name(&pod.metadata)),
            namespace: super::namespace_of(&pod.metadata).to_string(),
            labels: pod.metadata.labels.clone().unwrap_or_default(),
            named_ports: spec_ports,
        }
    }

    pub fn from_template(kind: &str, metadata: &ObjectMeta, template: Option<&PodTemplateSpec>) -> PodTemplate {
        let labels = template.and_then(|t| t.metadata.as_ref()).and_then(|m| m.labels.clone()).unwrap_or_default();
        PodTemplate {
            owner: format!("{kind} {}", super::namespaced_name(metadata)),
            namespace: super::namespace_of(metadata).to_string(),
            labels,
            named_ports: template.and_then(|t| t.spec.as_ref()).map(named_ports).unwrap_or_default(),
        }
    }
}

fn named_ports(spec: &k8s_openapi::api::core::v1::PodSpec) -> Vec<NamedPort> {
    let init = spec.init_containers.iter().flatten();
    spec.containers
        .iter()
        .chain(init)
        .flat_map(|container| container.ports.iter().flatten())
        .filter_map(|port| port.name.as_ref().map(|name| NamedPort { name: name.clone(), port: port.container_port }))
        .collect()
}
