//! The plan as a pull-request comment: the summary line first, a table of rule changes per
//! security group (open CIDRs spelled `Everyone (IPv4)` / `Everyone (IPv6)`, widened access
//! marked), the warnings with their codes, and the full text plan in a collapsible block.
//!
//! The comment fits `limit` characters (GitHub's is 65,536): tables are cut between rows,
//! never inside one, and the text plan between lines, each cut saying what was left out.

use super::text::{self, peer_text, rule_of, sorted_rules};
use super::{summary_line, symbol};
use crate::document::{ChangeDoc, PlanDocument};
use crate::plan::{widening, Action};
use crate::sg::{Protocol, Rule};
use std::fmt::Write;

/// GitHub's maximum comment size, in characters.
pub const COMMENT_LIMIT: usize = 65_536;

/// Room kept for the notes that say what was cut, and the closing of the details block.
const RESERVE: usize = 600;

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn context_line(document: &PlanDocument) -> String {
    let mut parts = vec![format!("sgctl {}", document.sgctl_version), format!("cluster `{}`", document.cluster)];
    for (label, value) in [("account", &document.account_id), ("region", &document.region), ("VPC", &document.vpc_id)] {
        if let Some(value) = value {
            parts.push(format!("{label} `{value}`"));
        }
    }
    let mut line = parts.join(" · ");
    for origin in super::origin_lines(document) {
        line.push_str(&format!("  \n{origin}"));
    }
    line
}

/// A table per changed group: its heading and its rows.
fn tables(document: &PlanDocument) -> Vec<(String, Vec<String>)> {
    document
        .changes
        .iter()
        .filter(|change| {
            !change.rules_added.is_empty() || !change.rules_removed.is_empty() || !change.rules_updated.is_empty()
        })
        .map(|change| (heading(change), rows(change)))
        .collect()
}

fn heading(change: &ChangeDoc) -> String {
    let name = change.security_group.label();
    format!(
        "#### {} `{}` ({})\n`{}`\n\n| ± | Protocol | Ports | Source | Note |\n|:-:|---|---|---|---|\n",
        symbol(change.action),
        cell(name),
        change.action.as_str(),
        cell(&change.address)
    )
}

fn rows(change: &ChangeDoc) -> Vec<String> {
    let before: Vec<Rule> = match change.action {
        Action::Create => Vec::new(),
        _ => change.before.as_ref().map(|before| sorted_rules(&before.ingress)).unwrap_or_default(),
    };
    let mut rows = Vec::new();
    let row = |sign: &str, rule: &Rule, source: String, note: String| {
        let protocol = if rule.protocol == Protocol::All { "all".to_string() } else { rule.protocol.to_string() };
        let ports = if rule.protocol == Protocol::All { "all".to_string() } else { rule.ports_text() };
        format!("| {sign} | {protocol} | {} | {} | {} |\n", cell(&ports), cell(&source), cell(&note))
    };
    for added in &change.rules_added {
        if let Some(rule) = rule_of(&added.rule) {
            let note = if added.widens_access {
                format!("**widens access**: {}", widening::describe(&rule, &before))
            } else {
                String::new()
            };
            rows.push(row("+", &rule, peer_text(&added.rule), note));
        }
    }
    for update in &change.rules_updated {
        if let Some(rule) = rule_of(&update.after) {
            let note = format!("description {:?} → {:?}", update.before.description, update.after.description);
            rows.push(row("~", &rule, peer_text(&update.after), note));
        }
    }
    for record in &change.rules_removed {
        if let Some(rule) = rule_of(record) {
            rows.push(row("-", &rule, peer_text(record), String::new()));
        }
    }
    rows
}

