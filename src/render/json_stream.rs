//! The JSON plan document written straight from the plan, for `plan -o json` and
//! `plan --out`: the same text as serialising `json::document(plan)`, byte for byte, without
//! building that second copy of the plan first. A big cluster's document is tens of
//! megabytes of owned strings; building it cost as much time as writing it, and its memory
//! is fresh pages, which this pipeline pays for (docs/performance.md).
//!
//! Each type here mirrors one of `json`'s document types field by field, borrowing from the
//! plan instead of owning. The typed document stays the one contract (`show` and `apply
//! PLANFILE` read it); the golden fixtures compare this writer's text with the typed
//! document's, fixture by fixture (`show -o json` of every `plan.json` must give it back).

use super::json::{provenance_of, read_doc, warning_doc, ChangeProvenance, ProvenanceMap, SummaryDoc, FORMAT_VERSION};
use super::json_parts::{self, Object, Part, Whole};
use crate::model::{Desired, DesiredGroup, LoadBalancer, UnresolvedRule};
use crate::plan::{Change, GroupState, Plan, RuleUpdate};
use crate::sg::record::RuleRecordRef;
use crate::sg::{GroupRef, Rule, Tags};
use foldhash::HashMap;
use serde::{Serialize, Serializer};

/// Writes the plan's document, the text of `json::to_text(&json::document(plan))`: field
/// by field in the typed document's order, the long lists on two cores (`json_parts`).
pub fn write_plan(plan: &Plan, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    use std::io::Write;
    // A buffer of a concrete type: serde_json's many small writes must not be dynamic calls.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    let out = &mut out;
    let summary = plan.summary();
    let mut document = Object::open(out, 1)?;
    document.field(out, "format_version", &FORMAT_VERSION)?;
    document.field(out, "sgctl_version", &env!("CARGO_PKG_VERSION"))?;
    document.field(out, "cluster", &plan.cluster)?;
    document.field(out, "account_id", &plan.account_id)?;
    document.field(out, "region", &plan.region)?;
    document.field(out, "vpc_id", &plan.vpc_id)?;
    document.key(out, "desired")?;
    DesiredOut::new(&plan.desired, &plan.changes, plan.vpc_id.as_deref()).write(out, document.depth())?;
    document.key(out, "changes")?;
    let changes = ChangesOut::new(plan);
    json_parts::array(out, document.depth(), &plan.changes, |change| changes.change(change))?;
    document.field(
        out,
        "summary",
        &SummaryDoc { add: summary.add, change: summary.change, destroy: summary.destroy },
    )?;
    document.key(out, "warnings")?;
    json_parts::array(out, document.depth(), &plan.warnings, |warning| Whole(warning_doc(warning)))?;
    document.field(out, "fingerprint", &plan.fingerprint)?;
    document.field(out, "read", &read_doc(&plan.read))?;
    document.field(out, "live_digests", &plan.digests)?;
    document.close(out)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// `json::DesiredDoc`, borrowed: the groups are written with the ids the plan knows.
struct DesiredOut<'a> {
    desired: &'a Desired,
    vpc_id: Option<&'a str>,
    /// Ids of existing groups, from the changes (by address) and from the resolved
    /// load-balancer lists (by name), as `json::desired_doc` finds them.
    ids: HashMap<&'a str, &'a GroupRef>,
    by_name: HashMap<&'a str, &'a GroupRef>,
}

