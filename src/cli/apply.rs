//! `sgctl apply`: a saved plan (applied without a question, refused when the live state
//! changed since), or manifests (planned, shown, and applied once the user answers `yes`, as
//! `apply::policy` decides). Progress goes to stdout, terraform style; a bar on stderr for long
//! runs on a terminal; on failure, what was done, what failed and what was not attempted go
//! to stderr.

use super::args::{ApplyArgs, OutputFormat, RequireApproval};
use super::inputs::{self, Inputs};
use super::output::emit;
use super::terminal::Style;
use crate::apply::policy::{self, Approval, Decision};
use crate::apply::{ApplyOptions, Event, RateLimit, Report};
use crate::document::PlanDocument;
use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// Runs with more steps than this show a progress bar (on a terminal).
const LONG_RUN: usize = 20;

pub fn run(args: ApplyArgs, style: Style) -> Result<u8> {
    let saved = saved_plan(&args.paths)?;
    policy::validate_fail_on(&args.fail_on)?;
    let approval = match args.require_approval {
        RequireApproval::Never => Approval::Never,
        RequireApproval::AnyChange => Approval::AnyChange,
        RequireApproval::Broadening => Approval::Broadening,
    };
    let never_ask = policy::decide(approval, args.auto_approve, true) == Decision::Apply;
    if saved.is_none() && !never_ask {
        if super::terminal::in_automation() {
            bail!(
                "sgctl apply never asks in automation (SGCTL_IN_AUTOMATION or CI is set): pass --auto-approve, or apply a saved plan (sgctl plan --out FILE, then sgctl apply FILE)"
            );
        }
        if !std::io::stdin().is_terminal() {
            bail!(
                "sgctl apply asks before it changes anything, and standard input is not a terminal: pass --auto-approve to apply without asking, or save a plan (sgctl plan --out FILE) and apply that"
            );
        }
    }
    let options = ApplyOptions {
        parallelism: args.parallelism.max(1),
        rate: RateLimit { per_second: args.rate_limit.max(0.01), ..RateLimit::default() },
        ..ApplyOptions::default()
    };
    let Some((path, document)) = saved else {
        let inputs = Inputs::load(&args.common)?;
        let inputs::Loaded { manifests, objects } = inputs.manifests(&args.paths)?;
        return inputs::runtime()?.block_on(async {
            let aws = inputs::connect(&inputs, &manifests).await?;
            let planned = crate::pipeline::plan(manifests, &inputs.settings, &aws, args.additive).await?;
            let plan = planned.plan;
            let mut document = crate::document::build(&plan);
            document.objects = objects;
            super::output::show(&document, OutputFormat::Text, style)?;
            if !plan.has_changes() {
                return Ok(0);
            }
            policy::fail_on(&args.fail_on, document.warnings.iter().map(|warning| warning.code.as_str()))
                .map_err(|refused| anyhow::anyhow!("the plan has {refused}; see the warnings above"))?;
            match policy::decide(approval, args.auto_approve, plan.widens_access()) {
                Decision::Apply => {}
                Decision::ApplyNarrowing => emit("No change widens access (nothing new is opened): applying without a question (--require-approval broadening).\n\n")?,
                Decision::Ask => {
                    if !crate::apply::confirm(&mut std::io::stdin().lock(), &mut std::io::stdout().lock())? {
                        eprintln!("Apply cancelled.");
                        return Ok(1);
                    }
                }
            }
            let vpc = plan.vpc_id.clone().unwrap_or_default();
            finish(&aws, &plan.changes, &vpc, &options).await
        });
    };
    policy::fail_on(&args.fail_on, document.warnings.iter().map(|warning| warning.code.as_str()))
        .map_err(|refused| anyhow::anyhow!("{path} has {refused}"))?;
    // A saved plan needs no settings: only where its account is.
    let mut aws_options = inputs::aws_options(&args.common)?;
    if aws_options.region.is_none() {
        aws_options.region = document.region.clone();
    }
    inputs::runtime()?.block_on(async {
        let aws = crate::aws::connect(&aws_options).await?;
        let changes = crate::apply::saved_changes(&aws, &path, &document).await?;
        if changes.is_empty() {
            emit(&format!("{}\n", crate::render::NO_CHANGES))?;
            return Ok(0);
        }
        let vpc = document.vpc_id.clone().unwrap_or_default();
        finish(&aws, &changes, &vpc, &options).await
    })
}

/// The one PATH names a saved plan document (not a manifest).
fn saved_plan(paths: &[String]) -> Result<Option<(String, PlanDocument)>> {
    let [path] = paths else { return Ok(None) };
    if path == "-" || !std::path::Path::new(path).is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?;
    if !crate::document::is_plan_document(&text) {
        return Ok(None);
    }
    Ok(Some((path.clone(), crate::document::read(path, &text)?)))
}

/// Executes, shows progress, reports. Exit 0 when everything was applied, 1 otherwise.
async fn finish(
    aws: &crate::aws::Aws,
    changes: &[crate::plan::Change],
    vpc: &str,
    options: &ApplyOptions,
) -> Result<u8> {
    let bar = if std::io::stderr().is_terminal() && changes.len() > LONG_RUN {
        let bar = ProgressBar::with_draw_target(Some(changes.len() as u64), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} security groups ({elapsed})") {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let progress = |event: &Event| {
        bar.suspend(|| emit(&format!("{event}\n")).ok());
        if matches!(event, Event::Finished { .. } | Event::Failed { .. }) {
            bar.inc(1);
        }
    };
    let report = crate::apply::execute(aws, changes, vpc, options, &progress).await;
    bar.finish_and_clear();
    let calls: Vec<String> = report.calls.iter().map(|(name, count)| format!("{name} {count}")).collect();
    tracing::info!(
        "sgctl: EC2 calls made by apply: {}",
        if calls.is_empty() { "none".into() } else { calls.join(", ") }
    );
    print_report(&report)
}

fn print_report(report: &Report) -> Result<u8> {
    let totals = format!("{} added, {} changed, {} destroyed", report.added, report.changed, report.destroyed);
    if report.succeeded() {
        emit(&format!("\nApply complete! Resources: {totals}.\n"))?;
        return Ok(0);
    }
    let mut text = format!("\nError: the apply did not complete.\n  Done: {totals}.\n");
    if !report.failures.is_empty() {
        text.push_str("  Failed:\n");
        for (address, message) in &report.failures {
            text.push_str(&format!("    {address}: {message}\n"));
        }
    }
    if !report.not_attempted.is_empty() {
        text.push_str("  Not attempted:\n");
        for address in &report.not_attempted {
            text.push_str(&format!("    {address}\n"));
        }
    }
    text.push_str("  Everything sgctl does is safe to repeat: run sgctl apply again once the cause is fixed.\n");
    eprint!("{text}");
    Ok(1)
}
