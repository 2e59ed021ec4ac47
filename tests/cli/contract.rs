//! The JSON plan document is a public contract (docs/formats.md). These types are written
//! from the contract, not shared with the crate, and reject unknown fields: a rename, a
//! removal or an unannounced addition in the output fails here. Every golden fixture's
//! `plan.json` is read through them, and the example plan is checked field by field.

use super::support::sgctl;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct PlanDocument {
    format_version: String,
    sgctl_version: String,
    cluster: String,
    account_id: Option<String>,
    region: Option<String>,
    vpc_id: Option<String>,
    desired: Desired,
    changes: Vec<Change>,
    summary: Summary,
    warnings: Vec<Warning>,
    fingerprint: String,
    read: Read,
    live_digests: BTreeMap<String, String>,
    /// Only in `sgctl diff`'s output: the two sides compared.
    #[serde(default)]
    diff: Option<Diff>,
    /// Only with `--cluster-export`: how many objects came from the export and the input.
    #[serde(default)]
    objects: Option<Objects>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Diff {
    old: String,
    new: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Objects {
    from_cluster_export: usize,
    from_input: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Read {
    vpc_id: Option<String>,
    group_ids: Vec<String>,
    group_names: Vec<String>,
    /// Left out when no prefix list was read.
    #[serde(default)]
    prefix_list_ids: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Desired {
    security_groups: Vec<SecurityGroup>,
    load_balancers: Vec<LoadBalancer>,
    node_rules: Vec<NodeRule>,
    unresolved_node_rules: Vec<Unresolved>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct SecurityGroup {
    address: String,
    id: Option<String>,
    name: String,
    description: String,
    vpc_id: Option<String>,
    tags: BTreeMap<String, String>,
    ingress: Vec<Rule>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct GroupRef {
    id: Option<String>,
    name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Rule {
    protocol: String,
    from_port: i64,
    to_port: i64,
    cidr_ipv4: Option<String>,
    cidr_ipv6: Option<String>,
    prefix_list_id: Option<String>,
    source_security_group: Option<GroupRef>,
    description: String,
    #[serde(default)]
    provenance: Vec<Provenance>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Provenance {
    source: String,
    object: String,
    reason: String,
}

/// A rule a change adds: a `Rule` and whether it widens access (always present).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct AddedRule {
    protocol: String,
    from_port: i64,
    to_port: i64,
    cidr_ipv4: Option<String>,
    cidr_ipv6: Option<String>,
    prefix_list_id: Option<String>,
    source_security_group: Option<GroupRef>,
    description: String,
    #[serde(default)]
    provenance: Vec<Provenance>,
    widens_access: bool,
}

impl AddedRule {
    fn rule(&self) -> Rule {
        Rule {
            protocol: self.protocol.clone(),
            from_port: self.from_port,
            to_port: self.to_port,
            cidr_ipv4: self.cidr_ipv4.clone(),
            cidr_ipv6: self.cidr_ipv6.clone(),
            prefix_list_id: self.prefix_list_id.clone(),
            source_security_group: self
                .source_security_group
                .as_ref()
                .map(|g| GroupRef { id: g.id.clone(), name: g.name.clone() }),
            description: self.description.clone(),
            provenance: Vec::new(),
        }
    }
}

impl Rule {
    fn sources(&self) -> usize {
        usize::from(self.cidr_ipv4.is_some())
            + usize::from(self.cidr_ipv6.is_some())
            + usize::from(self.prefix_list_id.is_some())
            + usize::from(self.source_security_group.is_some())
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct LoadBalancer {
    kind: String,
    /// `Ingress`, `Service` or `Gateway`.
    object_kind: String,
    stack: String,
    scheme: String,
    security_groups: Vec<GroupRef>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct NodeRule {
    security_group_id: String,
    #[serde(flatten)]
    rule: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Unresolved {
    protocol: String,
    source: String,
    reason: String,
    manifest: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct GroupState {
    id: Option<String>,
    name: Option<String>,
    description: Option<String>,
    vpc_id: Option<String>,
    tags: Option<BTreeMap<String, String>>,
    ingress: Vec<Rule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct RuleUpdate {
    before: Rule,
    after: Rule,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Change {
    address: String,
    action: String,
    security_group: GroupRef,
    before: Option<GroupState>,
    after: Option<GroupState>,
    rules_added: Vec<AddedRule>,
    rules_removed: Vec<Rule>,
    rules_updated: Vec<RuleUpdate>,
    tags_set: BTreeMap<String, String>,
    tags_removed: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Summary {
    add: usize,
    change: usize,
    destroy: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Warning {
    code: String,
    message: String,
    source: Option<String>,
}

fn example_plan(output: &str) -> String {
    let outcome = sgctl([
        "plan",
        "examples/manifests",
        "--config",
        "examples/sgctl.yaml",
        "--state",
        "examples/snapshot.json",
        "-o",
        output,
    ])
    .run();
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    outcome.stdout
}

#[test]
fn example_plan_matches_the_contract() {
    let text = example_plan("json");
    let document: PlanDocument = serde_json::from_str(&text).expect("the plan document follows docs/formats.md");
    assert_eq!(document.format_version, "1");
    assert_eq!(document.cluster, "prod");
    assert!(document.fingerprint.starts_with("sha256:"));
    let actions: Vec<&str> = document.changes.iter().map(|c| c.action.as_str()).collect();
    assert_eq!(
        (document.summary.add, document.summary.change, document.summary.destroy),
        (
            actions.iter().filter(|a| **a == "create").count(),
            actions.iter().filter(|a| **a == "update").count(),
            actions.iter().filter(|a| **a == "delete").count()
        )
    );
    for action in ["create", "update", "delete"] {
        assert!(actions.contains(&action), "the example shows a {action}");
    }
    let added: Vec<Rule> = document.changes.iter().flat_map(|c| c.rules_added.iter().map(AddedRule::rule)).collect();
    let every_rule = document
        .desired
        .security_groups
        .iter()
        .flat_map(|g| g.ingress.iter())
        .chain(document.changes.iter().flat_map(|c| c.rules_removed.iter()))
        .chain(added.iter());
    for rule in every_rule {
        assert_eq!(rule.sources(), 1, "one source per rule: {rule:?}");
        assert!(["tcp", "udp", "icmp", "icmpv6", "-1"].contains(&rule.protocol.as_str()));
    }
    for group in &document.desired.security_groups {
        for rule in &group.ingress {
            assert!(!rule.provenance.is_empty(), "every desired rule says why it exists: {rule:?}");
            assert!(rule.provenance.iter().all(|why| why.source.starts_with("examples/manifests/")));
        }
    }
    for lb in &document.desired.load_balancers {
        assert!(["alb", "nlb"].contains(&lb.kind.as_str()));
        assert!(["internal", "internet-facing"].contains(&lb.scheme.as_str()));
    }
    for node_rule in &document.desired.node_rules {
        assert_eq!(node_rule.rule["description"], "elbv2.k8s.aws/targetGroupBinding=shared");
        assert_ne!(node_rule.rule["protocol"], "-1", "all ports is tcp/udp 0-65535, never -1");
    }
}

#[test]
fn every_golden_plan_document_follows_the_contract() {
    let root = super::support::repo_root().join("tests/fixtures");
    let mut read = 0;
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path().join("plan.json");
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let document: PlanDocument =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: not the contract: {e}", path.display()));
        assert_eq!(document.format_version, "1", "{}", path.display());
        let diff = path.parent().unwrap().join("old").is_dir();
        assert_eq!(document.diff.is_some(), diff, "{}: a diff says so, a plan does not", path.display());
        if let Some(diff) = &document.diff {
            assert_eq!((diff.old.as_str(), diff.new.as_str()), ("old", "new"), "{}", path.display());
            // Only groups that exist have ids: none of an imagined account's placeholders.
            assert!(!text.contains("sg-planned-"), "{}: a placeholder id", path.display());
        }
        let export = std::fs::read_to_string(path.parent().unwrap().join("args"))
            .unwrap_or_default()
            .contains("--cluster-export");
        assert_eq!(document.objects.is_some(), export, "{}: objects are counted with an export", path.display());
        for change in &document.changes {
            let created = change.action == "create";
            assert!(["create", "update", "delete"].contains(&change.action.as_str()), "{}", path.display());
            for added in &change.rules_added {
                assert_eq!(added.rule().sources(), 1, "{}: one source per rule", path.display());
                // Nothing was there before a group is created: every rule it gets is new access.
                assert!(!created || added.widens_access, "{}: {added:?}", path.display());
            }
        }
        read += 1;
    }
    assert!(read >= 40, "{read} plan documents read");
}

#[test]
fn output_is_byte_identical_across_runs() {
    assert_eq!(example_plan("json"), example_plan("json"));
    assert_eq!(example_plan("text"), example_plan("text"));
}