impl<'a> DesiredOut<'a> {
    fn new(desired: &'a Desired, changes: &'a [Change], vpc_id: Option<&'a str>) -> DesiredOut<'a> {
        let ids = super::json::ids_by_address(changes);
        let by_name = super::json::ids_by_name(desired);
        DesiredOut { desired, vpc_id, ids, by_name }
    }

    fn group(&self, group: &'a DesiredGroup) -> GroupOut<'a> {
        let id = self
            .ids
            .get(group.address.as_str())
            .and_then(|found| found.id.as_deref())
            .or_else(|| self.by_name.get(group.name.as_str()).and_then(|found| found.id.as_deref()));
        GroupOut {
            address: &group.address,
            id,
            name: &group.name,
            description: &group.description,
            vpc_id: self.vpc_id,
            tags: &group.tags,
            ingress: Rules { rules: &group.ingress, provenance: Some(&group.provenance) },
        }
    }

    /// The `desired` object, its value on a line at `depth`.
    fn write<W: std::io::Write>(&self, out: &mut W, depth: usize) -> std::io::Result<()> {
        let desired = self.desired;
        let mut object = Object::open(out, depth + 1)?;
        object.key(out, "security_groups")?;
        json_parts::array(out, object.depth(), &desired.security_groups, |group| Whole(self.group(group)))?;
        object.key(out, "load_balancers")?;
        json_parts::array(out, object.depth(), &desired.load_balancers, |lb| Whole(LoadBalancerOut::from(lb)))?;
        let node_rules: Vec<RuleOut<'_>> = desired
            .node_rules
            .iter()
            .flat_map(|(id, rules)| {
                rules.iter().map(move |rule| RuleOut {
                    security_group_id: Some(id),
                    record: explained(rule, Some(&desired.node_provenance)),
                })
            })
            .collect();
        // Thousands of rules with their provenance on a big cluster, or a few rules each
        // with the provenance of thousands: either list in blocks on two cores.
        object.key(out, "node_rules")?;
        json_parts::array(out, object.depth(), &node_rules, |rule| rule)?;
        let unresolved: Vec<UnresolvedOut> = desired.unresolved.iter().map(UnresolvedOut::from).collect();
        object.field(out, "unresolved_node_rules", &unresolved)?;
        object.close(out)
    }
}

/// `json::SecurityGroupDoc`, borrowed.
#[derive(Serialize)]
struct GroupOut<'a> {
    address: &'a str,
    id: Option<&'a str>,
    name: &'a str,
    description: &'a str,
    vpc_id: Option<&'a str>,
    tags: &'a Tags,
    ingress: Rules<'a>,
}

/// `json::LoadBalancerDoc`, borrowed.
#[derive(Serialize)]
struct LoadBalancerOut<'a> {
    kind: &'a str,
    stack: &'a str,
    scheme: &'a str,
    security_groups: &'a [GroupRef],
}

impl<'a> From<&'a LoadBalancer> for LoadBalancerOut<'a> {
    fn from(lb: &'a LoadBalancer) -> Self {
        LoadBalancerOut {
            kind: lb.kind.as_str(),
            stack: &lb.stack,
            scheme: lb.scheme.as_str(),
            security_groups: &lb.security_groups,
        }
    }
}

/// `json::NodeRuleDoc`, borrowed.
#[derive(Serialize)]
struct NodeRuleOut<'a> {
    security_group_id: &'a str,
    #[serde(flatten)]
    rule: &'a RuleRecordRef<'a>,
}

/// A rule's record (`json::NodeRuleDoc` when it names its target group): serialised whole,
/// or, when its provenance is long (a node rule's names every target rule that went into it:
/// tens of thousands on a big cluster), field by field, the provenance split like any long
/// list.
struct RuleOut<'a> {
    security_group_id: Option<&'a str>,
    record: RuleRecordRef<'a>,
}

impl Part for RuleOut<'_> {
    fn write<W: std::io::Write>(&self, out: &mut W, depth: usize) -> std::io::Result<()> {
        let record = &self.record;
        if record.provenance.len() < json_parts::WORTH_SPLITTING {
            return match self.security_group_id {
                Some(security_group_id) => {
                    json_parts::value_at(out, depth, &NodeRuleOut { security_group_id, rule: record })
                }
                None => json_parts::value_at(out, depth, record),
            };
        }
        // `RuleRecordRef`'s fields, in its order, skipped as it skips them.
        let mut object = Object::open(out, depth + 1)?;
        if let Some(security_group_id) = self.security_group_id {
            object.field(out, "security_group_id", &security_group_id)?;
        }
        object.field(out, "protocol", &record.protocol)?;
        object.field(out, "from_port", &record.from_port)?;
        object.field(out, "to_port", &record.to_port)?;
        let peers = [
            ("cidr_ipv4", record.cidr_ipv4),
            ("cidr_ipv6", record.cidr_ipv6),
            ("prefix_list_id", record.prefix_list_id),
        ];
        for (name, value) in peers {
            if let Some(value) = value {
                object.field(out, name, &value)?;
            }
        }
        if let Some(group) = record.source_security_group {
            object.field(out, "source_security_group", group)?;
        }
        object.field(out, "description", &record.description)?;
        object.key(out, "provenance")?;
        json_parts::array(out, object.depth(), record.provenance, Whole)?;
        object.close(out)
    }
}

/// `json::UnresolvedDoc` (small, and its texts are formatted: owned).
#[derive(Serialize)]
struct UnresolvedOut {
    protocol: String,
    source: String,
    reason: String,
    manifest: String,
}

