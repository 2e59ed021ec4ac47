//! The object types sgctl reads that k8s-openapi does not provide (the elbv2.k8s.aws/v1beta1
//! CRDs IngressClassParams and TargetGroupBinding, `apis/elbv2/v1beta1/*_types.go`), and
//! the part of a workload that named target ports resolve against (its pod template).

use k8s_openapi::api::core::v1::{Pod, PodTemplateSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
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
    /// `spec.serviceAccountName` (`default` when unset), whose labels SecurityGroupPolicies match.
    pub service_account: String,
    /// `spec.hostNetwork`: such pods use the node's interface, never a pod ENI.
    pub host_network: bool,
    /// `spec.nodeName` of an exported Pod (a template's pods have none yet).
    pub node_name: Option<String>,
}

impl PodTemplate {
    pub fn from_pod(pod: &Pod) -> PodTemplate {
        let spec_ports = pod.spec.as_ref().map(named_ports).unwrap_or_default();
        PodTemplate {
            owner: format!("Pod {}", super::namespaced_name(&pod.metadata)),
            namespace: super::namespace_of(&pod.metadata).to_string(),
            labels: pod.metadata.labels.clone().unwrap_or_default(),
            named_ports: spec_ports,
            service_account: service_account(pod.spec.as_ref()),
            host_network: pod.spec.as_ref().and_then(|s| s.host_network).unwrap_or(false),
            node_name: pod.spec.as_ref().and_then(|s| s.node_name.clone()).filter(|name| !name.is_empty()),
        }
    }

    pub fn from_template(kind: &str, metadata: &ObjectMeta, template: Option<&PodTemplateSpec>) -> PodTemplate {
        let labels = template.and_then(|t| t.metadata.as_ref()).and_then(|m| m.labels.clone()).unwrap_or_default();
        PodTemplate {
            owner: format!("{kind} {}", super::namespaced_name(metadata)),
            namespace: super::namespace_of(metadata).to_string(),
            labels,
            named_ports: template.and_then(|t| t.spec.as_ref()).map(named_ports).unwrap_or_default(),
            service_account: service_account(template.and_then(|t| t.spec.as_ref())),
            host_network: template.and_then(|t| t.spec.as_ref()).and_then(|s| s.host_network).unwrap_or(false),
            node_name: None,
        }
    }
}

/// The pod's ServiceAccount: `serviceAccountName`, else the deprecated `serviceAccount`, else
/// `default`, as the API server fills it in.
fn service_account(spec: Option<&k8s_openapi::api::core::v1::PodSpec>) -> String {
    let named = spec.and_then(|s| s.service_account_name.as_deref().or(s.service_account.as_deref()));
    named.filter(|name| !name.is_empty()).unwrap_or("default").to_string()
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

/// A TargetGroupBinding (`elbv2.k8s.aws/v1beta1`, `apis/elbv2/v1beta1/targetgroupbinding_types.go`):
/// the fields that decide target rules and the admission checks on them.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetGroupBinding {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: TargetGroupBindingSpec,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetGroupBindingSpec {
    #[serde(rename = "targetGroupARN")]
    pub target_group_arn: Option<String>,
    pub target_group_name: Option<String>,
    pub target_type: Option<String>,
    pub service_ref: Option<ServiceReference>,
    pub networking: Option<TgbNetworking>,
    pub node_selector: Option<LabelSelector>,
    pub ip_address_type: Option<String>,
    pub multi_cluster_target_group: Option<bool>,
    pub iam_role_arn_to_assume: Option<String>,
}

/// `spec.serviceRef`: a Service of the binding's namespace, its port by number or name.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ServiceReference {
    #[serde(default)]
    pub name: String,
    pub port: Option<IntOrString>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct TgbNetworking {
    #[serde(default)]
    pub ingress: Vec<TgbIngressRule>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct TgbIngressRule {
    /// Required by the CRD schema (an empty list is allowed).
    pub from: Option<Vec<TgbPeer>>,
    pub ports: Option<Vec<TgbPort>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TgbPeer {
    pub ip_block: Option<TgbIpBlock>,
    pub security_group: Option<TgbSecurityGroup>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct TgbIpBlock {
    #[serde(default)]
    pub cidr: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TgbSecurityGroup {
    #[serde(rename = "groupID", default)]
    pub group_id: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct TgbPort {
    pub protocol: Option<String>,
    pub port: Option<IntOrString>,
}

/// A SecurityGroupPolicy (`vpcresources.k8s.aws/v1beta1`, the VPC resource controller's
/// `apis/vpcresources/v1beta1/securitygrouppolicy_types.go`): the SGs of the branch ENIs of the
/// pods it selects.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecurityGroupPolicy {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: SecurityGroupPolicySpec,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecurityGroupPolicySpec {
    pub pod_selector: Option<LabelSelector>,
    pub service_account_selector: Option<LabelSelector>,
    #[serde(default)]
    pub security_groups: PolicyGroups,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyGroups {
    #[serde(default)]
    pub group_ids: Vec<String>,
}
