//! The text plan, terraform's conventions with security-group content: a symbol legend,
//! one block per changed group, rules read as `tcp 443 from 0.0.0.0/0`, a table of rule
//! changes, warnings, and the frozen summary line.
//!
//! Renders the JSON document (not the in-memory plan), so `sgctl show PLANFILE` prints
//! exactly what `sgctl plan` printed.

use super::json::{ChangeDoc, PlanDocument};
use crate::sg::record::RuleRecord;
use crate::sg::{Protocol, Rule};
use comfy_table::{presets, ContentArrangement, Table};
use std::fmt::Write;

pub const NO_CHANGES: &str = "No changes. Your security groups match the manifests.";

pub(crate) fn rule_of(record: &RuleRecord) -> Option<Rule> {
    record.clone().into_rules().ok()?.into_iter().next()
}

fn rule_text(record: &RuleRecord) -> String {
    rule_of(record).map(|rule| rule.to_string()).unwrap_or_else(|| "<invalid rule>".into())
}

/// Rules in the order a reviewer scans them: protocol, ports, source.
fn sorted_rules(records: &[RuleRecord]) -> Vec<Rule> {
    let mut rules: Vec<Rule> = records.iter().filter_map(rule_of).collect();
    rules.sort_by(|a, b| a.key().cmp(&b.key()));
    rules
}

fn symbol(action: &str) -> &'static str {
    match action {
        "create" => "+",
        "delete" => "-",
        _ => "~",
    }
}

fn verb(action: &str) -> &'static str {
    match action {
        "create" => "will be created",
        "delete" => "will be destroyed",
        _ => "will be updated in-place",
    }
}

/// Renders the whole plan.
pub fn render(document: &PlanDocument) -> String {
    let mut out = String::new();
    let mut header = format!("Cluster: {}", document.cluster);
    for (label, value) in [("Account", &document.account_id), ("Region", &document.region), ("VPC", &document.vpc_id)] {
        if let Some(value) = value {
            header.push_str(&format!("    {label}: {value}"));
        }
    }
    let _ = writeln!(out, "{header}");
    let _ = writeln!(out);
    if !document.changes.is_empty() {
        let _ = writeln!(
            out,
            "sgctl will perform the following actions. Resource actions are indicated with the following symbols:"
        );
        for action in ["create", "update", "delete"] {
            if document.changes.iter().any(|c| c.action == action) {
                let label = match action {
                    "create" => "create",
                    "update" => "update in-place",
                    _ => "destroy",
                };
                let _ = writeln!(out, "  {} {label}", symbol(action));
            }
        }
        let _ = writeln!(out);
        for change in &document.changes {
            render_change(&mut out, change);
            let _ = writeln!(out);
        }
        render_table(&mut out, document);
    }
    render_unresolved(&mut out, document);
    render_warnings(&mut out, document);
    let summary = &document.summary;
    if document.changes.is_empty() {
        let _ = writeln!(out, "{NO_CHANGES}");
    } else {
        let _ = writeln!(
            out,
            "Plan: {} to add, {} to change, {} to destroy.",
            summary.add, summary.change, summary.destroy
        );
    }
    out
}