impl From<&UnresolvedRule> for UnresolvedOut {
    fn from(rule: &UnresolvedRule) -> Self {
        UnresolvedOut {
            protocol: rule.protocol.to_string(),
            source: rule.peer.to_string(),
            reason: rule.reason.clone(),
            manifest: rule.source.to_string(),
        }
    }
}

/// The changes, each added rule with the provenance of its desired group.
struct ChangesOut<'a> {
    provenance: ChangeProvenance<'a>,
}

impl<'a> ChangesOut<'a> {
    fn new(plan: &'a Plan) -> ChangesOut<'a> {
        ChangesOut { provenance: ChangeProvenance::new(&plan.desired) }
    }

    fn change(&self, change: &'a Change) -> ChangeOut<'a> {
        let provenance = self.provenance.of(change);
        ChangeOut {
            address: &change.address,
            action: change.action.as_str(),
            security_group: &change.security_group,
            before: change.before.as_ref().map(StateOut::from),
            after: change.after.as_ref().map(StateOut::from),
            rules_added: RulesOut { rules: &change.rules_added, provenance },
            rules_removed: Rules { rules: &change.rules_removed, provenance: None },
            rules_updated: RuleUpdates(&change.rules_updated),
            tags_set: &change.tags_set,
            tags_removed: change.tags_removed.keys().map(String::as_str).collect(),
        }
    }
}

/// `json::ChangeDoc`, borrowed, written field by field: the rules it adds to a node SG carry
/// the provenance of every target rule of the cluster (`RuleOut`).
struct ChangeOut<'a> {
    address: &'a str,
    action: &'a str,
    security_group: &'a GroupRef,
    before: Option<StateOut<'a>>,
    after: Option<StateOut<'a>>,
    rules_added: RulesOut<'a>,
    rules_removed: Rules<'a>,
    rules_updated: RuleUpdates<'a>,
    tags_set: &'a Tags,
    tags_removed: Vec<&'a str>,
}

impl Part for ChangeOut<'_> {
    fn write<W: std::io::Write>(&self, out: &mut W, depth: usize) -> std::io::Result<()> {
        let mut object = Object::open(out, depth + 1)?;
        object.field(out, "address", &self.address)?;
        object.field(out, "action", &self.action)?;
        object.field(out, "security_group", self.security_group)?;
        object.field(out, "before", &self.before)?;
        object.field(out, "after", &self.after)?;
        object.key(out, "rules_added")?;
        let RulesOut { rules, provenance } = self.rules_added;
        json_parts::array(out, object.depth(), rules, |rule| RuleOut {
            security_group_id: None,
            record: explained(rule, provenance),
        })?;
        object.field(out, "rules_removed", &self.rules_removed)?;
        object.field(out, "rules_updated", &self.rules_updated)?;
        object.field(out, "tags_set", self.tags_set)?;
        object.field(out, "tags_removed", &self.tags_removed)?;
        object.close(out)
    }
}

/// Rules with their provenance, each written as a `RuleOut`.
#[derive(Clone, Copy)]
struct RulesOut<'a> {
    rules: &'a [Rule],
    provenance: Option<&'a ProvenanceMap>,
}

/// `json::RuleUpdateDoc`s: each rule before and after, without provenance.
struct RuleUpdates<'a>(&'a [RuleUpdate]);

impl Serialize for RuleUpdates<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct UpdateOut<'a> {
            before: RuleRecordRef<'a>,
            after: RuleRecordRef<'a>,
        }
        serializer.collect_seq(self.0.iter().map(|update| UpdateOut {
            before: RuleRecordRef::new(&update.before, &[]),
            after: RuleRecordRef::new(&update.after, &[]),
        }))
    }
}

/// `json::GroupStateDoc`, borrowed.
#[derive(Serialize)]
struct StateOut<'a> {
    id: Option<&'a str>,
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vpc_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<&'a Tags>,
    ingress: Rules<'a>,
}

impl<'a> From<&'a GroupState> for StateOut<'a> {
    fn from(state: &'a GroupState) -> Self {
        StateOut {
            id: state.id.as_deref(),
            name: state.name.as_deref(),
            description: state.description.as_deref(),
            vpc_id: state.vpc_id.as_deref(),
            tags: state.tags.as_ref(),
            ingress: Rules { rules: &state.ingress, provenance: None },
        }
    }
}

