//! Findings: warnings with stable codes that reviewers can gate on (`--fail-on CODE`), about
//! what a plan opens and whether AWS will accept it. Computed from the plan's desired state
//! and the account; pure. `docs/findings.md` explains each code and how to fix it.
//!
//! | code | when |
//! | --- | --- |
//! | `quota-rules-per-group` | a group would hold more than 60 inbound rules of one IP family (a prefix list weighs its maximum entries) |
//! | `quota-prefix-list-unknown` | a group references a prefix list whose maximum entries are unknown (counted as one) |
//! | `quota-groups-per-interface` | a load balancer would carry more than 5 groups |
//! | `quota-rules-times-groups` | a load balancer's groups would hold more than 1,000 rules together |
//! | `world-open-risky-port` | `0.0.0.0/0` or `::/0` reaches SSH, RDP, a database port, or every port |
//! | `world-open-expected` | the world reaches 80/443 of an internet-facing ALB: expected, listed for the record |
//! | `internal-open-to-world` | an internal load balancer's group admits `0.0.0.0/0` or `::/0` (the controller's default) |
//! | `wide-port-range` | a merged node rule opens more than 100 ports (`tcp 30080-32500 (2421 ports)`) |
//! | `foreign-backend-source` | a node rule labelled as the controller's comes from another cluster's backend SG |

use super::Plan;
use crate::model::{LbKind, ObjectKind, Warning};
use crate::settings::Scheme;
use crate::sg::{tags, Account, GroupRef, Peer, Protocol, Rule};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Every code, for `--fail-on` validation and the docs.
pub const CODES: &[&str] = &[
    "quota-rules-per-group",
    "quota-prefix-list-unknown",
    "quota-groups-per-interface",
    "quota-rules-times-groups",
    "world-open-risky-port",
    "world-open-expected",
    "internal-open-to-world",
    "wide-port-range",
    "foreign-backend-source",
    // Raised while modelling:
    "custom-sg-unmanaged-backend",
    "unknown-port",
    "cidr-host-bits",
    "service-uid-missing",
    "ingress-class-assumed",
    "node-security-groups-unknown",
    "node-security-groups-assumed",
    "node-security-group-not-in-snapshot",
    "feature-gate-ignored",
    "backend-service-missing",
    "backend-action-missing",
    "tgb-service-missing",
    "target-nodes-unknown",
    "service-class-assumed",
    "service-not-handled",
    "ingress-not-handled",
    "outside-watch-namespace",
    "service-controller-disabled",
    "gateway-uid-missing",
    "gateway-listener-invalid",
    "gateway-backend-dropped",
    "gateway-backend-service-missing",
    "gateway-rule-configuration-missing",
    "gateway-dry-run",
    "gateway-prefix-lists-open-to-world",
];

const RULES_PER_GROUP: usize = 60;
const GROUPS_PER_INTERFACE: usize = 5;
const RULES_TIMES_GROUPS: usize = 1000;
const WIDE_RANGE: i64 = 100;

/// Ports nobody should open to the world: SSH, RDP, and common database and cache ports.
const RISKY_PORTS: &[(i32, &str)] = &[
    (22, "SSH"),
    (3389, "RDP"),
    (3306, "MySQL"),
    (5432, "PostgreSQL"),
    (1433, "SQL Server"),
    (1521, "Oracle"),
    (27017, "MongoDB"),
    (6379, "Redis"),
    (11211, "Memcached"),
    (9200, "Elasticsearch"),
    (5439, "Redshift"),
    (9042, "Cassandra"),
];

fn warning(code: &'static str, message: String) -> Warning {
    Warning { code, message, source: None }
}

fn risky(rule: &Rule) -> Option<String> {
    match rule.protocol {
        Protocol::All => return Some("every port and protocol".into()),
        Protocol::Tcp | Protocol::Udp => {}
        _ => return None,
    }
    if rule.port_count() >= 65535 {
        return Some("every port".into());
    }
    let named: Vec<String> = RISKY_PORTS
        .iter()
        .filter(|(port, _)| rule.from_port <= *port && *port <= rule.to_port)
        .map(|(port, name)| format!("{port} ({name})"))
        .collect();
    (!named.is_empty()).then(|| named.join(", "))
}