/// `"old" -> "new"`; for long values, the changed words are marked too (`[-old-]{+new+}`),
/// so a one-word edit in a long description is easy to spot.
fn changed_value(old: &str, new: &str) -> String {
    let plain = format!("{} -> {}", quoted(old), quoted(new));
    if old.len() < 40 || new.len() < 40 {
        return plain;
    }
    let diff = similar::TextDiff::from_words(old, new);
    let marked: String = diff
        .iter_all_changes()
        .map(|change| match change.tag() {
            similar::ChangeTag::Equal => change.value().to_string(),
            similar::ChangeTag::Delete => format!("[-{}-]", change.value()),
            similar::ChangeTag::Insert => format!("{{+{}+}}", change.value()),
        })
        .collect();
    format!("{plain}  # {marked}")
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

fn render_change(out: &mut String, change: &ChangeDoc) {
    let sign = symbol(&change.action);
    let group = &change.security_group;
    let _ = writeln!(out, "  # {} {}", change.address, verb(&change.action));
    let kind =
        if change.address.starts_with("security_group_rules.") { "security_group_rules" } else { "security_group" };
    let _ = writeln!(out, "  {sign} {kind} {} {{", quoted(group.label()));
    let state = change.after.as_ref().or(change.before.as_ref());
    let attribute = |out: &mut String, mark: &str, name: &str, value: String| {
        let _ = writeln!(out, "      {mark} {name:<11} = {value}");
    };
    match change.action.as_str() {
        "create" => {
            attribute(out, "+", "id", "(known after apply)".into());
            if let Some(state) = state {
                attribute(out, "+", "name", quoted(state.name.as_deref().unwrap_or("")));
                attribute(out, "+", "description", quoted(state.description.as_deref().unwrap_or("")));
            }
        }
        action => {
            let mark = if action == "delete" { "-" } else { " " };
            attribute(out, mark, "id", quoted(group.id.as_deref().unwrap_or("")));
            if let Some(name) = &group.name {
                attribute(out, mark, "name", quoted(name));
            }
        }
    }
    render_tags(out, change);
    render_rules(out, change);
    let _ = writeln!(out, "    }}");
}

fn render_tags(out: &mut String, change: &ChangeDoc) {
    let before_tags = change.before.as_ref().and_then(|b| b.tags.clone()).unwrap_or_default();
    let lines: Vec<(String, String, String)> = match change.action.as_str() {
        "delete" => return,
        "create" => change.tags_set.iter().map(|(k, v)| ("+".into(), quoted(k), quoted(v))).collect(),
        _ => {
            let mut lines: Vec<(String, String, String)> = change
                .tags_set
                .iter()
                .map(|(k, v)| match before_tags.get(k) {
                    Some(old) => ("~".into(), quoted(k), changed_value(old, v)),
                    None => ("+".into(), quoted(k), quoted(v)),
                })
                .collect();
            lines.extend(change.tags_removed.iter().map(|k| {
                (
                    "-".into(),
                    quoted(k),
                    format!("{} -> null", quoted(before_tags.get(k).map(String::as_str).unwrap_or(""))),
                )
            }));
            lines
        }
    };
    if lines.is_empty() {
        return;
    }
    let width = lines.iter().map(|(_, k, _)| k.len()).max().unwrap_or(0);
    let mark = if change.action == "create" { "+" } else { "~" };
    let _ = writeln!(out, "      {mark} {:<11} = {{", "tags");
    for (sign, key, value) in lines {
        let _ = writeln!(out, "          {sign} {key:<width$} = {value}");
    }
    let _ = writeln!(out, "        }}");
}

/// Rule lines in rule order: the before and after lists are aligned with `similar`, so
/// additions and removals appear where they sort, and unchanged rules are counted. An added
/// rule open to the world is marked, since it widens access.
fn render_rules(out: &mut String, change: &ChangeDoc) {
    let before: Vec<Rule> = match change.action.as_str() {
        "create" => Vec::new(),
        _ => change.before.as_ref().map(|b| sorted_rules(&b.ingress)).unwrap_or_default(),
    };
    let after: Vec<Rule> = match change.action.as_str() {
        "delete" => Vec::new(),
        _ => {
            let removed: Vec<Rule> = sorted_rules(&change.rules_removed);
            let mut after: Vec<Rule> =
                before.iter().filter(|rule| !removed.iter().any(|r| r.key() == rule.key())).cloned().collect();
            after.extend(sorted_rules(&change.rules_added));
            after.sort_by(|a, b| a.key().cmp(&b.key()));
            after
        }
    };
    let removed: Vec<&Rule> = before.iter().filter(|rule| !after.iter().any(|r| r.key() == rule.key())).collect();
    // Where each added rule comes from, shown under it.
    let provenance: std::collections::BTreeMap<String, &Vec<crate::sg::Provenance>> = change
        .rules_added
        .iter()
        .filter(|record| !record.provenance.is_empty())
        .filter_map(|record| Some((rule_of(record)?.identity_text(), &record.provenance)))
        .collect();
    let mut lines = Vec::new();
    let mut unchanged: usize = 0;
    // Both lists are sorted by rule identity: merge them in that order.
    let (mut b, mut a) = (before.iter().peekable(), after.iter().peekable());
    loop {
        let order = match (b.peek(), a.peek()) {
            (None, None) => break,
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(old), Some(new)) => old.key().cmp(&new.key()),
        };
        match order {
            std::cmp::Ordering::Equal => {
                unchanged += 1;
                b.next();
                a.next();
            }
            std::cmp::Ordering::Less => {
                lines.push(format!("- {}", b.next().map(ToString::to_string).unwrap_or_default()))
            }
            std::cmp::Ordering::Greater => {
                if let Some(rule) = a.next() {
                    let note =
                        widening(rule, &removed).map(|why| format!("  # widens access: {why}")).unwrap_or_default();
                    lines.push(format!("+ {rule}{note}"));
                    if let Some(whys) = provenance.get(&rule.identity_text()) {
                        for why in whys.iter().take(3) {
                            lines.push(format!("    # from {} ({}): {}", why.source, why.object, why.reason));
                        }
                        if whys.len() > 3 {
                            lines.push(format!("    # and {} more", whys.len() - 3));
                        }
                    }
                }
            }
        }
    }
    for update in &change.rules_updated {
        lines.push(format!(
            "~ {}  description: {}",
            rule_text(&update.after),
            changed_value(&update.before.description, &update.after.description)
        ));
        unchanged = unchanged.saturating_sub(1);
    }
    if lines.is_empty() && unchanged == 0 {
        return;
    }
    let mark = match change.action.as_str() {
        "create" => "+",
        "delete" => "-",
        _ => "~",
    };
    let _ = writeln!(out, "      {mark} {:<11} = [", "ingress");
    for line in lines {
        let _ = writeln!(out, "          {line}");
    }
    if unchanged > 0 && change.action != "delete" {
        let noun = if unchanged == 1 { "rule" } else { "rules" };
        let _ = writeln!(out, "            # ({unchanged} unchanged {noun} hidden)");
    }
    let _ = writeln!(out, "        ]");
}