/// Rules as `RuleRecord`s, each with its provenance when a map is given.
struct Rules<'a> {
    rules: &'a [Rule],
    provenance: Option<&'a ProvenanceMap>,
}

impl Serialize for Rules<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.rules.iter().map(|rule| explained(rule, self.provenance)))
    }
}

/// A rule's record with its provenance, when a map is given and has the rule.
fn explained<'a>(rule: &'a Rule, provenance: Option<&'a ProvenanceMap>) -> RuleRecordRef<'a> {
    RuleRecordRef::new(rule, provenance.map_or(&[][..], |map| provenance_of(rule, map)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sg::{Peer, Protocol, Provenance};

    fn provenance(count: usize) -> Vec<Provenance> {
        (0..count)
            .map(|i| Provenance {
                source: format!("m.yaml:{i}"),
                object: format!("Ingress ns/ing-{i}"),
                reason: "target group of Service \"quoted\"\n".into(),
            })
            .collect()
    }

    /// A rule with a long provenance, written field by field, is the text its record
    /// serialises to whole: with every kind of source, with and without its target group,
    /// at every depth.
    #[test]
    fn a_rule_written_in_parts_is_its_records_text() {
        let long = provenance(json_parts::WORTH_SPLITTING + 44);
        let peers = [
            Peer::CidrV4("10.0.0.0/16".into()),
            Peer::CidrV6("2600::/64".into()),
            Peer::PrefixList("pl-1".into()),
            Peer::Group(GroupRef { id: Some("sg-1".into()), name: None }),
            Peer::Group(GroupRef { id: None, name: Some("k8s-traffic-c-0123456789".into()) }),
        ];
        for peer in peers {
            let rule =
                Rule { protocol: Protocol::Tcp, from_port: 80, to_port: 30000, peer, description: "d \"x\"".into() };
            for security_group_id in [None, Some("sg-node")] {
                for depth in 0..4 {
                    let record = RuleRecordRef::new(&rule, &long);
                    let mut whole = Vec::new();
                    match security_group_id {
                        Some(security_group_id) => {
                            json_parts::value_at(&mut whole, depth, &NodeRuleOut { security_group_id, rule: &record })
                        }
                        None => json_parts::value_at(&mut whole, depth, &record),
                    }
                    .unwrap();
                    let mut parts = Vec::new();
                    RuleOut { security_group_id, record }.write(&mut parts, depth).unwrap();
                    assert_eq!(String::from_utf8(parts).unwrap(), String::from_utf8(whole).unwrap(), "{rule:?}");
                }
            }
        }
    }

    /// A plan whose node rule names hundreds of target rules (its provenance written in
    /// parts, in the desired state and in the change that adds it) is written as the typed
    /// document serialises.
    #[test]
    fn a_plan_with_long_provenance_is_the_typed_documents_text() {
        let mut text = String::from(
            "apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: alb}\nspec: {controller: ingress.k8s.aws/alb}\n",
        );
        for i in 0..json_parts::WORTH_SPLITTING + 20 {
            text.push_str(&format!(
                "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {{name: ing{i}, namespace: ns}}\nspec:\n  ingressClassName: alb\n  defaultBackend: {{service: {{name: svc{i}, port: {{number: 80}}}}}}\n---\napiVersion: v1\nkind: Service\nmetadata: {{name: svc{i}, namespace: ns}}\nspec: {{type: NodePort, ports: [{{port: 80, nodePort: {}}}]}}\n",
                30000 + i
            ));
        }
        let mut manifests = crate::manifest::Manifests::default();
        crate::manifest::load::load_text("m.yaml", &text, &mut manifests).unwrap();
        let account =
            crate::state::read("live.json", include_str!("../../tests/fixtures/alb-backend-sg-flag/live.json"))
                .unwrap();
        let plan =
            crate::pipeline::plan_against(&manifests, &crate::settings::Settings::for_cluster("c"), &account, false)
                .unwrap();
        let node_rules = plan.desired.node_rules.values().flatten();
        let longest = node_rules.map(|rule| provenance_of(rule, &plan.desired.node_provenance).len()).max();
        assert!(longest > Some(json_parts::WORTH_SPLITTING), "{longest:?}");
        assert!(plan.changes.iter().any(|change| change.node_rules_only && !change.rules_added.is_empty()));
        let mut streamed = Vec::new();
        write_plan(&plan, &mut streamed).unwrap();
        assert_eq!(
            String::from_utf8(streamed).unwrap(),
            crate::render::json::to_text(&crate::render::json::document(&plan))
        );
    }
}
