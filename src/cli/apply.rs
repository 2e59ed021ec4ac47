//! `sgctl apply`: a saved plan (applied without a question, refused when the live state
//! changed since), or manifests (planned, shown, and applied once the user answers `yes`).
//! Progress goes to stdout, terraform style; a bar on stderr for long runs on a terminal;
//! on failure, what was done, what failed and what was not attempted go to stderr.

use super::args::{ApplyArgs, RequireApproval};
use super::config::{self, ConfigFile};
use super::run::{describe_input, emit, read_live, render, runtime};
use crate::apply::{ApplyOptions, Event, RateLimit, Report};
use crate::render::json::{self, PlanDocument};
use crate::state::Wanted;
use anyhow::{anyhow, bail, Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::BTreeSet;
use std::io::IsTerminal;

/// Runs with more steps than this show a progress bar (on a terminal).
const LONG_RUN: usize = 20;

pub fn apply(args: ApplyArgs, style: super::terminal::Style) -> Result<u8> {
    let saved = saved_plan(&args.paths)?;
    super::findings_gate::validate(&args.fail_on)?;
    let never_ask = args.auto_approve || args.require_approval == RequireApproval::Never;
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
    let config = ConfigFile::load(args.common.config.as_deref())?;
    let env = |name: &str| std::env::var(name).ok();
    let mut aws_options = config::aws_options(&args.common.aws, &config, &env)?;
    let options = ApplyOptions {
        parallelism: args.parallelism.max(1),
        rate: RateLimit { per_second: args.rate_limit.max(0.01), ..RateLimit::default() },
        ..ApplyOptions::default()
    };
    match saved {
        Some((path, document)) => {
            if aws_options.region.is_none() {
                aws_options.region = document.region.clone();
            }
            let refused: Vec<&str> = document
                .warnings
                .iter()
                .filter(|warning| args.fail_on.contains(&warning.code))
                .map(|warning| warning.code.as_str())
                .collect();
            if !refused.is_empty() {
                bail!("{path} has findings that --fail-on refuses: {}", refused.join(", "));
            }
            runtime()?.block_on(apply_saved(&path, &document, &aws_options, &options))
        }
        None => {
            let (settings, _) = config::settings(&args.common.settings, &config, &env)?;
            let manifests = crate::manifest::load(&args.paths, &mut std::io::stdin().lock()).map_err(|e| anyhow!(e))?;
            describe_input(&manifests);
            crate::model::preflight(&manifests, &settings).map_err(|e| anyhow!(e))?;
            runtime()?.block_on(async {
                let aws = crate::aws::connect(&aws_options).await?;
                let account = read_live(&aws, &crate::pipeline::wanted(&settings, &manifests)).await?;
                let plan = crate::pipeline::plan_against(&manifests, &settings, &account, args.additive)?;
                let document = json::document(&plan);
                emit(&render(&document, super::args::OutputFormat::Text, style))?;
                if !plan.has_changes() {
                    return Ok(0);
                }
                super::findings_gate::enforce(&plan, &args.fail_on)?;
                let widening = plan.widening_rules();
                let ask = match args.require_approval {
                    _ if never_ask => false,
                    RequireApproval::AnyChange => true,
                    RequireApproval::Broadening => !widening.is_empty(),
                    RequireApproval::Never => false,
                };
                if !ask && !never_ask {
                    emit("No change widens access (nothing new is opened): applying without a question (--require-approval broadening).\n\n")?;
                }
                if ask {
                    let approved = crate::apply::confirm(&mut std::io::stdin().lock(), &mut std::io::stdout().lock())?;
                    if !approved {
                        eprintln!("Apply cancelled.");
                        return Ok(1);
                    }
                }
                let vpc = plan.vpc_id.clone().unwrap_or_default();
                finish(&aws, &plan.changes, &vpc, &options).await
            })
        }
    }
}

/// The one PATH names a saved plan document (not a manifest).
fn saved_plan(paths: &[String]) -> Result<Option<(String, PlanDocument)>> {
    let [path] = paths else { return Ok(None) };
    if path == "-" || !std::path::Path::new(path).is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?;
    let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else { return Ok(None) };
    if value.get("format_version").is_none() || value.get("changes").is_none() {
        return Ok(None);
    }
    let document: PlanDocument =
        serde_json::from_value(value).map_err(|e| anyhow!("{path}: not a sgctl plan document: {e}"))?;
    if document.format_version != json::FORMAT_VERSION {
        bail!("{path}: plan format_version {:?} is not supported (this sgctl reads \"1\")", document.format_version);
    }
    Ok(Some((path.clone(), document)))
}

async fn apply_saved(
    path: &str,
    document: &PlanDocument,
    aws_options: &crate::aws::AwsOptions,
    options: &ApplyOptions,
) -> Result<u8> {
    let wanted = Wanted {
        cluster: document.cluster.clone(),
        vpc_id: document.read.vpc_id.clone(),
        group_ids: document.read.group_ids.iter().cloned().collect(),
        group_names: document.read.group_names.iter().cloned().collect(),
        prefix_list_ids: document.read.prefix_list_ids.iter().cloned().collect(),
    };
    let aws = crate::aws::connect(aws_options).await?;
    let account = read_live(&aws, &wanted).await?;
    if crate::state::fingerprint(&account) != document.fingerprint {
        let what = what_changed(&document.live_digests, &crate::state::digests(&account));
        bail!("Saved plan is stale: the live state changed since {path} was made ({what}); run sgctl plan again and apply the new plan");
    }
    let changes = json::changes_from_document(document).map_err(|e| anyhow!("{path}: {e}"))?;
    if changes.is_empty() {
        emit(&format!("{}\n", crate::render::text::NO_CHANGES))?;
        return Ok(0);
    }
    let vpc = document.vpc_id.clone().unwrap_or_default();
    finish(&aws, &changes, &vpc, options).await
}

/// `security group sg-1 changed, security group sg-2 is new, …` (ten at most).
fn what_changed(
    before: &std::collections::BTreeMap<String, String>,
    now: &std::collections::BTreeMap<String, String>,
) -> String {
    let keys: BTreeSet<&String> = before.keys().chain(now.keys()).collect();
    let mut changes: Vec<String> = keys
        .into_iter()
        .filter_map(|key| match (before.get(key), now.get(key)) {
            (Some(a), Some(b)) if a != b => Some(format!("{key} changed")),
            (None, Some(_)) => Some(format!("{key} is new")),
            (Some(_), None) => Some(format!("{key} is gone")),
            _ => None,
        })
        .collect();
    if changes.is_empty() {
        return "the account differs".into();
    }
    let more = changes.len().saturating_sub(10);
    changes.truncate(10);
    if more > 0 {
        changes.push(format!("and {more} more"));
    }
    changes.join(", ")
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
