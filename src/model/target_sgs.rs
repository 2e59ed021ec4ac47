//! Which security groups receive a target group's rules. `--node-security-group` names them
//! outright. Otherwise each target is a network interface, and its SG is the interface's only
//! SG, else the one tagged `kubernetes.io/cluster/<cluster>` (and the
//! `--service-target-eni-security-group-tags`), with the controller's error when there is not
//! exactly one. Instance targets are the nodes the controller picks: with `Node` objects in the
//! input, its default node selector AND the target group's own labels, then taints and
//! readiness, each node's instance by `spec.providerID` and its primary interface; without
//! them, the primary interface of every instance in the account, and a target group that
//! selects nodes by label is unknown. ip targets are taken to be on the nodes' interfaces.
//! Also the cluster's tagged SGs, whose owned rules the controller reconciles too.
//!
//! Mirrors `pkg/backend/endpoint_utils.go` (`GetTrafficProxyNodeSelector`,
//! `IsNodeSuitableAsTrafficProxy`), `pkg/backend/endpoint_resolver.go`
//! (`filterNodesByReadyConditionStatus`), `pkg/k8s/node_utils.go: ExtractNodeInstanceID`,
//! `pkg/networking/node_eni_info_resolver.go` and `networking_manager.go: resolveEndpointSGForENI`.

use super::target_rules::{NodeSelector, Targets};
use super::Builder;
use crate::manifest::{name_of, InputError, Object};
use crate::settings::Settings;
use crate::sg::{tags, Account, AccountSecurityGroup, NetworkInterface};
use k8s_openapi::api::core::v1::Node;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The default node selector's labels that exclude a node whatever their value
/// (`defaultTrafficProxyNodeLabelSelector`).
const EXCLUDING_LABELS: [&str; 3] = [
    "node-role.kubernetes.io/master",
    "node.kubernetes.io/exclude-from-external-load-balancers",
    "alpha.service-controller.kubernetes.io/exclude-balancer",
];
const COMPUTE_TYPE: &str = "eks.amazonaws.com/compute-type";

/// Where rules go, found once per kind of targets.
pub(super) struct Placement<'a> {
    settings: &'a Settings,
    account: &'a Account,
    nodes: &'a [Object<Node>],
    preflight: bool,
    /// SGs the controller also reconciles (GC): the cluster's tagged SGs.
    pub collected: BTreeSet<String>,
    /// Every SG some rule was placed on.
    pub touched: BTreeSet<String>,
    /// No Node objects, no `--node-security-group`, and no instance interface in the account:
    /// the rules that needed the nodes' SGs could not be placed.
    pub nowhere: bool,
    found: HashMap<Targets, Option<BTreeSet<String>>>,
}

