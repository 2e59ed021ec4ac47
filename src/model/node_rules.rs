//! Target (node) security groups: which SG of each node ENI receives the rules (spec §4.5),
//! and the aggregation of every TargetGroupBinding rule per target SG (spec §4.6), as the
//! controller's networking manager reconciles them. Also the account facts legacy NLB rules
//! need: the cluster VPC's CIDRs and the load balancer's subnets.
//!
//! Mirrors `pkg/networking/networking_manager.go` and `node_eni_info_resolver.go`.

use super::target_rules::{TargetPort, TargetRule};
use super::{Builder, UnresolvedRule};
use crate::manifest::annotations::{Annotations, SERVICE_PREFIX};
use crate::manifest::{InputError, Object, Source};
use crate::settings::Scheme;
use crate::sg::{tags, Account, AccountSecurityGroup, Peer, Protocol, Rule, RuleKey, Subnet};
use foldhash::{HashMap, HashSet, HashSetExt};
use k8s_openapi::api::core::v1::Service;
use std::collections::{BTreeMap, BTreeSet};

/// The description that marks a rule on a target SG as the controller's.
pub const OWNED_RULE_DESCRIPTION: &str = "elbv2.k8s.aws/targetGroupBinding=shared";

/// Places every target rule on its target SGs and aggregates them.
pub fn place(builder: &mut Builder<'_>) -> Result<(), InputError> {
    let rules = std::mem::take(&mut builder.target_rules);
    let targets = target_security_groups(builder, !rules.is_empty())?;
    let restricted = !builder.settings.disable_restricted_sg_rules;
    // Sized up front: a big cluster has tens of thousands of target rules, nearly all known.
    let mut known = Vec::with_capacity(rules.len());
    let mut unknown = Vec::new();
    for rule in rules {
        if matches!(rule.port, TargetPort::Unknown(_)) {
            unknown.push(rule);
        } else {
            known.push(rule);
        }
    }
    // A (protocol, source) with an unknown port has an unknown merged range: none of it is
    // planned, and the diff leaves that source's owned rules alone.
    let uncertain: BTreeSet<(Protocol, Peer)> =
        unknown.iter().map(|rule| (rule.protocol.clone(), rule.peer.clone())).collect();
    let is_uncertain =
        |rule: &TargetRule| !uncertain.is_empty() && uncertain.contains(&(rule.protocol.clone(), rule.peer.clone()));
    for rule in &unknown {
        let TargetPort::Unknown(reason) = &rule.port else { continue };
        builder.desired.unresolved.push(UnresolvedRule {
            protocol: rule.protocol.clone(),
            peer: rule.peer.clone(),
            reason: reason.clone(),
            source: rule.source.clone(),
        });
        builder.warn("unknown-port", reason.clone(), Some(&rule.source));
    }
    let planned: Vec<(usize, Permission<'_>)> = known
        .iter()
        .enumerate()
        .filter(|(_, rule)| !is_uncertain(rule))
        .map(|(position, rule)| (position, Permission::of_target(rule)))
        .collect();
    for rule in known.iter().filter(|rule| is_uncertain(rule)) {
        builder.desired.unresolved.push(UnresolvedRule {
            protocol: rule.protocol.clone(),
            peer: rule.peer.clone(),
            reason: "merged into a port range with an unknown port".into(),
            source: rule.source.clone(),
        });
    }
    let permissions = planned.iter().map(|(_, permission)| *permission);
    let aggregated = if restricted { aggregate_restricted(permissions) } else { distinct(permissions.collect()) };
    if targets.placed.is_empty() && !aggregated.is_empty() {
        builder.warn(
            "node-security-groups-unknown",
            "the node rules cannot be placed: the snapshot has no node network interfaces and no --node-security-group was given; node rules are left out of this plan",
            None,
        );
    }
    // Why each aggregated rule exists: every target rule that went into it. Looked up by
    // rule key (no text built per target rule: a cluster has tens of thousands of them),
    // gathered per aggregated rule and de-duplicated with a set, then keyed by identity.
    // The first pass only notes which target rule's reason goes where, so that the second
    // can move the reasons out of the target rules instead of copying them.
    let exact_index: HashMap<RuleKey<'_>, usize> =
        aggregated.iter().enumerate().map(|(index, rule)| (rule.key(), index)).collect();
    let mut merged_index: BTreeMap<(&Protocol, &Peer), usize> = BTreeMap::new();
    for (index, rule) in aggregated.iter().enumerate() {
        if !matches!(rule.peer, Peer::CidrV4(_) | Peer::CidrV6(_)) {
            merged_index.entry((&rule.protocol, &rule.peer)).or_insert(index);
        }
    }
    let mut seen: HashSet<(usize, &crate::sg::Provenance)> = HashSet::with_capacity(planned.len());
    let mut moves: Vec<(usize, usize)> = Vec::with_capacity(planned.len());
    for (position, permission) in &planned {
        let merged = exact_index
            .get(&permission.key())
            .or_else(|| merged_index.get(&(permission.protocol, permission.peer)))
            .copied();
        if let Some(index) = merged {
            if seen.insert((index, &known[*position].why)) {
                moves.push((index, *position));
            }
        }
    }
    drop(seen);
    drop(planned);
    let mut reasons: Vec<Vec<crate::sg::Provenance>> = vec![Vec::new(); aggregated.len()];
    for (index, position) in moves {
        reasons[index].push(std::mem::take(&mut known[position].why));
    }
    let mut provenance: BTreeMap<String, Vec<crate::sg::Provenance>> = BTreeMap::new();
    for (rule, why) in aggregated.iter().zip(reasons) {
        if !why.is_empty() {
            provenance.entry(rule.identity_text()).or_default().extend(why);
        }
    }
    builder.desired.node_provenance = provenance;
    for group in &targets.placed {
        builder.desired.node_rules.insert(group.clone(), aggregated.clone());
    }
    builder.desired.target_groups = targets.placed.union(&targets.collected).cloned().collect();
    Ok(())
}

#[derive(Debug, Default)]
struct Targets {
    /// SGs that receive the rules.
    placed: BTreeSet<String>,
    /// SGs the controller also reconciles (GC): the cluster's tagged SGs.
    collected: BTreeSet<String>,
}

/// `--node-security-group`, or one SG per primary node ENI chosen as `resolveEndpointSGForENI`.
fn target_security_groups(builder: &Builder<'_>, needed: bool) -> Result<Targets, InputError> {
    let settings = builder.settings;
    let account = builder.account;
    let cluster_tag = tags::node_sg_cluster_tag(&settings.cluster_name);
    let collected = account
        .security_groups
        .iter()
        .filter(|group| matches!(group.tags.get(&cluster_tag).map(String::as_str), Some("owned" | "shared")))
        .filter(|group| settings.vpc_id.as_ref().is_none_or(|vpc| &group.vpc_id == vpc))
        .map(|group| group.id.clone())
        .collect();
    let mut targets = Targets { collected, ..Targets::default() };
    if !settings.node_security_groups.is_empty() {
        targets.placed = settings.node_security_groups.iter().cloned().collect();
        return Ok(targets);
    }
    if !needed {
        return Ok(targets);
    }
    for eni in account.network_interfaces.iter().filter(|eni| eni.instance_id.is_some() && eni.device_index == Some(0))
    {
        if let [only] = eni.security_groups.as_slice() {
            targets.placed.insert(only.clone());
            continue;
        }
        let tagged: Vec<&String> = eni
            .security_groups
            .iter()
            .filter(|id| {
                account.security_group(id).is_some_and(|group| matches_target_tags(group, &cluster_tag, builder))
            })
            .collect();
        match tagged.as_slice() {
            [only] => {
                targets.placed.insert((*only).clone());
            }
            _ => {
                let mut ids: Vec<&str> = tagged.iter().map(|id| id.as_str()).collect();
                ids.sort_unstable();
                let extra = &settings.service_target_eni_security_group_tags;
                let tag_text = if extra.is_empty() {
                    cluster_tag.clone()
                } else {
                    let pairs: Vec<String> = extra.iter().map(|(k, v)| format!("{k}:{v}")).collect();
                    format!("{cluster_tag} and map[{}]", pairs.join(" "))
                };
                return Err(InputError::new(format!(
                    "expected exactly one securityGroup tagged with {tag_text} for eni {}, got: [{}] (clusterName: {})",
                    eni.id,
                    ids.join(" "),
                    settings.cluster_name
                ))
                .hint("tag exactly one of the node's security groups with kubernetes.io/cluster/<cluster-name>, or pass --node-security-group"));
            }
        }
    }
    Ok(targets)
}

fn matches_target_tags(group: &AccountSecurityGroup, cluster_tag: &str, builder: &Builder<'_>) -> bool {
    group.tags.contains_key(cluster_tag)
        && builder
            .settings
            .service_target_eni_security_group_tags
            .iter()
            .all(|(key, value)| group.tags.get(key) == Some(value))
}

/// One target rule as the aggregation sees it: borrowed, its port as a range. The fields
/// are in `Rule`'s order, so permissions sort as the rules they become (every one has the
/// same description, `OWNED_RULE_DESCRIPTION`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Permission<'a> {
    protocol: &'a Protocol,
    from_port: i32,
    to_port: i32,
    peer: &'a Peer,
}