/// What one rule weighs against EC2's rules-per-group quota, per IP family: one rule,
/// except that a referenced prefix list weighs its maximum entries, in its own family.
struct Weight {
    v4: usize,
    v6: usize,
    /// The prefix list weighed by its maximum entries.
    list: Option<String>,
    /// A prefix list whose maximum entries are unknown (counted as one), and why.
    unknown: Option<(String, &'static str)>,
}

fn weigh(rule: &Rule, account: &Account) -> Weight {
    let (v4, v6) = match &rule.peer {
        Peer::CidrV4(_) => (1, 0),
        Peer::CidrV6(_) => (0, 1),
        Peer::Group(_) => (1, 1),
        Peer::PrefixList(id) => {
            let list = account.prefix_list(id);
            let ipv6 = list.and_then(|list| list.address_family.as_deref()) == Some("IPv6");
            let Some(entries) = list.and_then(|list| list.max_entries) else {
                let why = if list.is_some() {
                    "EC2 gives no maximum for it, as for AWS-managed lists"
                } else {
                    "not in the account read: EC2 does not know it, or the snapshot does not list it under prefix_lists"
                };
                let (v4, v6) = if ipv6 { (0, 1) } else { (1, 0) };
                return Weight { v4, v6, list: None, unknown: Some((id.clone(), why)) };
            };
            let entries = usize::try_from(entries).unwrap_or(0);
            let (v4, v6) = if ipv6 { (0, entries) } else { (entries, 0) };
            return Weight { v4, v6, list: Some(id.clone()), unknown: None };
        }
    };
    Weight { v4, v6, list: None, unknown: None }
}

/// Adds the findings to the plan's warnings (sorted, de-duplicated).
pub fn check(plan: &mut Plan, account: &Account, cluster: &str) {
    let mut found = Vec::new();
    let desired = &plan.desired;
    let groups_by_name: HashMap<&str, &crate::model::DesiredGroup> =
        desired.security_groups.iter().map(|group| (group.name.as_str(), group)).collect();

    // Rules each group will hold after the apply: desired groups as desired; node SGs as
    // they are, plus what is added, minus what is revoked.
    // Borrowed where they are only read: a big cluster has tens of thousands of rules.
    // Unordered: the warnings are sorted at the end.
    let mut final_rules: HashMap<&str, (&str, Cow<'_, [Rule]>)> = HashMap::with_capacity(desired.security_groups.len());
    for group in &desired.security_groups {
        final_rules.insert(&group.name, (&group.address, Cow::Borrowed(&group.ingress)));
    }
    for change in plan.changes.iter().filter(|change| change.node_rules_only) {
        let id = change.security_group.id.as_deref().unwrap_or_default();
        let mut rules = account.security_group(id).map(|group| group.ingress.clone()).unwrap_or_default();
        // A node SG holds a rule per load balancer: a set, not a search per rule.
        let removed: BTreeSet<_> = change.rules_removed.iter().map(Rule::key).collect();
        rules.retain(|rule| !removed.contains(&rule.key()));
        rules.extend(change.rules_added.iter().cloned());
        final_rules.insert(change.security_group.label(), (&change.address, Cow::Owned(rules)));
    }
    // The warnings are sorted below, whatever order the groups come in.
    for (name, (address, rules)) in &final_rules {
        let weights: Vec<Weight> = rules.iter().map(|rule| weigh(rule, account)).collect();
        let v4: usize = weights.iter().map(|w| w.v4).sum();
        let v6: usize = weights.iter().map(|w| w.v6).sum();
        let weighted: BTreeMap<&str, usize> =
            weights.iter().filter_map(|w| Some((w.list.as_deref()?, w.v4.max(w.v6)))).collect();
        let unknown: BTreeMap<&str, &str> =
            weights.iter().filter_map(|w| w.unknown.as_ref()).map(|(id, why)| (id.as_str(), *why)).collect();
        for (family, count) in [("IPv4", v4), ("IPv6", v6)] {
            if count > RULES_PER_GROUP {
                let lists = if weighted.is_empty() {
                    String::new()
                } else {
                    let each: Vec<String> = weighted.iter().map(|(id, n)| format!("{id} as {n}")).collect();
                    format!(" (prefix lists counted as their maximum entries: {})", each.join(", "))
                };
                found.push(warning(
                        "quota-rules-per-group",
                        format!("{address} ({name}) would hold {count} inbound {family} rules{lists}; EC2 allows {RULES_PER_GROUP} per group by default, so the apply would fail"),
                    ));
            }
        }
        if !unknown.is_empty() {
            let each: Vec<String> = unknown.iter().map(|(id, why)| format!("{id} ({why})")).collect();
            found.push(warning(
                    "quota-prefix-list-unknown",
                    format!("{address} ({name}) references prefix lists whose maximum entries are unknown: {}; the rules-per-group check counts each as one rule, while EC2 counts its maximum entries", each.join(", ")),
                ));
        }
    }

    for lb in &desired.load_balancers {
        let what = match lb.object_kind {
            ObjectKind::Gateway => format!("{} Gateway {}", lb.kind.as_str().to_uppercase(), lb.stack),
            _ => format!("{} {}", lb.kind.as_str().to_uppercase(), lb.stack),
        };
        if lb.security_groups.len() > GROUPS_PER_INTERFACE {
            found.push(warning(
                    "quota-groups-per-interface",
                    format!("{what} would carry {} security groups; a network interface takes {GROUPS_PER_INTERFACE} by default", lb.security_groups.len()),
                ));
        }
        let weight_of =
            |rules: &[Rule]| -> usize { rules.iter().map(|rule| weigh(rule, account)).map(|w| w.v4.max(w.v6)).sum() };
        let rule_count = |group: &GroupRef| -> usize {
            group
                .name
                .as_deref()
                .and_then(|name| groups_by_name.get(name).map(|g| weight_of(&g.ingress)))
                .or_else(|| {
                    group.id.as_deref().and_then(|id| account.security_group(id)).map(|g| weight_of(&g.ingress))
                })
                .unwrap_or(0)
        };
        let total: usize = lb.security_groups.iter().map(rule_count).sum();
        if total > RULES_TIMES_GROUPS {
            found.push(warning(
                    "quota-rules-times-groups",
                    format!("{what}'s security groups would hold {total} rules together; EC2 allows {RULES_TIMES_GROUPS} per network interface"),
                ));
        }
        // World-open rules on the load balancer's own (managed) group.
        let Some(managed) =
            lb.security_groups.first().and_then(|g| g.name.as_deref()).and_then(|n| groups_by_name.get(n))
        else {
            continue;
        };
        for rule in managed.ingress.iter().filter(|rule| rule.peer.is_world()) {
            if let Some(what_is_open) = risky(rule) {
                found.push(warning(
                    "world-open-risky-port",
                    format!("{} ({}) opens {what_is_open} to {} ({what})", managed.address, managed.name, rule.peer),
                ));
            } else if lb.scheme == Scheme::Internal {
                let restrict = match lb.object_kind {
                    ObjectKind::Gateway => "set sourceRanges in its LoadBalancerConfiguration",
                    _ => "set inbound-cidrs or load-balancer-source-ranges",
                };
                found.push(warning(
                        "internal-open-to-world",
                        format!("{what} is internal, yet {} admits {rule}: the controller's default source; {restrict} to the networks that need it", managed.address),
                    ));
            } else if lb.kind == LbKind::Alb && matches!(rule.from_port, 80 | 443) && rule.from_port == rule.to_port {
                found.push(warning(
                    "world-open-expected",
                    format!(
                        "{what} is internet-facing and open to {} on port {}, as a public listener is expected to be",
                        rule.peer, rule.from_port
                    ),
                ));
            }
        }
    }

    for (group, rules) in &desired.node_rules {
        for rule in rules {
            if rule.peer.is_world() {
                if let Some(what_is_open) = risky(rule) {
                    found.push(warning(
                        "world-open-risky-port",
                        format!("node security group {group} would open {what_is_open} to {}", rule.peer),
                    ));
                }
            }
            if matches!(rule.protocol, Protocol::Tcp | Protocol::Udp) && rule.port_count() > WIDE_RANGE {
                let why = if rule.from_port == 0 && rule.to_port == 65535 {
                    "every port is opened (--disable-restricted-sg-rules, or a TargetGroupBinding networking port left out)"
                } else {
                    "the controller merges every port from one source into one range"
                };
                found.push(warning(
                    "wide-port-range",
                    format!(
                        "node security group {group} would open {} {}-{} ({} ports) from {}: {why}",
                        rule.protocol,
                        rule.from_port,
                        rule.to_port,
                        rule.port_count(),
                        rule.peer
                    ),
                ));
            }
        }
    }

    // Owned node rules whose source is the backend SG of another cluster.
    for id in &desired.target_groups {
        let Some(group) = account.security_group(id) else { continue };
        for rule in group.ingress.iter().filter(|rule| crate::sg::is_owned_node_rule(rule)) {
            let Peer::Group(source) = &rule.peer else { continue };
            let Some(source) = source.id.as_deref().and_then(|sid| account.security_group(sid)) else { continue };
            let other = source.tags.get(tags::CLUSTER).filter(|c| c.as_str() != cluster);
            if let (Some(other), Some(tags::BACKEND_SG)) =
                (other, source.tags.get(tags::ELBV2_RESOURCE).map(String::as_str))
            {
                found.push(warning(
                    "foreign-backend-source",
                    format!("node security group {id} has a rule labelled as the controller's ({rule}) whose source {} is the backend SG of cluster {other}: two clusters' controllers share this node SG and will revoke each other's rules", source.id),
                ));
            }
        }
    }
    plan.warnings.extend(found);
    plan.warnings.sort();
    plan.warnings.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sg::PrefixList;

    fn list(id: &str, family: &str, max_entries: Option<i32>) -> PrefixList {
        PrefixList { id: id.into(), name: id.into(), address_family: Some(family.into()), max_entries }
    }

    #[test]
    fn a_prefix_list_weighs_its_maximum_entries_in_its_own_family() {
        let account = Account {
            prefix_lists: vec![
                list("pl-4", "IPv4", Some(45)),
                list("pl-6", "IPv6", Some(20)),
                list("pl-aws", "IPv6", None),
            ],
            ..Account::default()
        };
        let weigh_peer = |peer: Peer| {
            let weight = weigh(&Rule::new(Protocol::Tcp, 443, 443, peer), &account);
            (weight.v4, weight.v6, weight.list, weight.unknown.map(|(id, _)| id))
        };
        assert_eq!(weigh_peer(Peer::PrefixList("pl-4".into())), (45, 0, Some("pl-4".into()), None));
        assert_eq!(weigh_peer(Peer::PrefixList("pl-6".into())), (0, 20, Some("pl-6".into()), None));
        assert_eq!(weigh_peer(Peer::PrefixList("pl-aws".into())), (0, 1, None, Some("pl-aws".into())));
        assert_eq!(weigh_peer(Peer::PrefixList("pl-gone".into())), (1, 0, None, Some("pl-gone".into())));
        assert_eq!(weigh_peer(Peer::CidrV6("::/0".into())), (0, 1, None, None));
        assert_eq!(weigh_peer(Peer::Group(GroupRef { id: Some("sg-1".into()), name: None })), (1, 1, None, None));
    }
}
