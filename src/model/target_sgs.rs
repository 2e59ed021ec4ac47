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

use super::target_rules::{LabelSet, PodSelection, Targets};
use super::Builder;
use crate::manifest::{name_of, namespace_of, InputError, Manifests, Object, PodTemplate};
use crate::settings::Settings;
use crate::sg::{tags, Account, AccountSecurityGroup, NetworkInterface};
use k8s_openapi::api::core::v1::Node;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// The default node selector's labels that exclude a node whatever their value
/// (`defaultTrafficProxyNodeLabelSelector`).
const EXCLUDING_LABELS: [&str; 3] = [
    "node-role.kubernetes.io/master",
    "node.kubernetes.io/exclude-from-external-load-balancers",
    "alpha.service-controller.kubernetes.io/exclude-balancer",
];
const COMPUTE_TYPE: &str = "eks.amazonaws.com/compute-type";

/// Target SGs, each with why a target group's rules land there.
pub(super) type Groups = BTreeMap<String, String>;

/// Where rules go, found once per kind of targets.
pub(super) struct Placement<'a> {
    settings: &'a Settings,
    account: &'a Account,
    nodes: &'a [Object<Node>],
    manifests: &'a Manifests,
    preflight: bool,
    /// SGs the controller also reconciles (GC): the cluster's tagged SGs.
    pub collected: BTreeSet<String>,
    /// Every SG some rule was placed on.
    pub touched: BTreeSet<String>,
    /// No Node objects, no `--node-security-group`, and no instance interface in the account:
    /// the rules that needed the nodes' SGs could not be placed.
    pub nowhere: bool,
    /// Each kind of targets once, by the index of its SGs in `placed`.
    found: HashMap<Arc<Targets>, Option<usize>>,
    placed: Vec<Groups>,
    /// `Targets::Pods(None)`, which stands for every Service's pods when they cannot differ.
    any_pods: Arc<Targets>,
    /// The workloads (pod templates and Pods) of each namespace.
    workloads: HashMap<&'a str, Vec<&'a Object<PodTemplate>>>,
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
            manifests: builder.manifests,
            preflight: builder.preflight,
            collected,
            // Named SGs are reconciled even when no rule is for them.
            touched: settings.node_security_groups.iter().cloned().collect(),
            nowhere: false,
            found: HashMap::new(),
            placed: Vec::new(),
            any_pods: Arc::new(Targets::Pods(None)),
            workloads: HashMap::new(),
        }
    }

    /// Where the SGs that receive rules for `targets` are (`groups(index)`), each with why the
    /// rules land there (empty when there is nothing to say beyond the rule's own reason);
    /// `None` when files cannot tell (a node selector and no Node objects to match it against).
    pub fn find_index(&mut self, targets: &Arc<Targets>) -> Result<Option<usize>, InputError> {
        // Without SecurityGroupPolicies and Node objects every Service's pods are on the same
        // interfaces: one answer serves them all instead of one per ip-target Service (placing
        // the 20,000-object benchmark's rules 20 ms → 15 ms).
        if matches!(targets.as_ref(), Targets::Pods(Some(_)))
            && self.manifests.security_group_policies.is_empty()
            && self.nodes.is_empty()
        {
            let any_pods = Arc::clone(&self.any_pods);
            return self.find_index(&any_pods);
        }
        if let Some(found) = self.found.get(targets) {
            return Ok(*found);
        }
        let found = match self.find(targets)? {
            Some(groups) => {
                self.touched.extend(groups.keys().cloned());
                self.placed.push(groups);
                Some(self.placed.len() - 1)
            }
            None => None,
        };
        self.found.insert(targets.clone(), found);
        Ok(found)
    }

    /// The SGs found for `find_index`'s answer.
    pub fn groups(&self, index: usize) -> &Groups {
        &self.placed[index]
    }

    fn find(&mut self, targets: &Targets) -> Result<Option<Groups>, InputError> {
        if !self.settings.node_security_groups.is_empty() {
            return Ok(Some(self.settings.node_security_groups.iter().map(|id| (id.clone(), String::new())).collect()));
        }
        match targets {
            Targets::Nodes(Some(_)) if self.nodes.is_empty() => Ok(None),
            Targets::Nodes(selector) => {
                let chosen_by = match selector {
                    Some(selector) => format!("the default node selector and {}", selector.text()),
                    None => "the default node selector".to_string(),
                };
                self.node_groups(&chosen_by, |placement| placement.traffic_proxies(selector.as_ref()))
            }
            Targets::Pods(pods) => self.pod_groups(pods.as_ref()),
        }
    }

    /// The target SGs of some nodes, each with the nodes that put it there; without Node
    /// objects, of every instance.
    fn node_groups(
        &mut self,
        chosen_by: &str,
        chosen: impl FnOnce(&Self) -> Vec<&'a Object<Node>>,
    ) -> Result<Option<Groups>, InputError> {
        if self.nodes.is_empty() {
            let groups = self.every_instance()?;
            self.nowhere |= groups.is_empty();
            return Ok(Some(groups.into_iter().map(|id| (id, String::new())).collect()));
        }
        // Before the account is read, nodes cannot be resolved to interfaces yet.
        if self.preflight {
            return Ok(Some(Groups::new()));
        }
        let mut by_group: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for node in chosen(self) {
            by_group.entry(self.node_group(node)?).or_default().push(name_of(&node.value.metadata));
        }
        Ok(Some(
            by_group
                .into_iter()
                .map(|(group, mut nodes)| {
                    nodes.sort_unstable();
                    let more = nodes.len().saturating_sub(3);
                    nodes.truncate(3);
                    let more = if more > 0 { format!(" and {more} more") } else { String::new() };
                    (group, format!("on node {}{more} ({chosen_by})", nodes.join(", ")))
                })
                .collect(),
        ))
    }

    /// The target SGs of a Service's pods: for each workload whose pods it selects, the
    /// branch ENI's SG when SecurityGroupPolicies give its pods SGs, else the nodes' SGs
    /// (pods may run on any node that is neither Fargate nor hybrid).
    /// `None` when some of them run on Fargate, whose pod ENIs carry their own SGs and are
    /// found by the pod's IP (`resolveViaVPCENIs`), which files cannot resolve. Pods on
    /// hybrid nodes have no ENI and are skipped, as the controller skips them.
    fn pod_groups(&mut self, pods: Option<&PodSelection>) -> Result<Option<Groups>, InputError> {
        let on_nodes = |placement: &mut Self| {
            let groups = placement.node_groups(
                "ip targets: pods may run on any node but Fargate and hybrid ones",
                |placement| {
                    placement
                        .nodes
                        .iter()
                        .filter(|node| !matches!(compute_type(node), Some("fargate" | "hybrid")))
                        .collect()
                },
            )?;
            Ok::<_, InputError>(groups.unwrap_or_default())
        };
        let Some(pods) = pods else { return on_nodes(self).map(Some) };
        if self.workloads.is_empty() {
            // By namespace, built once: a scan of every workload per ip-target Service would make
            // modelling quadratic in the cluster's size (docs/development.md).
            for template in &self.manifests.pod_templates {
                self.workloads.entry(template.value.namespace.as_str()).or_default().push(template);
            }
        }
        let in_namespace = self.workloads.get(pods.namespace.as_str()).map(Vec::as_slice).unwrap_or_default();
        let workloads: Vec<&Object<PodTemplate>> = in_namespace
            .iter()
            .copied()
            .filter(|t| pods.selector.iter().all(|(k, v)| t.value.labels.get(k) == Some(v)))
            .collect();
        let mut groups = Groups::new();
        let mut any_on_nodes = workloads.is_empty();
        for workload in workloads {
            let node = workload
                .value
                .node_name
                .as_deref()
                .and_then(|name| self.nodes.iter().find(|node| name_of(&node.value.metadata) == name));
            match node.and_then(|node| compute_type(node)) {
                Some("fargate") => return Ok(None),
                Some("hybrid") => continue,
                _ => {}
            }
            let (policies, policy_groups) = self.policy_groups(&workload.value);
            if policy_groups.is_empty() {
                any_on_nodes = true;
                continue;
            }
            if self.preflight {
                continue;
            }
            let eni = format!("<branch ENI of {}>", workload.value.owner);
            let chosen = self
                .choose_group(&eni, &policy_groups, true)
                .map_err(|error| error.at(&workload.source).object(workload.value.owner.clone()))?;
            let why = format!(
                "on the pods of {}: SecurityGroupPolicy {} give their branch ENIs [{}]",
                workload.value.owner,
                policies.join(", "),
                policy_groups.join(" ")
            );
            let known = groups.entry(chosen).or_default();
            *known = if known.is_empty() { why } else { format!("{known}; {why}") };
        }
        if any_on_nodes {
            for (group, why) in on_nodes(self)? {
                groups.entry(group).or_insert(why);
            }
        }
        Ok(Some(groups))
    }

    /// The SGs the SecurityGroupPolicies of its namespace give a workload's pods: every policy
    /// with a selector and SGs whose selectors all match (the pod's labels, its
    /// ServiceAccount's labels), their SGs in order, each once
    /// (`GetMatchingSecurityGroupForPods`). Host-network pods are never matched.
    fn policy_groups(&self, pod: &PodTemplate) -> (Vec<String>, Vec<String>) {
        if pod.host_network {
            return (Vec::new(), Vec::new());
        }
        let account_labels = self
            .manifests
            .service_accounts
            .iter()
            .find(|account| {
                namespace_of(&account.value.metadata) == pod.namespace
                    && name_of(&account.value.metadata) == pod.service_account
            })
            .and_then(|account| account.value.metadata.labels.clone())
            .unwrap_or_default();
        let matches = |selector: &Option<LabelSelector>, labels: &BTreeMap<String, String>| {
            selector.as_ref().is_none_or(|selector| LabelSet::from_label_selector(selector).matches(labels))
        };
        let (mut policies, mut groups): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
        for policy in &self.manifests.security_group_policies {
            let spec = &policy.value.spec;
            let selects = spec.pod_selector.is_some() || spec.service_account_selector.is_some();
            if namespace_of(&policy.value.metadata) != pod.namespace
                || !selects
                || spec.security_groups.group_ids.is_empty()
            {
                continue;
            }
            if matches(&spec.pod_selector, &pod.labels) && matches(&spec.service_account_selector, &account_labels) {
                policies.push(crate::manifest::namespaced_name(&policy.value.metadata));
                for id in &spec.security_groups.group_ids {
                    if !groups.contains(id) {
                        groups.push(id.clone());
                    }
                }
            }
        }
        (policies, groups)
    }

    /// The nodes an instance target group registers (`ResolveNodePortEndpoints`): the default
    /// selector AND `selector`, without the taints that mark a node as leaving, then the ready
    /// ones, or with none ready and `EndpointsFailOpen`, those whose readiness is unknown.
    fn traffic_proxies(&self, selector: Option<&LabelSet>) -> Vec<&'a Object<Node>> {
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
        self.choose_group(&primary.id, &primary.security_groups, false)
            .map_err(|message| message.at(&node.source).object(format!("Node {name}")))
    }

    /// The primary interface of every instance in the account, one SG each.
    fn every_instance(&self) -> Result<BTreeSet<String>, InputError> {
        let primaries = self
            .account
            .network_interfaces
            .iter()
            .filter(|eni| eni.instance_id.is_some() && eni.device_index == Some(0));
        primaries.map(|eni| self.choose_group(&eni.id, &eni.security_groups, false)).collect()
    }

    /// `resolveEndpointSGForENI`: the interface's only SG, else its one tagged SG. With
    /// `described`, the SGs must be in the account, as `FetchSGInfosByID` reads them (a
    /// branch ENI's SGs come from a policy, not from the account).
    fn choose_group(&self, eni: &str, security_groups: &[String], described: bool) -> Result<String, InputError> {
        let settings = self.settings;
        let cluster_tag = tags::node_sg_cluster_tag(&settings.cluster_name);
        if let [only] = security_groups {
            return Ok(only.clone());
        }
        if described {
            let missing: Vec<&str> = security_groups
                .iter()
                .filter(|id| self.account.security_group(id).is_none())
                .map(String::as_str)
                .collect();
            if !missing.is_empty() {
                return Err(InputError::new(format!("couldn't fetch SecurityGroupInfos: [{}]", missing.join(" ")))
                    .hint("the SecurityGroupPolicy's groups must exist in the account (and in the snapshot given with --state)"));
            }
        }
        let tagged: Vec<&String> = security_groups
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
        let whose = if described { "the SecurityGroupPolicy's groups" } else { "the node's security groups" };
        Err(InputError::new(format!(
            "expected exactly one securityGroup tagged with {tag_text} for eni {eni}, got: [{}] (clusterName: {})",
            ids.join(" "),
            settings.cluster_name
        ))
        .hint(format!(
            "tag exactly one of {whose} with kubernetes.io/cluster/<cluster-name>, or pass --node-security-group"
        )))
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
