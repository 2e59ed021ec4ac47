//! The executor against the in-memory fake: the example cluster converges with the fewest
//! calls, blocked deletes are retried and name their blockers, and every step is idempotent.

use super::fake::FakeEc2;
use super::{execute, ApplyOptions, RateLimit, Report};
use crate::ec2::InterfaceUse;
use crate::manifest::Manifests;
use crate::plan::{Action, Plan};
use crate::settings::Settings;
use crate::sg::{Account, Peer, Protocol, Rule};
use std::time::Duration;

const VPC: &str = "vpc-0a1b2c3d4e5f60718";

fn example() -> (Manifests, Settings, Account) {
    let manifests = crate::manifest::load(&["examples/manifests".to_string()], &mut std::io::empty()).unwrap();
    let mut settings = Settings::for_cluster("prod");
    settings.vpc_id = Some(VPC.into());
    settings.default_tags.insert("managed-by".into(), "platform-team".into());
    let snapshot = crate::state::read("snapshot", &std::fs::read_to_string("examples/snapshot.json").unwrap()).unwrap();
    (manifests, settings, snapshot)
}

fn fast() -> ApplyOptions {
    ApplyOptions {
        parallelism: 4,
        rate: RateLimit { burst: 1000.0, per_second: 1000.0 },
        delete_timeout: Duration::from_millis(60),
        backend_delete_timeout: Duration::from_millis(60),
        delete_retry_step: Duration::from_millis(20),
    }
}

async fn plan(fake: &FakeEc2, manifests: &Manifests, settings: &Settings) -> Plan {
    crate::pipeline::plan(manifests.clone(), settings, fake, false).await.unwrap().plan
}

async fn apply(fake: &FakeEc2, plan: &Plan) -> Report {
    execute(fake, &plan.changes, VPC, &fast(), &|_| {}).await
}

fn count(plan: &Plan, test: impl Fn(&crate::plan::Change) -> bool) -> usize {
    plan.changes.iter().filter(|change| test(change)).count()
}

#[tokio::test]
async fn the_example_converges_with_the_fewest_calls_and_leaves_the_rest_alone() {
    let (manifests, settings, snapshot) = example();
    let fake = FakeEc2::new(snapshot.clone());
    let first = plan(&fake, &manifests, &settings).await;
    let report = apply(&fake, &first).await;
    assert!(report.succeeded(), "{report:?}");
    let summary = first.summary();
    assert_eq!((report.added, report.changed, report.destroyed), (summary.add, summary.change, summary.destroy));

    // K creates, one authorize per group that gains rules, one revoke per group that loses
    // some, D deletes, tags only where they changed: nothing else.
    assert_eq!(fake.count("CreateSecurityGroup"), count(&first, |c| c.action == Action::Create));
    assert_eq!(fake.count("AuthorizeSecurityGroupIngress"), count(&first, |c| !c.rules_added.is_empty()));
    assert_eq!(
        fake.count("RevokeSecurityGroupIngress"),
        count(&first, |c| c.action == Action::Update && !c.rules_removed.is_empty())
    );
    assert_eq!(fake.count("DeleteSecurityGroup"), count(&first, |c| c.action == Action::Delete));
    assert_eq!(fake.count("CreateTags"), count(&first, |c| c.action == Action::Update && !c.tags_set.is_empty()));
    assert_eq!(fake.calls.borrow().len(), report.calls.values().sum::<usize>());
    assert_eq!(
        report.calls.keys().copied().collect::<Vec<_>>(),
        [
            "AuthorizeSecurityGroupIngress",
            "CreateSecurityGroup",
            "CreateTags",
            "DeleteSecurityGroup",
            "RevokeSecurityGroupIngress"
        ]
    );

    let second = plan(&fake, &manifests, &settings).await;
    assert!(second.changes.is_empty(), "{:#?}", second.changes);

    // Not ours: the node SG's hand-made rules, and groups without the cluster's tags.
    let account = fake.account.borrow();
    let nodes = account.security_group("sg-0a11000000000a111").unwrap();
    assert!(nodes.ingress.iter().any(|r| r.description == "ssh from the bastion network"));
    assert!(nodes.ingress.iter().any(|r| r.description == "node to node"));
    for untouched in ["sg-0a22000000000a222", "sg-0c0ffee00000c0ff1"] {
        assert_eq!(account.security_group(untouched), snapshot.security_group(untouched), "{untouched}");
    }
}