impl<'a> Permission<'a> {
    fn of_target(rule: &'a TargetRule) -> Permission<'a> {
        let (from_port, to_port) = match rule.port {
            TargetPort::Number(port) => (port, port),
            _ => (0, 65535),
        };
        Permission { protocol: &rule.protocol, from_port, to_port, peer: &rule.peer }
    }

    fn key(&self) -> RuleKey<'a> {
        (self.protocol, self.from_port, self.to_port, self.peer.identity())
    }

    fn to_rule(self) -> Rule {
        Rule::new(self.protocol.clone(), self.from_port, self.to_port, self.peer.clone())
            .with_description(OWNED_RULE_DESCRIPTION)
    }
}

/// The permissions as rules, sorted, one per rule key (`normalise_rules`, copying only the
/// rules that remain).
fn distinct(mut permissions: Vec<Permission<'_>>) -> Vec<Rule> {
    permissions.sort_unstable();
    permissions.dedup_by(|a, b| a.key() == b.key());
    permissions.into_iter().map(Permission::to_rule).collect()
}

/// `computeRestrictedIngressPermissionsPerSG`: CIDR rules kept one by one; the rest grouped
/// by (protocol, source SG) into one rule spanning the lowest to the highest port.
fn aggregate_restricted<'a>(permissions: impl Iterator<Item = Permission<'a>>) -> Vec<Rule> {
    let mut kept = Vec::new();
    let mut ranges: BTreeMap<(&Protocol, &Peer), (i32, i32)> = BTreeMap::new();
    for permission in permissions {
        if matches!(permission.peer, Peer::CidrV4(_) | Peer::CidrV6(_)) {
            kept.push(permission);
            continue;
        }
        let unset = permission.from_port == 0 && permission.to_port == 0;
        let range =
            ranges.entry((permission.protocol, permission.peer)).or_insert((permission.from_port, permission.to_port));
        range.0 = range.0.min(permission.from_port);
        range.1 = range.1.max(permission.to_port);
        if unset {
            *range = (0, 65535);
        }
    }
    kept.extend(ranges.into_iter().map(|((protocol, peer), (from_port, to_port))| Permission {
        protocol,
        from_port,
        to_port,
        peer,
    }));
    distinct(kept)
}