/// Why an added rule widens access: it opens to the world, or it replaces a narrower
/// port range from the same source (`tcp 30080-30100` becoming `tcp 30080-32500`).
pub(crate) fn widening(added: &Rule, removed: &[&Rule]) -> Option<String> {
    if added.peer.is_world() {
        return Some("open to the world".into());
    }
    let same_source = |rule: &&&Rule| rule.protocol == added.protocol && rule.peer == added.peer;
    let widest = removed.iter().filter(same_source).max_by_key(|rule| rule.port_count())?;
    (added.port_count() > widest.port_count()).then(|| {
        format!(
            "{} -> {} ({} ports, was {})",
            widest.ports_text(),
            added.ports_text(),
            added.port_count(),
            widest.port_count()
        )
    })
}

pub(crate) fn peer_text(record: &RuleRecord) -> String {
    match (&record.cidr_ipv4, &record.cidr_ipv6) {
        (Some(cidr), _) if cidr == "0.0.0.0/0" => "Everyone (IPv4)".into(),
        (_, Some(cidr)) if cidr == "::/0" => "Everyone (IPv6)".into(),
        _ => rule_of(record).map(|r| r.peer.to_string()).unwrap_or_default(),
    }
}

fn render_table(out: &mut String, document: &PlanDocument) {
    let mut table = Table::new();
    table.load_preset(presets::ASCII_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Disabled);
    table.set_header(vec!["±", "Group", "Dir", "Protocol", "Ports", "Peer"]);
    let mut rows = 0;
    for change in &document.changes {
        let group = change.security_group.label().to_string();
        let rows_of = |sign: &str, records: &[RuleRecord]| -> Vec<Vec<String>> {
            records
                .iter()
                .filter_map(|record| {
                    let rule = rule_of(record)?;
                    let protocol =
                        if rule.protocol == Protocol::All { "all".to_string() } else { rule.protocol.to_string() };
                    let ports = if rule.protocol == Protocol::All { "all".to_string() } else { rule.ports_text() };
                    Some(vec![sign.to_string(), group.clone(), "In".into(), protocol, ports, peer_text(record)])
                })
                .collect()
        };
        for row in rows_of("+", &change.rules_added).into_iter().chain(rows_of("-", &change.rules_removed)) {
            table.add_row(row);
            rows += 1;
        }
    }
    if rows > 0 {
        let _ = writeln!(out, "Rule changes:");
        let _ = writeln!(out, "{table}");
        let _ = writeln!(out);
    }
}

fn render_unresolved(out: &mut String, document: &PlanDocument) {
    if document.desired.unresolved_node_rules.is_empty() {
        return;
    }
    let _ =
        writeln!(out, "Node rules with unknown ports (not planned; existing rules from these sources are left alone):");
    for rule in &document.desired.unresolved_node_rules {
        let _ = writeln!(out, "  ? {} (unknown port) from {}    # {}", rule.protocol, rule.source, rule.manifest);
    }
    let _ = writeln!(out);
}

fn render_warnings(out: &mut String, document: &PlanDocument) {
    for warning in &document.warnings {
        let _ = writeln!(out, "Warning: [{}] {}", warning.code, warning.message);
        if let Some(source) = &warning.source {
            let _ = writeln!(out, "  at {source}");
        }
        let _ = writeln!(out);
    }
}