#[tokio::test]
async fn a_blocked_delete_is_retried_then_names_its_blockers_and_a_rerun_converges() {
    let (manifests, settings, snapshot) = example();
    let fake = FakeEc2::new(snapshot);
    let orphan = "sg-0dead0000000dead1";
    fake.users.borrow_mut().insert(
        orphan.into(),
        vec![InterfaceUse {
            id: "eni-0lb0000000000001".into(),
            description: "ELB app/k8s-legacy-oldsite-5e1d2c3b4a/50dc6c495c0c9188".into(),
        }],
    );
    {
        let mut account = fake.account.borrow_mut();
        let monitoring = account.security_groups.iter_mut().find(|g| g.id == "sg-0a22000000000a222").unwrap();
        let reference = crate::sg::GroupRef::by_id(orphan);
        monitoring
            .ingress
            .push(Rule::new(Protocol::Tcp, 9100, 9100, Peer::Group(reference)).with_description("by hand"));
    }
    let first = plan(&fake, &manifests, &settings).await;
    let report = apply(&fake, &first).await;
    let (address, message) = report.failures.first().expect("the delete fails");
    assert_eq!(address, "security_group.frontend[\"legacy/old-site\"]");
    assert!(fake.count("DeleteSecurityGroup") >= 3, "retried: {:?}", fake.calls.borrow());
    assert!(message.starts_with("DeleteSecurityGroup: DependencyViolation: "), "{message}");
    assert!(
        message.contains(
            "network interfaces eni-0lb0000000000001 (ELB app/k8s-legacy-oldsite-5e1d2c3b4a/50dc6c495c0c9188)"
        ),
        "{message}"
    );
    assert!(
        message.contains("rules in sg-0a22000000000a222 (tcp 9100 from sg-0dead0000000dead1) name it as their source"),
        "{message}"
    );
    assert!(message.ends_with("once they are gone, run sgctl apply again"), "{message}");
    assert_eq!(report.added + report.changed, first.summary().add + first.summary().change, "the rest was done");

    // The load balancer goes, the hand-made rule is removed: apply again converges.
    fake.users.borrow_mut().clear();
    fake.account
        .borrow_mut()
        .security_groups
        .iter_mut()
        .for_each(|g| g.ingress.retain(|r| !matches!(&r.peer, Peer::Group(p) if p.id.as_deref() == Some(orphan))));
    let again = plan(&fake, &manifests, &settings).await;
    assert_eq!(again.changes.len(), 1, "only the delete is left: {:#?}", again.changes);
    assert!(apply(&fake, &again).await.succeeded());
    assert!(plan(&fake, &manifests, &settings).await.changes.is_empty());
}

#[tokio::test]
async fn rules_added_or_removed_by_someone_else_in_between_do_not_fail_the_apply() {
    let (manifests, settings, snapshot) = example();
    let fake = FakeEc2::new(snapshot);
    let first = plan(&fake, &manifests, &settings).await;
    {
        let mut account = fake.account.borrow_mut();
        let storefront = account.security_groups.iter_mut().find(|g| g.id == "sg-0f00000000000f0a1").unwrap();
        storefront.ingress.push(Rule::new(Protocol::Tcp, 443, 443, Peer::CidrV4("0.0.0.0/0".into())));
        storefront.ingress.retain(|r| r.from_port != 8080);
    }
    let report = apply(&fake, &first).await;
    assert!(report.succeeded(), "{report:?}");
    assert!(plan(&fake, &manifests, &settings).await.changes.is_empty());
}

#[tokio::test]
async fn a_same_named_group_is_adopted_only_with_our_tags() {
    let (manifests, settings, snapshot) = example();
    let fake = FakeEc2::new(snapshot.clone());
    let first = plan(&fake, &manifests, &settings).await;
    let create = first.changes.iter().find(|c| c.action == Action::Create).unwrap();
    let after = create.after.clone().unwrap();
    let existing = crate::sg::AccountSecurityGroup {
        id: "sg-0e000000000000abc".into(),
        name: after.name.clone().unwrap(),
        description: after.description.clone().unwrap(),
        vpc_id: VPC.into(),
        tags: after.tags.clone().unwrap(),
        ingress: Vec::new(),
    };
    // An earlier run created it, then died before recording anything: adopt it.
    fake.account.borrow_mut().security_groups.push(existing.clone());
    let report = apply(&fake, &first).await;
    assert!(report.succeeded(), "{report:?}");
    assert!(fake.account.borrow().security_group("sg-0e000000000000abc").is_some_and(|g| !g.ingress.is_empty()));

    // The same name without our tags is somebody else's group: refuse, name it.
    let fake = FakeEc2::new(snapshot);
    let mut foreign = existing;
    foreign.tags.clear();
    fake.account.borrow_mut().security_groups.push(foreign);
    let report = apply(&fake, &first).await;
    let (_, message) = report.failures.first().expect("refused");
    assert!(
        message.contains("already exists in vpc-0a1b2c3d4e5f60718 (sg-0e000000000000abc) without sgctl's tags"),
        "{message}"
    );
    assert!(
        report.not_attempted.iter().any(|a| a.contains("legacy/old-site")),
        "no delete after a failure: {report:?}"
    );
    assert_eq!(fake.count("DeleteSecurityGroup"), 0);
}

mod properties {
    //! For random drift of the example account, applying the plan and planning again gives
    //! no changes, and nothing outside ownership is ever touched.

    use super::*;
    use crate::sg::{AccountSecurityGroup, Tags};
    use proptest::prelude::*;