impl<'a> Placement<'a> {
    pub fn new(builder: &Builder<'a>) -> Placement<'a> {
        let settings = builder.settings;
        let cluster_tag = tags::node_sg_cluster_tag(&settings.cluster_name);
        let collected = builder
            .account
            .security_groups
            .iter()
            .filter(|group| matches!(group.tags.get(&cluster_tag).map(String::as_str), Some("owned" | "shared")))
            .filter(|group| settings.vpc_id.as_ref().is_none_or(|vpc| &group.vpc_id == vpc))
            .map(|group| group.id.clone())
            .collect();
        Placement {
            settings,
            account: builder.account,
            nodes: &builder.manifests.nodes,
            preflight: builder.preflight,
            collected,
            // Named SGs are reconciled even when no rule is for them.
            touched: settings.node_security_groups.iter().cloned().collect(),
            nowhere: false,
            found: HashMap::new(),
        }
    }

    /// The SGs that receive rules for `targets`; `None` when files cannot tell (a node
    /// selector and no Node objects to match it against).
    pub fn security_groups(&mut self, targets: &Targets) -> Result<Option<&BTreeSet<String>>, InputError> {
        if !self.found.contains_key(targets) {
            let found = self.find(targets)?;
            if let Some(groups) = &found {
                self.touched.extend(groups.iter().cloned());
            }
            self.found.insert(targets.clone(), found);
        }
        Ok(self.found[targets].as_ref())
    }

    fn find(&mut self, targets: &Targets) -> Result<Option<BTreeSet<String>>, InputError> {
        if !self.settings.node_security_groups.is_empty() {
            return Ok(Some(self.settings.node_security_groups.iter().cloned().collect()));
        }
        if self.nodes.is_empty() {
            return match targets {
                Targets::Nodes(Some(_)) => Ok(None),
                Targets::Nodes(None) | Targets::Pods => {
                    let groups = self.every_instance()?;
                    self.nowhere |= groups.is_empty();
                    Ok(Some(groups))
                }
            };
        }
        // Before the account is read, nodes cannot be resolved to interfaces yet.
        if self.preflight {
            return Ok(Some(BTreeSet::new()));
        }
        let chosen: Vec<&Object<Node>> = match targets {
            Targets::Nodes(selector) => self.traffic_proxies(selector.as_ref()),
            Targets::Pods => {
                self.nodes.iter().filter(|node| !matches!(compute_type(node), Some("fargate" | "hybrid"))).collect()
            }
        };
        chosen.into_iter().map(|node| self.node_group(node)).collect::<Result<_, _>>().map(Some)
    }

    /// The nodes an instance target group registers (`ResolveNodePortEndpoints`): the default
    /// selector AND `selector`, without the taints that mark a node as leaving, then the ready
    /// ones, or with none ready and `EndpointsFailOpen`, those whose readiness is unknown.
    fn traffic_proxies(&self, selector: Option<&NodeSelector>) -> Vec<&'a Object<Node>> {
        let selected: Vec<&Object<Node>> = self
            .nodes
            .iter()
            .filter(|node| {
                let labels = labels(node);
                EXCLUDING_LABELS.iter().all(|key| !labels.contains_key(*key))
                    && labels.get(COMPUTE_TYPE).map(String::as_str) != Some("fargate")
                    && selector.is_none_or(|selector| selector.matches(labels))
            })
            .filter(|node| suitable(node))
            .collect();
        let with = |status: &str| -> Vec<&'a Object<Node>> {
            selected.iter().copied().filter(|node| ready(node) == Some(status)).collect()
        };
        let ready_nodes = with("True");
        if ready_nodes.is_empty() && self.settings.feature_gates.endpoints_fail_open {
            return with("Unknown");
        }
        ready_nodes
    }

    /// A node's target SG: its instance (`ExtractNodeInstanceID`), the instance's primary
    /// interface, the interface's SG.
    fn node_group(&self, node: &Object<Node>) -> Result<String, InputError> {
        let name = name_of(&node.value.metadata);
        let error = |message: String| InputError::new(message).at(&node.source).object(format!("Node {name}"));
        let unresolved = || {
            error(format!("cannot resolve node ENI for nodes: [/{name}]"))
                .hint("the node's instance is not in the account (or the snapshot): take the snapshot again with `sgctl state pull`, or drop the Node from the input")
        };
        let provider_id = node.value.spec.as_ref().and_then(|spec| spec.provider_id.as_deref()).unwrap_or("");
        if provider_id.is_empty() {
            return Err(error(format!("providerID is not specified for node: {name}")));
        }
        let last = provider_id.rsplit('/').next().unwrap_or("");
        if let Some(rest) = provider_id.strip_prefix("eks-hybrid://") {
            let id = rest.rsplit('/').next().unwrap_or("");
            if !id.starts_with("mi-") {
                return Err(error(format!(
                    "providerID {provider_id} is invalid for EKS hybrid instances, node: {name}"
                )));
            }
            // Hybrid nodes are skipped when instances are described, so they stay unresolved.
            return Err(unresolved());
        }
        if !last.starts_with("i-") {
            return Err(error(format!("providerID {provider_id} is invalid for EC2 instances, node: {name}")));
        }
        if compute_type(node) == Some("hybrid") {
            return Err(unresolved());
        }
        let interfaces: Vec<&NetworkInterface> =
            self.account.network_interfaces.iter().filter(|eni| eni.instance_id.as_deref() == Some(last)).collect();
        if interfaces.is_empty() {
            return Err(unresolved());
        }
        let primary = interfaces
            .iter()
            .find(|eni| eni.device_index == Some(0))
            .ok_or_else(|| error("[this should never happen] no primary ENI found".into()))?;
        self.interface_group(primary).map_err(|message| message.at(&node.source).object(format!("Node {name}")))
    }

    /// The primary interface of every instance in the account, one SG each.
    fn every_instance(&self) -> Result<BTreeSet<String>, InputError> {
        let primaries = self
            .account
            .network_interfaces
            .iter()
            .filter(|eni| eni.instance_id.is_some() && eni.device_index == Some(0));
        primaries.map(|eni| self.interface_group(eni)).collect()
    }

    /// `resolveEndpointSGForENI`: the interface's only SG, else its one tagged SG.
    fn interface_group(&self, eni: &NetworkInterface) -> Result<String, InputError> {
        let settings = self.settings;
        let cluster_tag = tags::node_sg_cluster_tag(&settings.cluster_name);
        if let [only] = eni.security_groups.as_slice() {
            return Ok(only.clone());
        }
        let tagged: Vec<&String> = eni
            .security_groups
            .iter()
            .filter(|id| {
                self.account.security_group(id).is_some_and(|group| matches_target_tags(group, &cluster_tag, settings))
            })
            .collect();
        if let [only] = tagged.as_slice() {
            return Ok((*only).clone());
        }
        let mut ids: Vec<&str> = tagged.iter().map(|id| id.as_str()).collect();
        ids.sort_unstable();
        let extra = &settings.service_target_eni_security_group_tags;
        let tag_text = if extra.is_empty() {
            cluster_tag.clone()
        } else {
            let pairs: Vec<String> = extra.iter().map(|(k, v)| format!("{k}:{v}")).collect();
            format!("{cluster_tag} and map[{}]", pairs.join(" "))
        };
        Err(InputError::new(format!(
            "expected exactly one securityGroup tagged with {tag_text} for eni {}, got: [{}] (clusterName: {})",
            eni.id,
            ids.join(" "),
            settings.cluster_name
        ))
        .hint("tag exactly one of the node's security groups with kubernetes.io/cluster/<cluster-name>, or pass --node-security-group"))
    }
}

