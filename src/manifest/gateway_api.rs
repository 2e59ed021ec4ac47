//! The Gateway API objects sgctl reads (`gateway.networking.k8s.io`: GatewayClass, Gateway,
//! ListenerSet, the five route kinds, ReferenceGrant) and the controller's own
//! (`gateway.k8s.aws`: LoadBalancerConfiguration, TargetGroupConfiguration), with the fields
//! that decide security groups and target groups, and the defaults the CRDs apply
//! (`sigs.k8s.io/gateway-api/apis/v1`; the controller's `apis/gateway/v1/*_types.go`).

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use serde::Deserialize;
use std::collections::BTreeMap;

/// A ListenerRuleConfiguration: whether the controller accepted it, and its actions' types.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ListenerRuleConfiguration {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: ListenerRuleConfigurationSpec,
    pub status: Option<ListenerRuleConfigurationStatus>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ListenerRuleConfigurationSpec {
    #[serde(default)]
    pub actions: Vec<RuleAction>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleAction {
    #[serde(rename = "type", default)]
    pub type_: String,
    pub redirect_config: Option<serde::de::IgnoredAny>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ListenerRuleConfigurationStatus {
    pub accepted: Option<bool>,
    pub message: Option<String>,
}

/// The route kinds, as `kind` names them.
pub const ROUTE_KINDS: [&str; 5] = ["HTTPRoute", "GRPCRoute", "TCPRoute", "UDPRoute", "TLSRoute"];

#[derive(Clone, Debug, Default, Deserialize)]
pub struct GatewayClass {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: GatewayClassSpec,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewayClassSpec {
    #[serde(default)]
    pub controller_name: String,
    pub parameters_ref: Option<ParametersReference>,
}

/// `GatewayClass.spec.parametersRef` and `Gateway.spec.infrastructure.parametersRef`.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ParametersReference {
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub name: String,
    pub namespace: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct Gateway {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: GatewaySpec,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewaySpec {
    #[serde(default)]
    pub gateway_class_name: String,
    #[serde(default)]
    pub listeners: Vec<Listener>,
    pub allowed_listeners: Option<AllowedListeners>,
    pub infrastructure: Option<Infrastructure>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Infrastructure {
    pub parameters_ref: Option<ParametersReference>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct AllowedListeners {
    pub namespaces: Option<FromNamespaces>,
}

/// `allowedRoutes.namespaces` and `allowedListeners.namespaces`: `from` (`Same`, `All`,
/// `Selector`, `None`) and the selector.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct FromNamespaces {
    pub from: Option<String>,
    pub selector: Option<LabelSelector>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Listener {
    #[serde(default)]
    pub name: String,
    pub hostname: Option<String>,
    #[serde(default)]
    pub port: i32,
    #[serde(default)]
    pub protocol: String,
    pub tls: Option<ListenerTls>,
    pub allowed_routes: Option<AllowedRoutes>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ListenerTls {
    pub mode: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct AllowedRoutes {
    pub namespaces: Option<FromNamespaces>,
    #[serde(default)]
    pub kinds: Vec<RouteGroupKind>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct RouteGroupKind {
    pub group: Option<String>,
    #[serde(default)]
    pub kind: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ListenerSet {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: ListenerSetSpec,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListenerSetSpec {
    #[serde(default)]
    pub parent_ref: ParentReference,
    #[serde(default)]
    pub listeners: Vec<Listener>,
}

/// An HTTPRoute, GRPCRoute, TCPRoute, UDPRoute or TLSRoute: the fields the controller reads to
/// attach it and to find its backends are the same in all five.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Route {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: RouteSpec,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteSpec {
    #[serde(default)]
    pub parent_refs: Vec<ParentReference>,
    #[serde(default)]
    pub hostnames: Vec<String>,
    #[serde(default)]
    pub rules: Vec<RouteRule>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ParentReference {
    pub group: Option<String>,
    pub kind: Option<String>,
    pub namespace: Option<String>,
    #[serde(default)]
    pub name: String,
    pub section_name: Option<String>,
    pub port: Option<i32>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteRule {
    #[serde(default)]
    pub backend_refs: Vec<BackendRef>,
    /// HTTPRoute and GRPCRoute rules: the filters' types and the matches' paths, which the
    /// ALB controller checks before it deploys anything.
    #[serde(default)]
    pub filters: Vec<RouteFilter>,
    #[serde(default)]
    pub matches: Vec<RouteMatch>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteFilter {
    #[serde(rename = "type", default)]
    pub type_: String,
    pub request_redirect: Option<RequestRedirect>,
    pub extension_ref: Option<ExtensionRef>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ExtensionRef {
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub name: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct RequestRedirect {
    pub scheme: Option<String>,
    pub hostname: Option<String>,
    pub port: Option<i32>,
    pub path: Option<PathModifier>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PathModifier {
    pub replace_full_path: Option<String>,
    pub replace_prefix_match: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct RouteMatch {
    pub path: Option<PathMatch>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct PathMatch {
    #[serde(rename = "type")]
    pub type_: Option<String>,
    pub value: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct BackendRef {
    pub group: Option<String>,
    pub kind: Option<String>,
    #[serde(default)]
    pub name: String,
    pub namespace: Option<String>,
    pub port: Option<i32>,
    pub weight: Option<i32>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ReferenceGrant {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: ReferenceGrantSpec,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ReferenceGrantSpec {
    #[serde(default)]
    pub from: Vec<ReferenceGrantFrom>,
    #[serde(default)]
    pub to: Vec<ReferenceGrantTo>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ReferenceGrantFrom {
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub namespace: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ReferenceGrantTo {
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub kind: String,
    pub name: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct LoadBalancerConfiguration {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: LoadBalancerConfigurationSpec,
}

/// The fields of `LoadBalancerConfigurationSpec` that decide security groups and target rules.
/// Absent and present-but-empty differ (`sourceRanges: []` closes the group), hence `Option`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoadBalancerConfigurationSpec {
    pub merging_mode: Option<String>,
    pub scheme: Option<String>,
    pub ip_address_type: Option<String>,
    pub security_groups: Option<Vec<String>>,
    pub security_group_prefixes: Option<Vec<String>>,
    pub source_ranges: Option<Vec<String>>,
    #[serde(rename = "enableICMP")]
    pub enable_icmp: Option<bool>,
    pub manage_backend_security_group_rules: Option<bool>,
    pub disable_security_group: Option<bool>,
    pub tags: Option<BTreeMap<String, String>>,
    pub default_target_group_configuration: Option<DefaultTargetGroupConfiguration>,
    /// The subnets of an NLB without SGs, whose CIDRs its node rules may open to: named,
    /// or selected by tags (each key, any of its values).
    pub load_balancer_subnets: Option<Vec<SubnetConfiguration>>,
    pub load_balancer_subnets_selector: Option<BTreeMap<String, Vec<String>>>,
    /// `deletion_protection.enabled` keeps the controller from deleting the Gateway.
    pub load_balancer_attributes: Option<Vec<Attribute>>,
    /// Per `PROTOCOL:port`: the certificates of a TLS listener.
    pub listener_configurations: Option<Vec<ListenerConfiguration>>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListenerConfiguration {
    #[serde(default)]
    pub protocol_port: String,
    pub default_certificate: Option<String>,
    #[serde(default)]
    pub certificates: Vec<String>,
    pub quic_enabled: Option<bool>,
}

/// A `key`/`value` pair (`loadBalancerAttributes`, `targetGroupAttributes`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Attribute {
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub value: String,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct SubnetConfiguration {
    pub identifier: Option<String>,
    #[serde(rename = "eipAllocation")]
    pub eip_allocation: Option<String>,
    #[serde(rename = "privateIPv4Allocation")]
    pub private_ipv4_allocation: Option<String>,
    #[serde(rename = "ipv6Allocation")]
    pub ipv6_allocation: Option<String>,
    #[serde(rename = "sourceNatIPv6Prefix")]
    pub source_nat_ipv6_prefix: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct DefaultTargetGroupConfiguration {
    #[serde(default)]
    pub name: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct TargetGroupConfiguration {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: TargetGroupConfigurationSpec,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetGroupConfigurationSpec {
    pub target_reference: Option<TargetReference>,
    #[serde(default)]
    pub default_configuration: TargetGroupProps,
    #[serde(default)]
    pub route_configurations: Vec<RouteConfiguration>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct TargetReference {
    pub group: Option<String>,
    pub kind: Option<String>,
    #[serde(default)]
    pub name: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteConfiguration {
    #[serde(default)]
    pub route_identifier: RouteIdentifier,
    #[serde(default)]
    pub target_group_props: TargetGroupProps,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct RouteIdentifier {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub namespace: String,
    #[serde(default)]
    pub name: String,
}

/// The target-group properties that decide node rules (`TargetGroupProps`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetGroupProps {
    pub target_type: Option<String>,
    pub protocol: Option<String>,
    pub health_check_config: Option<HealthCheckConfig>,
    pub node_selector: Option<LabelSelector>,
    pub target_control_port: Option<i32>,
    pub target_group_attributes: Option<Vec<Attribute>>,
}

impl TargetGroupProps {
    /// A `targetGroupAttributes` value by key.
    pub fn attribute(&self, key: &str) -> Option<&str> {
        self.target_group_attributes.iter().flatten().find(|a| a.key == key).map(|a| a.value.as_str())
    }
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthCheckConfig {
    pub health_check_port: Option<String>,
}
