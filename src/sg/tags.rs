//! The controller's tracking tags and the tag keys it treats specially
//! (`pkg/deploy/tracking/provider.go`, `pkg/networking/backend_sg_provider.go`).

use std::collections::BTreeMap;

pub type Tags = BTreeMap<String, String>;

pub const CLUSTER: &str = "elbv2.k8s.aws/cluster";
pub const ELBV2_RESOURCE: &str = "elbv2.k8s.aws/resource";
pub const INGRESS_STACK: &str = "ingress.k8s.aws/stack";
pub const INGRESS_RESOURCE: &str = "ingress.k8s.aws/resource";
pub const SERVICE_STACK: &str = "service.k8s.aws/stack";
pub const SERVICE_RESOURCE: &str = "service.k8s.aws/resource";
/// The tracking tags of the groups the controller's ALB and NLB Gateway controllers make.
pub const GATEWAY_ALB_STACK: &str = "gateway.k8s.aws.alb/stack";
pub const GATEWAY_ALB_RESOURCE: &str = "gateway.k8s.aws.alb/resource";
pub const GATEWAY_NLB_STACK: &str = "gateway.k8s.aws.nlb/stack";
pub const GATEWAY_NLB_RESOURCE: &str = "gateway.k8s.aws.nlb/resource";
/// The legacy cluster tag the controller still uses to find old stacks.
pub const LEGACY_INGRESS_CLUSTER: &str = "ingress.k8s.aws/cluster";

/// Resource id of a managed frontend SG.
pub const MANAGED_LB_SG: &str = "ManagedLBSecurityGroup";
/// Resource tag value of the backend SG.
pub const BACKEND_SG: &str = "backend-sg";

/// Keys `--default-tags` and `--external-managed-tags` may not name.
pub const TRACKING_KEYS: &[&str] = &[
    CLUSTER,
    ELBV2_RESOURCE,
    INGRESS_STACK,
    INGRESS_RESOURCE,
    SERVICE_STACK,
    SERVICE_RESOURCE,
    GATEWAY_NLB_RESOURCE,
    GATEWAY_NLB_STACK,
    GATEWAY_ALB_RESOURCE,
    GATEWAY_ALB_STACK,
];

/// Keys the controller never reconciles on a managed SG (`LegacyTagKeys`), besides
/// `kubernetes.io/cluster/<name>`.
const LEGACY_KEYS: &[&str] = &[
    "kubernetes.io/cluster-name",
    "kubernetes.io/namespace",
    "kubernetes.io/ingress-name",
    "kubernetes.io/service-name",
    "kubernetes.io/service-port",
    LEGACY_INGRESS_CLUSTER,
];

/// True for keys the tag diff of a managed SG ignores: the legacy keys and AWS's own.
pub fn is_unreconciled_key(key: &str) -> bool {
    key.starts_with("aws:") || key.starts_with("kubernetes.io/cluster/") || LEGACY_KEYS.contains(&key)
}

/// The tag key that marks a node security group as the cluster's
/// (`pkg/networking/node_eni_info_resolver.go`).
pub fn node_sg_cluster_tag(cluster: &str) -> String {
    format!("kubernetes.io/cluster/{cluster}")
}
