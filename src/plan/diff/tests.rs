//! The diff's rules, one table row each: what is desired, what the account holds, and the
//! changes planned (or the error), written as a reviewer reads them.

use super::diff;
use crate::model::{Desired, DesiredGroup, GroupRole};
use crate::settings::Settings;
use crate::sg::{tags, Account, AccountSecurityGroup, Peer, Protocol, Rule, OWNED_RULE_DESCRIPTION};
use std::collections::BTreeMap;

const CLUSTER: &str = "c";

/// `tcp 80 10.0.0.0/8` (a CIDR) or `tcp 30000-32767 sg-backend` (a group), with a description
/// after `#`.
fn rule(text: &str) -> Rule {
    let (text, description) = text.split_once(" # ").unwrap_or((text, ""));
    let [protocol, ports, source] = text.split(' ').collect::<Vec<_>>()[..] else { panic!("{text}") };
    let (from, to) = ports.split_once('-').unwrap_or((ports, ports));
    let peer = match source.strip_prefix("sg-") {
        Some(_) => Peer::Group(crate::sg::GroupRef::by_id(source)),
        None => Peer::CidrV4(source.to_string()),
    };
    Rule::new(Protocol::parse(protocol), from.parse().unwrap(), to.parse().unwrap(), peer).with_description(description)
}

/// The desired managed SG of an Ingress stack, with its rules.
fn wanted(stack: &str, name: &str, rules: &[&str]) -> DesiredGroup {
    let role = GroupRole::Frontend {
        stack_key: tags::INGRESS_STACK,
        resource_key: tags::INGRESS_RESOURCE,
        stack: stack.to_string(),
    };
    let tags = BTreeMap::from([
        (tags::CLUSTER.to_string(), CLUSTER.to_string()),
        (tags::INGRESS_STACK.to_string(), stack.to_string()),
        (tags::INGRESS_RESOURCE.to_string(), tags::MANAGED_LB_SG.to_string()),
    ]);
    DesiredGroup {
        address: crate::model::frontend_address(stack),
        role,
        name: name.to_string(),
        description: "[k8s] Managed SecurityGroup for LoadBalancer".into(),
        tags,
        ingress: rules.iter().map(|text| rule(text)).collect(),
        source: None,
        provenance: BTreeMap::new(),
    }
}

/// A live group: `managed` gives it the tags of `wanted(stack, ..)`, `backend` the backend
/// SG's, a `key=value` list any tags.
fn live(id: &str, name: &str, tags_of: &[(&str, &str)], rules: &[&str]) -> AccountSecurityGroup {
    AccountSecurityGroup {
        id: id.to_string(),
        name: name.to_string(),
        description: "[k8s] Managed SecurityGroup for LoadBalancer".into(),
        vpc_id: "vpc-1".into(),
        tags: tags_of.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        ingress: rules.iter().map(|text| rule(text)).collect(),
    }
}

fn managed(stack: &str) -> Vec<(&str, &str)> {
    vec![(tags::CLUSTER, CLUSTER), (tags::INGRESS_STACK, stack), (tags::INGRESS_RESOURCE, tags::MANAGED_LB_SG)]
}

const BACKEND: &[(&str, &str)] = &[(tags::CLUSTER, CLUSTER), (tags::ELBV2_RESOURCE, tags::BACKEND_SG)];
const NODE: &[(&str, &str)] = &[("kubernetes.io/cluster/c", "owned")];

/// One row: the desired state, the account, `--additive`, and what the plan must say.
struct Case {
    what: &'static str,
    desired: Desired,
    live: Vec<AccountSecurityGroup>,
    additive: bool,
    expect: Result<&'static [&'static str], &'static str>,
}

fn desired(groups: Vec<DesiredGroup>) -> Desired {
    Desired { security_groups: groups, ..Desired::default() }
}

/// A node SG `id` with the aggregated rules the model wants on it.
fn on_node(mut desired: Desired, id: &str, rules: &[&str]) -> Desired {
    desired.node_rules.insert(id.to_string(), rules.iter().map(|text| rule(text)).collect());
    desired.target_groups.push(id.to_string());
    desired
}

/// Each change as `action address: +added -removed tags+key tags-key`.
fn summary(desired: Desired, live: Vec<AccountSecurityGroup>, additive: bool) -> Result<Vec<String>, String> {
    let mut account = Account { security_groups: live, ..Account::default() };
    account.sort();
    let plan = diff(desired, &account, &Settings::for_cluster(CLUSTER), additive).map_err(|e| e.to_string())?;
    Ok(plan
        .changes
        .iter()
        .map(|change| {
            let mut line = format!("{} {}", change.action.as_str(), change.address);
            if let Some(id) = &change.security_group.id {
                line.push_str(&format!(" {id}"));
            }
            let rules = change.rules_added.iter().map(|r| format!(" +{r}"));
            let rules = rules.chain(change.rules_removed.iter().map(|r| format!(" -{r}")));
            let tags = change.tags_set.keys().map(|k| format!(" tags+{k}"));
            let tags = tags.chain(change.tags_removed.keys().map(|k| format!(" tags-{k}")));
            let edits: String =
                if change.action == crate::plan::Action::Create { String::new() } else { rules.chain(tags).collect() };
            line.push_str(&edits);
            line
        })
        .collect())
}