/// The cluster VPC: `--vpc-id`, or the snapshot's only VPC.
pub fn cluster_vpc<'a>(builder: &Builder<'a>, source: &Source) -> Result<&'a crate::sg::Vpc, InputError> {
    let account: &'a Account = builder.account;
    let found = match &builder.settings.vpc_id {
        Some(id) => account.vpcs.iter().find(|vpc| &vpc.id == id),
        None if account.vpcs.len() == 1 => account.vpcs.first(),
        None => None,
    };
    found.ok_or_else(|| {
        InputError::new(format!(
            "cannot determine the cluster VPC (the snapshot has {} VPCs{})",
            account.vpcs.len(),
            builder.settings.vpc_id.as_ref().map(|id| format!(", none is {id}")).unwrap_or_default()
        ))
        .at(source)
        .hint("pass --vpc-id, and include the VPC with its CIDRs in the snapshot")
    })
}

/// The VPC's associated IPv4 (or IPv6) CIDRs (`vpc_info_provider.go: AssociatedIPv4CIDRs`).
pub fn vpc_cidrs(builder: &Builder<'_>, source: &Source, ipv6: bool) -> Result<Vec<String>, InputError> {
    if builder.preflight {
        return Ok(Vec::new());
    }
    let vpc = cluster_vpc(builder, source)?;
    Ok(if ipv6 { vpc.cidrs_ipv6.clone() } else { vpc.cidrs_ipv4.clone() })
}