    #[derive(Clone, Debug)]
    enum Drift {
        /// A rule on the n-th group: port, source, whether it carries the ownership label.
        Rule { group: usize, port: i32, source: usize, labelled: bool },
        /// One rule of the n-th group removed.
        Remove { group: usize, rule: usize },
        /// A group of this cluster with no manifest behind it.
        Orphan(u8),
        /// A group of another cluster, and one without any tags.
        Foreign(u8),
        /// A tag changed on the n-th group.
        Retag { group: usize, value: u8 },
    }

    const SOURCES: [&str; 4] = ["0.0.0.0/0", "10.0.0.0/8", "192.0.2.0/24", "2001:db8::/32"];

    fn drift() -> impl Strategy<Value = Drift> {
        prop_oneof![
            (0usize..16, 1i32..65535, 0usize..4, any::<bool>())
                .prop_map(|(group, port, source, labelled)| Drift::Rule { group, port, source, labelled }),
            (0usize..16, 0usize..8).prop_map(|(group, rule)| Drift::Remove { group, rule }),
            any::<u8>().prop_map(Drift::Orphan),
            any::<u8>().prop_map(Drift::Foreign),
            (0usize..16, any::<u8>()).prop_map(|(group, value)| Drift::Retag { group, value }),
        ]
    }

    fn group(id: String, tags: Tags) -> AccountSecurityGroup {
        AccountSecurityGroup {
            id: id.clone(),
            name: id,
            description: String::new(),
            vpc_id: VPC.into(),
            tags,
            ingress: Vec::new(),
        }
    }

    fn drifted(mut account: Account, drifts: &[Drift]) -> Account {
        for drift in drifts {
            let count = account.security_groups.len();
            match drift {
                Drift::Rule { group, port, source, labelled } => {
                    let cidr = SOURCES[*source].to_string();
                    let peer = if cidr.contains(':') { Peer::CidrV6(cidr) } else { Peer::CidrV4(cidr) };
                    let description = if *labelled { "elbv2.k8s.aws/targetGroupBinding=shared" } else { "by hand" };
                    account.security_groups[group % count]
                        .ingress
                        .push(Rule::new(Protocol::Tcp, *port, *port, peer).with_description(description));
                }
                Drift::Remove { group, rule } => {
                    let rules = &mut account.security_groups[group % count].ingress;
                    if !rules.is_empty() {
                        let index = rule % rules.len();
                        rules.remove(index);
                    }
                }
                Drift::Orphan(n) => account.security_groups.push(group(
                    format!("sg-orphan{n:03}"),
                    Tags::from([
                        ("elbv2.k8s.aws/cluster".into(), "prod".into()),
                        ("ingress.k8s.aws/stack".into(), format!("gone/ing-{n}")),
                        ("ingress.k8s.aws/resource".into(), "ManagedLBSecurityGroup".into()),
                    ]),
                )),
                Drift::Foreign(n) => {
                    account.security_groups.push(group(
                        format!("sg-foreign{n:03}"),
                        Tags::from([
                            ("elbv2.k8s.aws/cluster".into(), "staging".into()),
                            ("ingress.k8s.aws/stack".into(), format!("gone/ing-{n}")),
                            ("ingress.k8s.aws/resource".into(), "ManagedLBSecurityGroup".into()),
                        ]),
                    ));
                    account.security_groups.push(group(format!("sg-untagged{n:03}"), Tags::new()));
                }
                Drift::Retag { group, value } => {
                    account.security_groups[group % count].tags.insert("team".into(), format!("t{value}"));
                }
            }
            for group in &mut account.security_groups {
                group.ingress.sort();
                group.ingress.dedup_by(|a, b| a.key() == b.key());
            }
            account.sort();
        }
        account
    }

    /// What sgctl must never change: groups that are not the cluster's, and the rules on
    /// node SGs without the ownership label.
    fn not_ours(account: &Account) -> Vec<(String, Vec<Rule>, Tags)> {
        account
            .security_groups
            .iter()
            .filter_map(|group| {
                let ours = group.tags.get("elbv2.k8s.aws/cluster").map(String::as_str) == Some("prod");
                if ours {
                    return None;
                }
                let rules: Vec<Rule> =
                    group.ingress.iter().filter(|r| !crate::sg::is_owned_node_rule(r)).cloned().collect();
                Some((group.id.clone(), rules, group.tags.clone()))
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        #[test]
        fn applying_the_plan_converges_and_touches_only_what_is_ours(drifts in proptest::collection::vec(drift(), 0..10)) {
            let (manifests, settings, snapshot) = example();
            let account = drifted(snapshot, &drifts);
            let untouchable = not_ours(&account);
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            let fake = FakeEc2::new(account);
            runtime.block_on(async {
                let first = plan(&fake, &manifests, &settings).await;
                let report = apply(&fake, &first).await;
                prop_assert!(report.succeeded(), "{:?}", report);
                let second = plan(&fake, &manifests, &settings).await;
                prop_assert!(second.changes.is_empty(), "{:#?}", second.changes);
                let after = not_ours(&fake.account.borrow());
                prop_assert_eq!(untouchable, after);
                Ok(())
            })?;
        }
    }
}
