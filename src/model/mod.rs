//! Desired state: what the controller would create for the manifests. One managed
//! frontend SG per ALB IngressGroup and per NLB Service, the shared backend SG, each load
//! balancer's SG list, and the aggregated rules on node (target) SGs.
//!
//! Pure and synchronous. Reads the manifests, the settings, and account facts that files
//! cannot give (node ENIs, subnets, VPC CIDRs, custom SGs). Mirrors the controller's
//! `pkg/ingress/model_build_*.go`, `pkg/service/model_build_*.go`, and
//! `pkg/networking/networking_manager.go`.

mod alb;
mod coordination;
mod custom_groups;
mod ingress_class;
mod nlb;
mod node_rules;
mod ports;
mod prefix_lists;
mod target_rules;

use crate::manifest::{name_of, namespace_of, InputError, Manifests, Object, PodTemplate, Source};
use crate::settings::{Scheme, Settings};
use crate::sg::{tags, Account, AccountSecurityGroup, GroupRef, Provenance, Rule, Tags};
use foldhash::HashMap;
use k8s_openapi::api::core::v1::Service;
use std::collections::BTreeMap;

pub use custom_groups::referenced_groups;
pub use prefix_lists::referenced_prefix_lists;
pub use target_rules::{TargetPort, TargetRule};

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

/// The SGs the controller would attach to one load balancer, in its order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadBalancer {
    pub kind: LbKind,
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
    /// Aggregated inbound rules per target SG id (spec §4.6).
    pub node_rules: BTreeMap<String, Vec<Rule>>,
    /// Why each node rule exists (the same on every target SG), by `Rule::identity_text`.
    pub node_provenance: BTreeMap<String, Vec<Provenance>>,
    /// Target SGs the rules were placed on (whether or not any rule landed there).
    pub target_groups: Vec<String>,
    /// Target rules with unknown ports, per target SG id ("" when no target SG is known).
    pub unresolved: Vec<UnresolvedRule>,
    /// True when some load balancer of the controller remains in the input, which keeps an
    /// existing backend SG alive even when no load balancer uses it (spec §6).
    pub keeps_backend: bool,
    pub warnings: Vec<Warning>,
}

/// The backend SG as load balancers and target rules refer to it.
pub(crate) fn backend_ref(settings: &Settings) -> GroupRef {
    match &settings.backend_security_group {
        Some(id) => GroupRef::by_id(id.clone()),
        None => GroupRef::by_name(crate::sg::naming::backend_sg_name(&settings.cluster_name)),
    }
}

/// Lookups built once, so that modelling stays linear in the input.
#[derive(Debug, Default)]
pub(crate) struct Index<'a> {
    /// Services by (namespace, name).
    pub services: HashMap<(&'a str, &'a str), &'a Object<Service>>,
    /// Pod templates by namespace.
    pub pod_templates: HashMap<&'a str, Vec<&'a PodTemplate>>,
    /// Account groups by their `Name` tag.
    pub groups_by_name_tag: HashMap<&'a str, Vec<&'a AccountSecurityGroup>>,
}

impl<'a> Index<'a> {
    fn new(manifests: &'a Manifests, account: &'a Account) -> Self {
        let mut index = Index::default();
        for service in &manifests.services {
            let metadata = &service.value.metadata;
            index.services.entry((namespace_of(metadata), name_of(metadata))).or_insert(service);
        }
        for template in &manifests.pod_templates {
            index.pod_templates.entry(template.value.namespace.as_str()).or_default().push(&template.value);
        }
        for group in &account.security_groups {
            if let Some(name) = group.tags.get("Name") {
                index.groups_by_name_tag.entry(name.as_str()).or_default().push(group);
            }
        }
        index
    }
}

/// Shared state while building: settings, account facts, and what has been decided.
#[derive(Debug)]
pub(crate) struct Builder<'a> {
    pub settings: &'a Settings,
    pub account: &'a Account,
    pub manifests: &'a Manifests,
    pub index: &'a Index<'a>,
    /// `backend_ref`, computed once (its name is a hash, and every load balancer uses it).
    pub backend: GroupRef,
    pub desired: Desired,
    pub backend_needed: bool,
    pub target_rules: Vec<TargetRule>,
    /// Checking the manifests alone, before the account is read: the checks that need the
    /// account (custom SGs exist, VPC and subnet CIDRs) are skipped.
    pub preflight: bool,
}

