//! The desired state, as plain data: the security groups sgctl would create and own, each
//! load balancer's SG list, the aggregated rules on target SGs, the target rules whose ports
//! files cannot tell, and the warnings found on the way. What the diff compares with the
//! account and the plan document shows.

use crate::manifest::Source;
use crate::settings::Scheme;
use crate::sg::{GroupRef, Provenance, Rule, Tags};
use std::collections::BTreeMap;

/// The kind of load balancer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LbKind {
    Alb,
    Nlb,
}

impl LbKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LbKind::Alb => "alb",
            LbKind::Nlb => "nlb",
        }
    }
}

/// What a desired group is, which decides the tags it is found by in the account.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum GroupRole {
    /// A managed frontend SG; `stack_key` is `ingress.k8s.aws/stack` or `service.k8s.aws/stack`.
    Frontend {
        stack_key: &'static str,
        resource_key: &'static str,
        stack: String,
    },
    Backend,
}

/// A security group sgctl creates and owns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DesiredGroup {
    /// `security_group.frontend["ns/ing"]` or `security_group.backend`.
    pub address: String,
    pub role: GroupRole,
    pub name: String,
    pub description: String,
    pub tags: Tags,
    /// Sorted, one source per rule, no duplicates.
    pub ingress: Vec<Rule>,
    /// The object the group is for (first member of a group), when there is one.
    pub source: Option<Source>,
    /// Why each rule exists, by `Rule::identity_text`.
    pub provenance: BTreeMap<String, Vec<Provenance>>,
}

/// The kind of object a load balancer is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ObjectKind {
    Ingress,
    Service,
    Gateway,
}

impl ObjectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectKind::Ingress => "Ingress",
            ObjectKind::Service => "Service",
            ObjectKind::Gateway => "Gateway",
        }
    }
}

/// The SGs the controller would attach to one load balancer, in its order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadBalancer {
    pub kind: LbKind,
    pub object_kind: ObjectKind,
    pub stack: String,
    pub scheme: Scheme,
    pub security_groups: Vec<GroupRef>,
    pub source: Source,
}

/// A finding shown to the user; never swallowed.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    pub code: &'static str,
    pub message: String,
    pub source: Option<Source>,
}

/// A target rule whose port files cannot tell (a nodePort not yet assigned, a named port
/// with no workload in the input). Shown as unknown, never guessed.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct UnresolvedRule {
    pub protocol: crate::sg::Protocol,
    pub peer: crate::sg::Peer,
    pub reason: String,
    pub source: Source,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Desired {
    /// Sorted by address.
    pub security_groups: Vec<DesiredGroup>,
    /// Sorted by (kind, stack).
    pub load_balancers: Vec<LoadBalancer>,
    /// Aggregated inbound rules per target SG id (`networking_manager.go`).
    pub node_rules: BTreeMap<String, Vec<Rule>>,
    /// Why each node rule exists, per target SG id, by `Rule::identity_text` (the same rule
    /// may land on two SGs for other targets).
    pub node_provenance: BTreeMap<String, BTreeMap<String, Vec<Provenance>>>,
    /// Target SGs the rules were placed on (whether or not any rule landed there).
    pub target_groups: Vec<String>,
    /// Target rules with unknown ports, per target SG id ("" when no target SG is known).
    pub unresolved: Vec<UnresolvedRule>,
    /// True when some load balancer of the controller remains in the input, which keeps an
    /// existing backend SG alive even when no load balancer uses it (`backend_sg_provider.go`).
    pub keeps_backend: bool,
    pub warnings: Vec<Warning>,
}

/// The plan address of a frontend group: `security_group.frontend["<stack>"]`.
pub fn frontend_address(stack: &str) -> String {
    format!("security_group.frontend[\"{stack}\"]")
}

/// The plan address of a Gateway's managed group: `security_group.gateway["<ns/name>"]`.
pub fn gateway_address(stack: &str) -> String {
    format!("security_group.gateway[\"{stack}\"]")
}

/// The address of an NLB's frontend group whose plain address an Ingress group has.
pub fn service_frontend_address(stack: &str) -> String {
    frontend_address(&format!("service/{stack}"))
}
