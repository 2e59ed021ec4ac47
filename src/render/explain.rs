//! `sgctl explain SG`: for one security group of a plan, every rule it will have and why
//! (the manifest, the object, the setting), and every rule that will be revoked and why.

use crate::plan::{Change, Plan};
use crate::sg::{Provenance, Rule};
use std::fmt::Write;

/// The plan has no such group.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("no security group named or with id {0} in this plan: it is neither one the manifests need, nor one of the cluster's that would change")]
pub struct NoSuchGroup(pub String);

fn reasons(out: &mut String, rule: &Rule, provenance: Option<&Vec<Provenance>>) {
    let _ = writeln!(out, "  {rule}");
    match provenance {
        Some(whys) if !whys.is_empty() => {
            for why in whys {
                let _ = writeln!(out, "      from {} ({}): {}", why.source, why.object, why.reason);
            }
        }
        _ => {
            let _ = writeln!(out, "      already in the account, and asked for by the manifests");
        }
    }
}

/// The node rules of the node SG `wanted` (its id, or the name of a group whose rules change),
/// with its id.
fn node_rules_of<'a>(plan: &'a Plan, change: Option<&'a Change>, wanted: &'a str) -> Option<(&'a str, &'a Vec<Rule>)> {
    let id = change.filter(|change| change.node_rules_only).and_then(|change| change.security_group.id.as_deref());
    let id = id.unwrap_or(wanted);
    plan.desired.node_rules.get(id).map(|rules| (id, rules))
}

/// Every rule of the group named `wanted` (its name or id) and why, then those revoked.
pub fn explain(plan: &Plan, wanted: &str) -> Result<String, NoSuchGroup> {
    let mut out = String::new();
    let desired = &plan.desired;
    let change = plan.changes.iter().find(|change| {
        change.security_group.id.as_deref() == Some(wanted) || change.security_group.name.as_deref() == Some(wanted)
    });
    if let Some(group) = desired
        .security_groups
        .iter()
        .find(|group| group.name == wanted || change.is_some_and(|c| c.address == group.address))
    {
        let _ = writeln!(out, "Security group {} ({})\n", group.name, group.address);
        let _ = writeln!(out, "Rules and why:");
        if group.ingress.is_empty() {
            let _ = writeln!(out, "  (none: the group is only attached to load balancers and used as a source)");
        }
        for rule in &group.ingress {
            reasons(&mut out, rule, group.provenance.get(&rule.identity_text()));
        }
    } else if let Some((id, rules)) = node_rules_of(plan, change, wanted) {
        let _ = writeln!(out, "Node security group {wanted}: the rules sgctl manages on it\n");
        let _ = writeln!(out, "Rules and why:");
        for rule in rules {
            let provenance = desired.node_provenance.get(id);
            reasons(&mut out, rule, provenance.and_then(|p| p.get(&rule.identity_text())));
        }
    } else if change.is_none() {
        return Err(NoSuchGroup(wanted.to_string()));
    }
    if let Some(change) = change {
        if !change.rules_removed.is_empty() {
            let _ = writeln!(out, "\nRules that will be revoked:");
            let why = if change.node_rules_only {
                "labelled as the controller's (elbv2.k8s.aws/targetGroupBinding=shared), and no target group needs it"
            } else if change.after.is_none() {
                "the group is destroyed: no Ingress or Service of the manifests needs it"
            } else {
                "no manifest asks for it (every inbound rule of a managed group is sgctl's)"
            };
            for rule in &change.rules_removed {
                let _ = writeln!(out, "  {rule}\n      {why}");
            }
        }
    }
    Ok(out)
}