impl<'a> Builder<'a> {
    /// An empty builder over the same inputs, for work done apart and absorbed after.
    fn fresh(&self) -> Builder<'a> {
        Builder {
            settings: self.settings,
            account: self.account,
            manifests: self.manifests,
            index: self.index,
            backend: self.backend.clone(),
            desired: Desired::default(),
            backend_needed: false,
            target_rules: Vec::new(),
            preflight: self.preflight,
        }
    }

    /// Takes in what another builder built after this one (the NLBs after the ALBs, the
    /// later half of the ALBs after the first).
    fn absorb(&mut self, later: Builder<'_>) {
        let Desired {
            security_groups,
            load_balancers,
            keeps_backend,
            warnings,
            node_rules,
            node_provenance,
            target_groups,
            unresolved,
        } = later.desired;
        // Node rules are placed after both, from the target rules.
        debug_assert!(
            node_rules.is_empty() && node_provenance.is_empty() && target_groups.is_empty() && unresolved.is_empty()
        );
        self.desired.security_groups.extend(security_groups);
        self.desired.load_balancers.extend(load_balancers);
        self.desired.keeps_backend |= keeps_backend;
        self.desired.warnings.extend(warnings);
        self.backend_needed |= later.backend_needed;
        self.target_rules.extend(later.target_rules);
    }

    pub fn warn(&mut self, code: &'static str, message: impl Into<String>, source: Option<&Source>) {
        self.desired.warnings.push(Warning { code, message: message.into(), source: source.cloned() });
    }

    /// Canonical CIDR text; warns when host bits were set (accepted, as the controller does).
    pub fn canonical_cidr(&mut self, cidr: &crate::sg::Cidr, raw: &str, source: &Source) -> String {
        let canonical = cidr.to_string();
        if cidr.had_host_bits {
            self.warn(
                "cidr-host-bits",
                format!("CIDR {raw} has host bits set; EC2 stores it as {canonical}"),
                Some(source),
            );
        }
        canonical
    }
}

/// Builds the desired state. Fails on the first input the controller would reject.
pub fn build(manifests: &Manifests, settings: &Settings, account: &Account) -> Result<Desired, InputError> {
    build_with(manifests, settings, account, false)
}

/// Every error the manifests alone can cause, before any AWS call: bad input must never
/// reach the account (fail closed). Linear, like `build`.
pub fn preflight(manifests: &Manifests, settings: &Settings) -> Result<(), InputError> {
    build_with(manifests, settings, &Account::default(), true).map(|_| ())
}

fn build_with(
    manifests: &Manifests,
    settings: &Settings,
    account: &Account,
    preflight: bool,
) -> Result<Desired, InputError> {
    let index = Index::new(manifests, account);
    let backend = backend_ref(settings);
    let mut builder = Builder {
        settings,
        account,
        manifests,
        index: &index,
        backend,
        desired: Desired::default(),
        backend_needed: false,
        target_rules: Vec::new(),
        preflight,
    };
    // ALBs and NLBs are independent (each only adds groups, load balancers, target rules
    // and warnings), so they are built on two cores and merged ALBs first: the same desired
    // state, and the same first error, as building them one after the other.
    let mut nlbs = builder.fresh();
    let (albs_built, nlbs_built) = std::thread::scope(|scope| {
        let nlbs_built = scope.spawn(|| crate::pipeline::timed("model: NLBs", || nlb::build_all(&mut nlbs)));
        let albs_built = crate::pipeline::timed("model: ALBs", || alb::build_all(&mut builder));
        (albs_built, nlbs_built.join().expect("the NLB model does not panic"))
    });
    albs_built?;
    nlbs_built?;
    address_apart(&builder.desired.security_groups, &mut nlbs.desired.security_groups);
    builder.absorb(nlbs);
    if builder.backend_needed && settings.backend_security_group.is_none() {
        builder.desired.security_groups.push(backend_group(settings));
    }
    crate::pipeline::timed("model: node rules", || node_rules::place(&mut builder))?;
    let mut desired = builder.desired;
    desired.security_groups.sort_by(|a, b| a.address.cmp(&b.address));
    desired.load_balancers.sort_by(|a, b| (a.kind, &a.stack).cmp(&(b.kind, &b.stack)));
    desired.unresolved.sort();
    desired.unresolved.dedup();
    desired.warnings.sort();
    desired.warnings.dedup();
    Ok(desired)
}

