//! The state shared by every step of the model while it is built: the inputs, lookups built
//! once so that modelling stays linear, and what has been decided so far; and the small
//! helpers several steps share (tags, rule normalisation, Go's formatting of lists).

use super::target_rules::TargetRule;
use super::{Desired, DesiredGroup, GroupRole, Warning};
use crate::manifest::{name_of, namespace_of, Manifests, Object, PodTemplate, Source};
use crate::settings::Settings;
use crate::sg::{tags, Account, AccountSecurityGroup, GroupRef, Provenance, Rule, Tags};
use k8s_openapi::api::core::v1::Service;
use std::collections::{BTreeMap, HashMap, HashSet};

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
    pub(super) fn new(manifests: &'a Manifests, account: &'a Account) -> Self {
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
    /// Takes what `part`, built beside this builder on the same inputs, decided, after what
    /// this one decided.
    pub(super) fn absorb(&mut self, part: Builder<'a>) {
        // Every field named, so that a field added to `Desired` is not forgotten here.
        let Desired {
            security_groups,
            load_balancers,
            node_rules,
            node_provenance,
            target_groups,
            unresolved,
            keeps_backend,
            warnings,
        } = part.desired;
        self.desired.security_groups.extend(security_groups);
        self.desired.load_balancers.extend(load_balancers);
        self.desired.node_rules.extend(node_rules);
        self.desired.node_provenance.extend(node_provenance);
        self.desired.target_groups.extend(target_groups);
        self.desired.unresolved.extend(unresolved);
        self.desired.keeps_backend |= keeps_backend;
        self.desired.warnings.extend(warnings);
        self.backend_needed |= part.backend_needed;
        self.target_rules.extend(part.target_rules);
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

/// Gives an NLB's frontend group an address of its own when an Ingress group already has
/// it: an implicit IngressGroup and a Service of the same namespace and name share their stack
/// (`ns/name`), yet they are two groups, told apart in the account by their tag keys. The
/// plan, the diff and `explain` know a group by its address, so two groups under one would
/// be mixed up. `service/ns/name` cannot be an IngressGroup's stack (group names have no
/// `/`, implicit groups one). Addresses that do not collide stay as they were.
pub(super) fn address_apart(albs: &[DesiredGroup], nlbs: &mut [DesiredGroup]) {
    let taken: HashSet<&str> = albs.iter().map(|group| group.address.as_str()).collect();
    for group in nlbs {
        if let GroupRole::Frontend { stack, .. } = &group.role {
            if taken.contains(group.address.as_str()) {
                group.address = super::desired::service_frontend_address(stack);
            }
        }
    }
}

/// The auto-created backend SG (`pkg/networking/backend_sg_provider.go`).
pub(super) fn backend_group(settings: &Settings) -> DesiredGroup {
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

/// A managed SG's rule for one listener port from one source CIDR, and the ICMP rule that lets
/// path-MTU discovery through from the same source (type 3 code 4; ICMPv6 type 2 code 0), as
/// the Service and Gateway builders make them (`buildManagedSecurityGroupIngressPermissions`).
pub(crate) fn port_and_path_mtu_rules(protocol: &crate::sg::Protocol, port: i32, cidr: &str) -> (Rule, Rule) {
    use crate::sg::{Peer, Protocol};
    let (peer, path_mtu) = if cidr.contains(':') {
        (Peer::CidrV6(cidr.to_string()), Rule::new(Protocol::Icmpv6, 2, 0, Peer::CidrV6(cidr.to_string())))
    } else {
        (Peer::CidrV4(cidr.to_string()), Rule::new(Protocol::Icmp, 3, 4, Peer::CidrV4(cidr.to_string())))
    };
    (Rule::new(protocol.clone(), port, port, peer), path_mtu)
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
