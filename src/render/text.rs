//! The text plan, terraform's conventions with security-group content: a symbol legend,
//! one block per changed group, rules read as `tcp 443 from 0.0.0.0/0`, a table of rule
//! changes, warnings, and the frozen summary line.
//!
//! Renders the JSON document (not the in-memory plan), so `sgctl show PLANFILE` prints
//! exactly what `sgctl plan` printed.

use super::{legend, summary_line, symbol, verb};
use crate::document::{AddedRuleDoc, ChangeDoc, PlanDocument};
use crate::plan::{widening, Action};
use crate::sg::record::RuleRecord;
use crate::sg::{Protocol, Rule};
use comfy_table::{presets, ContentArrangement, Table};
use std::fmt::Write;

pub(crate) fn rule_of(record: &RuleRecord) -> Option<Rule> {
    record.clone().into_rules().ok()?.into_iter().next()
}

fn rule_text(record: &RuleRecord) -> String {
    rule_of(record).map(|rule| rule.to_string()).unwrap_or_else(|| "<invalid rule>".into())
}

/// Rules in the order a reviewer scans them: protocol, ports, source.
pub(crate) fn sorted_rules<'a>(records: impl IntoIterator<Item = &'a RuleRecord>) -> Vec<Rule> {
    let mut rules: Vec<Rule> = records.into_iter().filter_map(rule_of).collect();
    rules.sort_by(|a, b| a.key().cmp(&b.key()));
    rules
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
    for line in super::origin_lines(document) {
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out);
    if !document.changes.is_empty() {
        let _ = writeln!(
            out,
            "sgctl will perform the following actions. Resource actions are indicated with the following symbols:"
        );
        for action in [Action::Create, Action::Update, Action::Delete] {
            if document.changes.iter().any(|c| c.action == action) {
                let _ = writeln!(out, "  {} {}", symbol(action), legend(action));
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
    let _ = writeln!(out, "{}", summary_line(document));
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
    let sign = symbol(change.action);
    let group = &change.security_group;
    let _ = writeln!(out, "  # {} {}", change.address, verb(change.action));
    let kind = if change.is_node_rules() { "security_group_rules" } else { "security_group" };
    let _ = writeln!(out, "  {sign} {kind} {} {{", quoted(group.label()));
    let state = change.after.as_ref().or(change.before.as_ref());
    let attribute = |out: &mut String, mark: &str, name: &str, value: String| {
        let _ = writeln!(out, "      {mark} {name:<11} = {value}");
    };
    match change.action {
        Action::Create => {
            attribute(out, "+", "id", "(known after apply)".into());
            if let Some(state) = state {
                attribute(out, "+", "name", quoted(state.name.as_deref().unwrap_or("")));
                attribute(out, "+", "description", quoted(state.description.as_deref().unwrap_or("")));
            }
        }
        action => {
            let mark = if action == Action::Delete { "-" } else { " " };
            // No id: a group of an imagined account (`sgctl diff`'s old side creates it).
            let id = group.id.as_deref().map_or_else(|| "(known after apply)".to_string(), quoted);
            attribute(out, mark, "id", id);
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
    let lines: Vec<(String, String, String)> = match change.action {
        Action::Delete => return,
        Action::Create => change.tags_set.iter().map(|(k, v)| ("+".into(), quoted(k), quoted(v))).collect(),
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
    let mark = if change.action == Action::Create { "+" } else { "~" };
    let _ = writeln!(out, "      {mark} {:<11} = {{", "tags");
    for (sign, key, value) in lines {
        let _ = writeln!(out, "          {sign} {key:<width$} = {value}");
    }
    let _ = writeln!(out, "        }}");
}

/// Rule lines in rule order: the before and after lists merged, so additions and removals
/// appear where they sort, and unchanged rules are counted. An added rule that widens access
/// (as the plan marked it) says why.
fn render_rules(out: &mut String, change: &ChangeDoc) {
    let before: Vec<Rule> = match change.action {
        Action::Create => Vec::new(),
        _ => change.before.as_ref().map(|b| sorted_rules(&b.ingress)).unwrap_or_default(),
    };
    let after: Vec<Rule> = match change.action {
        Action::Delete => Vec::new(),
        _ => {
            let removed: Vec<Rule> = sorted_rules(&change.rules_removed);
            let mut after: Vec<Rule> =
                before.iter().filter(|rule| !removed.iter().any(|r| r.key() == rule.key())).cloned().collect();
            after.extend(sorted_rules(change.rules_added.iter().map(|added| &added.rule)));
            after.sort_by(|a, b| a.key().cmp(&b.key()));
            after
        }
    };
    // Each added rule: whether it widens access, and where it comes from (shown under it).
    let added: std::collections::BTreeMap<String, &AddedRuleDoc> =
        change.rules_added.iter().filter_map(|added| Some((rule_of(&added.rule)?.identity_text(), added))).collect();
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
                    let doc = added.get(&rule.identity_text());
                    let note = match doc {
                        Some(doc) if doc.widens_access => {
                            format!("  # widens access: {}", widening::describe(rule, &before))
                        }
                        _ => String::new(),
                    };
                    lines.push(format!("+ {rule}{note}"));
                    if let Some(whys) = doc.map(|doc| &doc.rule.provenance).filter(|whys| !whys.is_empty()) {
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
    let _ = writeln!(out, "      {} {:<11} = [", symbol(change.action), "ingress");
    for line in lines {
        let _ = writeln!(out, "          {line}");
    }
    if unchanged > 0 && change.action != Action::Delete {
        let noun = if unchanged == 1 { "rule" } else { "rules" };
        let _ = writeln!(out, "            # ({unchanged} unchanged {noun} hidden)");
    }
    let _ = writeln!(out, "        ]");
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
        let added: Vec<RuleRecord> = change.rules_added.iter().map(|added| added.rule.clone()).collect();
        for row in rows_of("+", &added).into_iter().chain(rows_of("-", &change.rules_removed)) {
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