#[test]
fn the_diff_follows_the_controllers_rules() {
    let cases = [
        Case {
            what: "a live group is matched by its tags, whatever its name, and keeps its name",
            desired: desired(vec![wanted("ns/a", "k8s-ns-a-1111", &["tcp 80 0.0.0.0/0"])]),
            live: vec![live("sg-1", "renamed-by-hand", &managed("ns/a"), &["tcp 80 0.0.0.0/0"])],
            additive: false,
            expect: Ok(&[]),
        },
        Case {
            what: "a live group with the desired name but not the tags is not the group (and not ours)",
            desired: desired(vec![wanted("ns/a", "k8s-ns-a-1111", &["tcp 80 0.0.0.0/0"])]),
            live: vec![live("sg-1", "k8s-ns-a-1111", &[(tags::CLUSTER, CLUSTER)], &[])],
            additive: false,
            expect: Ok(&["create security_group.frontend[\"ns/a\"]"]),
        },
        Case {
            what: "of duplicate live groups the lowest id is matched, the others destroyed",
            desired: desired(vec![wanted("ns/a", "k8s-ns-a-1111", &["tcp 80 0.0.0.0/0"])]),
            live: vec![
                live("sg-3", "copy", &managed("ns/a"), &["tcp 80 0.0.0.0/0"]),
                live("sg-2", "k8s-ns-a-1111", &managed("ns/a"), &["tcp 80 0.0.0.0/0"]),
            ],
            additive: false,
            expect: Ok(&["delete security_group.frontend[\"ns/a\"] sg-3 -tcp 80 from 0.0.0.0/0"]),
        },
        Case {
            what: "a stack-tagged group without its resource tag is an error, as in the controller",
            desired: desired(Vec::new()),
            live: vec![live("sg-1", "x", &[(tags::CLUSTER, CLUSTER), (tags::INGRESS_STACK, "ns/a")], &[])],
            additive: false,
            expect: Err("unexpected securityGroup with no resourceID: sg-1\n  hint: the group carries ingress.k8s.aws/stack but not ingress.k8s.aws/resource; fix its tags or delete it"),
        },
        Case {
            what: "every rule of a managed group is ours: extra ones are revoked, missing ones added",
            desired: desired(vec![wanted("ns/a", "k8s-ns-a-1111", &["tcp 443 0.0.0.0/0"])]),
            live: vec![live("sg-1", "k8s-ns-a-1111", &managed("ns/a"), &["tcp 80 0.0.0.0/0 # by hand"])],
            additive: false,
            expect: Ok(&["update security_group.frontend[\"ns/a\"] sg-1 +tcp 443 from 0.0.0.0/0 -tcp 80 from 0.0.0.0/0"]),
        },
        Case {
            what: "on a node SG only the rules labelled as the controller's are revoked",
            desired: on_node(desired(Vec::new()), "sg-node", &["tcp 30080 sg-backend"]),
            live: vec![live(
                "sg-node",
                "nodes",
                NODE,
                &["tcp 22 10.0.0.0/8 # ssh", &format!("tcp 30000-30100 sg-backend # {OWNED_RULE_DESCRIPTION}")],
            )],
            additive: false,
            expect: Ok(&["update security_group_rules.node[\"sg-node\"] sg-node +tcp 30080 from sg-backend -tcp 30000-30100 from sg-backend"]),
        },
        Case {
            what: "a desired node rule present under another description counts as present",
            desired: on_node(desired(Vec::new()), "sg-node", &["tcp 30080 sg-backend"]),
            live: vec![live("sg-node", "nodes", NODE, &["tcp 30080 sg-backend # opened by hand"])],
            additive: false,
            expect: Ok(&[]),
        },
        Case {
            what: "--additive plans no delete, no revoke and no tag removal",
            desired: on_node(desired(vec![wanted("ns/a", "k8s-ns-a-1111", &["tcp 443 0.0.0.0/0"])]), "sg-node", &[]),
            live: vec![
                live("sg-1", "k8s-ns-a-1111", &[&managed("ns/a")[..], &[("team", "x")]].concat(), &["tcp 80 0.0.0.0/0"]),
                live("sg-2", "gone", &managed("ns/gone"), &["tcp 80 0.0.0.0/0"]),
                live("sg-node", "nodes", NODE, &[&format!("tcp 30080 sg-backend # {OWNED_RULE_DESCRIPTION}")]),
            ],
            additive: true,
            expect: Ok(&["update security_group.frontend[\"ns/a\"] sg-1 +tcp 443 from 0.0.0.0/0"]),
        },
        Case {
            what: "a Gateway's group with no Gateway in the input goes, under the Gateway's address",
            desired: desired(Vec::new()),
            live: vec![live(
                "sg-g",
                "k8s-shop-web-1",
                &[
                    (tags::CLUSTER, CLUSTER),
                    (tags::GATEWAY_ALB_STACK, "shop/web"),
                    (tags::GATEWAY_ALB_RESOURCE, tags::MANAGED_LB_SG),
                ],
                &[],
            )],
            additive: false,
            expect: Ok(&["delete security_group.gateway[\"shop/web\"] sg-g"]),
        },
        Case {
            what: "the backend SG is kept while some load balancer of the controller remains",
            desired: Desired { keeps_backend: true, ..desired(Vec::new()) },
            live: vec![live("sg-b", "k8s-traffic-c-1", BACKEND, &[])],
            additive: false,
            expect: Ok(&[]),
        },
        Case {
            what: "the backend SG goes with the last load balancer, and so does every unclaimed group",
            desired: desired(Vec::new()),
            live: vec![live("sg-b", "k8s-traffic-c-1", BACKEND, &[]), live("sg-2", "gone", &managed("ns/gone"), &[])],
            additive: false,
            expect: Ok(&["delete security_group.backend sg-b", "delete security_group.frontend[\"ns/gone\"] sg-2"]),
        },
    ];
    for case in cases {
        let expected = case.expect.map(|lines| lines.iter().map(|line| line.to_string()).collect::<Vec<_>>());
        let expected = expected.map_err(str::to_string);
        assert_eq!(summary(case.desired, case.live, case.additive), expected, "{}", case.what);
    }
}
