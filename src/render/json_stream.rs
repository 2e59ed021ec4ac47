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
use super::json_parts::{self, Object};
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
    json_parts::array(out, document.depth(), &plan.warnings, warning_doc)?;
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
        json_parts::array(out, object.depth(), &desired.security_groups, |group| self.group(group))?;
        object.key(out, "load_balancers")?;
        json_parts::array(out, object.depth(), &desired.load_balancers, LoadBalancerOut::from)?;
        let node_rules: Vec<NodeRuleOut<'_>> = desired
            .node_rules
            .iter()
            .flat_map(|(id, rules)| {
                rules.iter().map(move |rule| NodeRuleOut {
                    security_group_id: id,
                    rule: explained(rule, Some(&desired.node_provenance)),
                })
            })
            .collect();
        // Thousands of rules with their provenance on a big cluster: in blocks on two cores.
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
    rule: RuleRecordRef<'a>,
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
            rules_added: Rules { rules: &change.rules_added, provenance },
            rules_removed: Rules { rules: &change.rules_removed, provenance: None },
            rules_updated: &change.rules_updated,
            tags_set: &change.tags_set,
            tags_removed: change.tags_removed.keys().map(String::as_str).collect(),
        }
    }
}

/// `json::ChangeDoc`, borrowed.
#[derive(Serialize)]
struct ChangeOut<'a> {
    address: &'a str,
    action: &'a str,
    security_group: &'a GroupRef,
    before: Option<StateOut<'a>>,
    after: Option<StateOut<'a>>,
    rules_added: Rules<'a>,
    rules_removed: Rules<'a>,
    #[serde(serialize_with = "rule_updates")]
    rules_updated: &'a [RuleUpdate],
    tags_set: &'a Tags,
    tags_removed: Vec<&'a str>,
}

/// `json::RuleUpdateDoc`s: each rule before and after, without provenance.
fn rule_updates<S: Serializer>(updates: &&[RuleUpdate], serializer: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct UpdateOut<'a> {
        before: RuleRecordRef<'a>,
        after: RuleRecordRef<'a>,
    }
    serializer.collect_seq(updates.iter().map(|update| UpdateOut {
        before: RuleRecordRef::new(&update.before, &[]),
        after: RuleRecordRef::new(&update.after, &[]),
    }))
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