fn labels(node: &Object<Node>) -> &BTreeMap<String, String> {
    static NONE: BTreeMap<String, String> = BTreeMap::new();
    node.value.metadata.labels.as_ref().unwrap_or(&NONE)
}

fn compute_type(node: &Object<Node>) -> Option<&str> {
    labels(node).get(COMPUTE_TYPE).map(String::as_str)
}

/// `IsNodeSuitableAsTrafficProxy`: not being deleted by the cluster autoscaler, not disrupted
/// by Karpenter (`NoSchedule`).
fn suitable(node: &Object<Node>) -> bool {
    let taints = node.value.spec.as_ref().and_then(|spec| spec.taints.as_deref()).unwrap_or_default();
    !taints.iter().any(|taint| {
        taint.key == "ToBeDeletedByClusterAutoscaler"
            || (taint.key == "karpenter.sh/disrupted" && taint.effect == "NoSchedule")
    })
}

/// The status of the node's `Ready` condition.
fn ready(node: &Object<Node>) -> Option<&str> {
    let conditions = node.value.status.as_ref().and_then(|status| status.conditions.as_deref()).unwrap_or_default();
    conditions.iter().find(|condition| condition.type_ == "Ready").map(|condition| condition.status.as_str())
}

fn matches_target_tags(group: &AccountSecurityGroup, cluster_tag: &str, settings: &Settings) -> bool {
    group.tags.contains_key(cluster_tag)
        && settings.service_target_eni_security_group_tags.iter().all(|(key, value)| group.tags.get(key) == Some(value))
}