/// Renders the comment within `limit` characters.
pub fn render(document: &PlanDocument, limit: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "**{}**\n\n{}\n", summary_line(document), context_line(document));
    let mut warnings = String::new();
    if !document.warnings.is_empty() {
        let _ = writeln!(warnings, "### Warnings\n");
        for warning in &document.warnings {
            let place = warning.source.as_ref().map(|source| format!(" (`{source}`)")).unwrap_or_default();
            let _ = writeln!(warnings, "- **`{}`**: {}{place}", warning.code, cell(&warning.message));
        }
        warnings.push('\n');
    }
    let full_text = text::render(document);
    let budget = |out: &String, extra: usize| out.chars().count() + extra + RESERVE <= limit;

    // Tables, row by row, while they fit beside the warnings.
    let tables = tables(document);
    let total_rows: usize = tables.iter().map(|(_, rows)| rows.len()).sum();
    let mut shown_rows = 0;
    'tables: for (heading, rows) in &tables {
        if !budget(&out, heading.chars().count() + warnings.chars().count()) {
            break;
        }
        out.push_str(heading);
        for row in rows {
            if !budget(&out, row.chars().count() + warnings.chars().count()) {
                break 'tables;
            }
            out.push_str(row);
            shown_rows += 1;
        }
        out.push('\n');
    }
    if shown_rows < total_rows {
        let _ = writeln!(
            out,
            "\n_{} more rule changes are not shown here (comment size limit); the full plan is in the job log._\n",
            total_rows - shown_rows
        );
    }
    if budget(&out, warnings.chars().count()) {
        out.push_str(&warnings);
    }

    // The full text plan, line by line, while it fits.
    out.push_str("<details><summary>Full plan</summary>\n\n```text\n");
    let lines: Vec<&str> = full_text.lines().collect();
    let mut shown_lines = 0;
    for line in &lines {
        if !budget(&out, line.chars().count() + 1) {
            break;
        }
        out.push_str(line);
        out.push('\n');
        shown_lines += 1;
    }
    out.push_str("```\n");
    if shown_lines < lines.len() {
        let _ = writeln!(
            out,
            "\n_{} more lines of the plan are not shown (comment size limit)._",
            lines.len() - shown_lines
        );
    }
    out.push_str("\n</details>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{DesiredDoc, PlanDocument, SummaryDoc};
    use crate::sg::record::RuleRecord;
    use crate::sg::GroupRef;

    fn document(groups: usize, rules: usize) -> PlanDocument {
        let rule = |i: usize| RuleRecord {
            protocol: "tcp".into(),
            from_port: 1000 + i as i32,
            to_port: 1000 + i as i32,
            cidr_ipv4: Some("0.0.0.0/0".into()),
            ..RuleRecord::default()
        };
        let changes = (0..groups)
            .map(|g| ChangeDoc {
                address: format!("security_group.frontend[\"ns/ing-{g}\"]"),
                action: crate::plan::Action::Create,
                security_group: GroupRef::by_name(format!("k8s-ns-ing{g}-0123456789")),
                before: None,
                after: None,
                rules_added: (0..rules)
                    .map(|i| crate::document::AddedRuleDoc { rule: rule(i), widens_access: true })
                    .collect(),
                rules_removed: Vec::new(),
                rules_updated: Vec::new(),
                tags_set: Default::default(),
                tags_removed: Vec::new(),
            })
            .collect();
        PlanDocument {
            format_version: "1".into(),
            sgctl_version: "0.1.0".into(),
            cluster: "c".into(),
            account_id: None,
            region: None,
            vpc_id: None,
            desired: DesiredDoc {
                security_groups: Vec::new(),
                load_balancers: Vec::new(),
                node_rules: Vec::new(),
                unresolved_node_rules: Vec::new(),
            },
            changes,
            summary: SummaryDoc { add: groups, change: 0, destroy: 0 },
            warnings: Vec::new(),
            fingerprint: "sha256:0".into(),
            read: Default::default(),
            live_digests: Default::default(),
            diff: None,
            objects: None,
        }
    }

    #[test]
    fn a_small_plan_is_whole() {
        let markdown = render(&document(2, 3), COMMENT_LIMIT);
        assert!(markdown.starts_with("**Plan: 2 to add, 0 to change, 0 to destroy.**\n"));
        assert_eq!(markdown.matches("| + | tcp |").count(), 6);
        assert!(markdown.contains("| Everyone (IPv4) | **widens access**: open to the world |"));
        assert!(!markdown.contains("not shown"));
        assert!(markdown.ends_with("</details>\n"));
    }

    #[test]
    fn a_huge_plan_is_cut_between_rows_and_fits() {
        let markdown = render(&document(60, 40), COMMENT_LIMIT);
        assert!(markdown.chars().count() <= COMMENT_LIMIT, "{}", markdown.chars().count());
        assert!(markdown.contains("more rule changes are not shown here"));
        assert!(markdown.ends_with("</details>\n"));
        for line in markdown.lines().filter(|line| line.starts_with("| ")) {
            assert!(line.ends_with(" |"), "a cut row: {line:?}");
            assert_eq!(line.matches(" | ").count(), 4, "{line:?}");
        }
    }
}