/// The plan address of a frontend group: `security_group.frontend["<stack>"]`.
pub(crate) fn frontend_address(stack: &str) -> String {
    format!("security_group.frontend[\"{stack}\"]")
}

/// The address of an NLB's frontend group whose plain address an Ingress group has.
pub(crate) fn service_frontend_address(stack: &str) -> String {
    frontend_address(&format!("service/{stack}"))
}

/// Gives an NLB's frontend group an address of its own when an Ingress group already has
/// it: an implicit IngressGroup and a Service of the same namespace and name share their stack
/// (`ns/name`), yet they are two groups, told apart in the account by their tag keys. The
/// plan, the diff and `explain` know a group by its address, so two groups under one would
/// be mixed up. `service/ns/name` cannot be an IngressGroup's stack (group names have no
/// `/`, implicit groups one). Addresses that do not collide stay as they were.
fn address_apart(albs: &[DesiredGroup], nlbs: &mut [DesiredGroup]) {
    let taken: foldhash::HashSet<&str> = albs.iter().map(|group| group.address.as_str()).collect();
    for group in nlbs {
        if let GroupRole::Frontend { stack, .. } = &group.role {
            if taken.contains(group.address.as_str()) {
                group.address = service_frontend_address(stack);
            }
        }
    }
}

/// The auto-created backend SG (spec §3).
fn backend_group(settings: &Settings) -> DesiredGroup {
    let mut group_tags = settings.default_tags.clone();
    group_tags.insert(tags::CLUSTER.into(), settings.cluster_name.clone());
    group_tags.insert(tags::ELBV2_RESOURCE.into(), tags::BACKEND_SG.into());
    DesiredGroup {
        address: "security_group.backend".into(),
        role: GroupRole::Backend,
        name: crate::sg::naming::backend_sg_name(&settings.cluster_name),
        description: "[k8s] Shared Backend SecurityGroup for LoadBalancer".into(),
        tags: group_tags,
        ingress: Vec::new(),
        source: None,
        provenance: BTreeMap::new(),
    }
}

/// Rules with their provenance → the sorted, de-duplicated rules and the provenance map.
/// The provenance is moved into the map, not copied (three strings per rule, on every
/// load balancer of a big cluster).
pub(crate) fn with_provenance(rules: Vec<(Rule, Provenance)>) -> (Vec<Rule>, BTreeMap<String, Vec<Provenance>>) {
    let mut provenance: BTreeMap<String, Vec<Provenance>> = BTreeMap::new();
    let mut plain = Vec::with_capacity(rules.len());
    for (rule, why) in rules {
        let entry = provenance.entry(rule.identity_text()).or_default();
        if !entry.contains(&why) {
            entry.push(why);
        }
        plain.push(rule);
    }
    (normalise_rules(plain), provenance)
}

/// The managed SG's tags: stack tags, then the resource tag, then the user's tags, earlier
/// maps winning (`tracking/provider.go: ResourceTags`).
pub(crate) fn managed_group_tags(
    settings: &Settings,
    stack_key: &'static str,
    resource_key: &'static str,
    stack: &str,
    user_tags: &Tags,
) -> Tags {
    let mut result = Tags::new();
    let spec_tags = if settings.feature_gates.enable_default_tags_low_priority {
        merge_first_wins(user_tags, &settings.default_tags)
    } else {
        merge_first_wins(&settings.default_tags, user_tags)
    };
    result.extend(spec_tags);
    result.insert(resource_key.into(), tags::MANAGED_LB_SG.into());
    result.insert(tags::CLUSTER.into(), settings.cluster_name.clone());
    result.insert(stack_key.into(), stack.to_string());
    result
}

/// `algorithm.MergeStringMap`: the first map's value wins on a shared key.
pub(crate) fn merge_first_wins(first: &Tags, second: &Tags) -> Tags {
    let mut merged = second.clone();
    merged.extend(first.iter().map(|(k, v)| (k.clone(), v.clone())));
    merged
}

/// Sorts and de-duplicates rules by identity (the controller de-duplicates by hash code).
pub(crate) fn normalise_rules(mut rules: Vec<Rule>) -> Vec<Rule> {
    rules.sort();
    rules.dedup_by(|a, b| a.key() == b.key());
    rules
}

/// Go's `%v` of a string slice: `[a b]`.
pub(crate) fn go_list(items: &[String]) -> String {
    format!("[{}]", items.join(" "))
}