/// IPv4 (or, for IPv6 target groups, IPv6) CIDRs of the NLB's subnets: the
/// `aws-load-balancer-subnets` annotation (ids or Name tags), else the controller's
/// tag-based discovery, one subnet per availability zone.
pub fn load_balancer_subnet_cidrs(
    builder: &Builder<'_>,
    service: &Object<Service>,
    scheme: Scheme,
    ipv6: bool,
) -> Result<Vec<String>, InputError> {
    if builder.preflight {
        return Ok(Vec::new());
    }
    let vpc = cluster_vpc(builder, &service.source)?;
    let in_vpc: Vec<&Subnet> = builder.account.subnets.iter().filter(|subnet| subnet.vpc_id == vpc.id).collect();
    let annotations = Annotations::new(service.value.metadata.annotations.as_ref(), SERVICE_PREFIX);
    let chosen: Vec<&Subnet> = match annotations.string_list("aws-load-balancer-subnets") {
        Some(tokens) => {
            let mut chosen = Vec::new();
            for token in &tokens {
                let found: Vec<&Subnet> = in_vpc
                    .iter()
                    .copied()
                    .filter(|subnet| {
                        if token.starts_with("subnet-") {
                            &subnet.id == token
                        } else {
                            subnet.tags.get("Name") == Some(token)
                        }
                    })
                    .collect();
                if found.is_empty() {
                    return Err(InputError::new(format!(
                        "couldn't find all subnets, subnet {token} not found in VPC {}",
                        vpc.id
                    ))
                    .at(&service.source)
                    .annotation(annotations.key("aws-load-balancer-subnets"))
                    .hint("the snapshot must list the subnet"));
                }
                chosen.extend(found);
            }
            chosen
        }
        None => discover_subnets(builder, &in_vpc, scheme),
    };
    if chosen.is_empty() {
        return Err(InputError::new(format!(
            "unable to resolve at least one subnet for the load balancer (no subnet of VPC {} is tagged {})",
            vpc.id,
            role_tag(scheme)
        ))
        .at(&service.source)
        .hint("tag the subnets for load balancers, or set service.beta.kubernetes.io/aws-load-balancer-subnets"));
    }
    let mut cidrs: Vec<String> = chosen
        .iter()
        .filter_map(|subnet| if ipv6 { subnet.cidr_ipv6.clone() } else { subnet.cidr_ipv4.clone() })
        .collect();
    cidrs.sort();
    cidrs.dedup();
    Ok(cidrs)
}

fn role_tag(scheme: Scheme) -> &'static str {
    match scheme {
        Scheme::Internal => "kubernetes.io/role/internal-elb",
        Scheme::InternetFacing => "kubernetes.io/role/elb",
    }
}

/// Subnets tagged for the scheme's role and not tagged for another cluster, one per AZ
/// (those tagged for this cluster first, then by id).
fn discover_subnets<'a>(builder: &Builder<'_>, subnets: &[&'a Subnet], scheme: Scheme) -> Vec<&'a Subnet> {
    let own_tag = tags::node_sg_cluster_tag(&builder.settings.cluster_name);
    let mut candidates: Vec<&Subnet> = subnets
        .iter()
        .copied()
        .filter(|subnet| matches!(subnet.tags.get(role_tag(scheme)).map(String::as_str), Some("" | "1")))
        .filter(|subnet| !subnet.tags.keys().any(|key| key.starts_with("kubernetes.io/cluster/") && *key != own_tag))
        .collect();
    candidates.sort_by_key(|subnet| (!subnet.tags.contains_key(&own_tag), subnet.id.clone()));
    let mut seen_zones = BTreeSet::new();
    candidates
        .retain(|subnet| seen_zones.insert(subnet.availability_zone.clone().unwrap_or_else(|| subnet.id.clone())));
    candidates
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sg::GroupRef;

    fn from_backend(protocol: Protocol, from: i32, to: i32) -> Rule {
        Rule::new(protocol, from, to, Peer::Group(GroupRef::by_id("sg-1")))
    }

    fn aggregated(rules: &[Rule]) -> Vec<Rule> {
        aggregate_restricted(rules.iter().map(|rule| Permission {
            protocol: &rule.protocol,
            from_port: rule.from_port,
            to_port: rule.to_port,
            peer: &rule.peer,
        }))
    }

    // The controller's own example (spec §4.6).
    #[test]
    fn merges_ranges_per_protocol_and_source() {
        let merged = aggregated(&[
            from_backend(Protocol::Tcp, 80, 8080),
            from_backend(Protocol::Tcp, 30, 8080),
            from_backend(Protocol::Udp, 8443, 8443),
            from_backend(Protocol::Udp, 8080, 8080),
        ]);
        let text: Vec<String> = merged.iter().map(ToString::to_string).collect();
        assert_eq!(text, vec!["tcp 30-8080 from sg-1", "udp 8080-8443 from sg-1"]);
    }

    #[test]
    fn keeps_cidr_rules_one_by_one() {
        let cidr = |port| Rule::new(Protocol::Tcp, port, port, Peer::CidrV4("10.0.0.0/16".into()));
        assert_eq!(aggregated(&[cidr(80), cidr(443), cidr(80)]).len(), 2);
    }
}
