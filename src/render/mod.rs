//! Views of a plan document: the text plan (optionally coloured), the pull-request comment
//! (markdown), and `explain`'s account of one group. Renderers never decide anything; they
//! only present the document, so `show PLANFILE` prints exactly what `plan` printed. The JSON
//! view is the document itself (`crate::document`).
//!
//! The symbols, words and summary line every view shares are here.

pub mod color;
pub mod explain;
pub mod markdown;
pub mod text;

use crate::document::PlanDocument;
use crate::plan::Action;

/// The frozen line of a plan without changes.
pub const NO_CHANGES: &str = "No changes. Your security groups match the manifests.";

/// Terraform's symbol for an action: `+` create, `~` update in place, `-` destroy.
pub fn symbol(action: Action) -> &'static str {
    match action {
        Action::Create => "+",
        Action::Update => "~",
        Action::Delete => "-",
    }
}

/// How the legend names an action.
pub fn legend(action: Action) -> &'static str {
    match action {
        Action::Create => "create",
        Action::Update => "update in-place",
        Action::Delete => "destroy",
    }
}

/// What becomes of a resource: `will be created`, `will be updated in-place`, `will be destroyed`.
pub fn verb(action: Action) -> &'static str {
    match action {
        Action::Create => "will be created",
        Action::Update => "will be updated in-place",
        Action::Delete => "will be destroyed",
    }
}

/// The frozen summary line: `Plan: N to add, N to change, N to destroy.`, or `NO_CHANGES`.
pub fn summary_line(document: &PlanDocument) -> String {
    let summary = &document.summary;
    if document.changes.is_empty() {
        NO_CHANGES.to_string()
    } else {
        format!("Plan: {} to add, {} to change, {} to destroy.", summary.add, summary.change, summary.destroy)
    }
}

/// What a plan was computed from, beyond the cluster and the account: for `sgctl diff`, the
/// two sides compared; with `--cluster-export`, how many objects came from the export and
/// how many from the input. One sentence each, in the order shown.
pub fn origin_lines(document: &PlanDocument) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(diff) = &document.diff {
        lines.push(format!(
            "Diff: the changes {} makes relative to {} (no AWS account was read; groups only the old manifests create have no id)",
            diff.new, diff.old
        ));
    }
    if let Some(objects) = &document.objects {
        lines.push(format!(
            "Objects: {} from the cluster export, {} from the input",
            objects.from_cluster_export, objects.from_input
        ));
    }
    lines
}
