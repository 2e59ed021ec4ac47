//! `sgctl plan`: the plan of the manifests against a snapshot or the live account, in the
//! chosen view, optionally saved for `apply PLANFILE`; `--fail-on` turns chosen findings into
//! an error once the plan is shown.

use super::args::{OutputFormat, PlanArgs};
use super::inputs::{self, Inputs};
use super::terminal::{self, Style};
use crate::apply::policy;
use anyhow::{Context, Result};

pub fn run(args: PlanArgs, style: Style) -> Result<u8> {
    policy::validate_fail_on(&args.fail_on)?;
    let inputs = Inputs::load(&args.common)?;
    let snapshot = inputs.snapshot_path(args.state.as_ref())?;
    let (planned, objects) = inputs::plan(&inputs, &args.paths, snapshot.as_deref(), args.additive)?;
    let mut document = tracing::debug_span!("the plan document").in_scope(|| crate::document::build(&planned.plan));
    document.objects = objects;
    // Freed on the other core while the view is written (23 ms at 20,000 objects); the
    // document, the last big value, likewise as the command ends (21 ms; docs/performance.md).
    rayon::spawn(move || drop(planned));
    if let Some(out) = &args.out {
        let file = std::fs::File::create(out).with_context(|| format!("cannot write plan file {out}"))?;
        crate::document::write(&document, file).with_context(|| format!("cannot write plan file {out}"))?;
    }
    super::output::show(&document, args.output, style)?;
    let has_changes = !document.changes.is_empty();
    if has_changes && args.output == OutputFormat::Text && args.out.is_none() {
        terminal::hint(
            "this plan was not saved; to apply exactly these changes, run `sgctl plan ... --out plan.json`, then `sgctl apply plan.json`",
        );
    }
    policy::fail_on(&args.fail_on, document.warnings.iter().map(|warning| warning.code.as_str()))
        .map_err(|refused| anyhow::anyhow!("the plan has {refused}; see the warnings above"))?;
    rayon::spawn(move || drop(document));
    Ok(if args.detailed_exitcode && has_changes { 2 } else { 0 })
}
