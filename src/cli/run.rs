//! Runs a command and maps the outcome to an exit code: 0 success, 1 any error (clap's
//! usage error included, remapped from 2), 2 only with `--detailed-exitcode` when the plan
//! has changes. stdout carries only the rendered result; errors go to stderr.

use super::args::{Cli, Command, OutputFormat, PlanArgs, ShowArgs};
use super::config::{self, ConfigFile};
use crate::render::json::{self, PlanDocument};
use crate::render::text;
use anyhow::{anyhow, bail, Context, Result};
use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() { ExitCode::from(1) } else { ExitCode::SUCCESS };
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Plan(args) => plan(*args),
        Command::Show(args) => show(args),
    }
}

fn plan(args: PlanArgs) -> Result<u8> {
    let config = ConfigFile::load(args.config.as_deref())?;
    let env = |name: &str| std::env::var(name).ok();
    let (settings, ignored_gates) = config::settings(&args.settings, &config, &env)?;
    let state_path = config::state_path(args.state.as_ref(), &config, &env)?;
    let Some(state_path) = state_path.as_deref() else {
        bail!("--state FILE is required: sgctl cannot read a live AWS account yet; capture a snapshot (contracts §3) and pass it with --state");
    };
    let snapshot = std::fs::read_to_string(state_path).with_context(|| format!("cannot read snapshot {state_path}"))?;
    let account = crate::state::read(state_path, &snapshot)?;
    let manifests = crate::manifest::load(&args.paths, &mut std::io::stdin().lock()).map_err(|e| anyhow!(e))?;
    if args.verbose {
        describe_input(&manifests);
    }
    let mut desired = crate::model::build(&manifests, &settings, &account).map_err(|e| anyhow!(e))?;
    for gate in ignored_gates {
        desired.warnings.push(crate::model::Warning {
            code: "feature-gate-ignored",
            message: format!("feature gate {gate} does not change security groups; sgctl ignores it"),
            source: None,
        });
    }
    let plan = crate::plan::diff(desired, &account, &settings, args.additive).map_err(|e| anyhow!(e))?;
    let document = json::document(&plan);
    if let Some(out) = &args.out {
        std::fs::write(out, json::to_text(&document)).with_context(|| format!("cannot write plan file {out}"))?;
    }
    emit(&render(&document, args.output))?;
    Ok(if args.detailed_exitcode && plan.has_changes() { 2 } else { 0 })
}

/// `-v`: what was read, and the kinds skipped because sgctl does not model them.
fn describe_input(manifests: &crate::manifest::Manifests) {
    eprintln!(
        "sgctl: read {} Ingresses, {} Services, {} IngressClasses, {} IngressClassParams, {} workloads",
        manifests.ingresses.len(),
        manifests.services.len(),
        manifests.ingress_classes.len(),
        manifests.ingress_class_params.len(),
        manifests.pod_templates.len()
    );
    if !manifests.skipped.is_empty() {
        let kinds: Vec<String> = manifests.skipped.iter().map(|(kind, count)| format!("{kind} {count}")).collect();
        let total: usize = manifests.skipped.values().sum();
        eprintln!("sgctl: skipped {total} objects of kinds sgctl does not model: {}", kinds.join(", "));
    }
}

fn show(args: ShowArgs) -> Result<u8> {
    let text = std::fs::read_to_string(&args.plan_file)
        .with_context(|| format!("cannot read plan file {}", args.plan_file))?;
    let document: PlanDocument = serde_json::from_str(&text)
        .map_err(|e| anyhow!("{}:{}: not a sgctl plan document: {e}", args.plan_file, e.line()))?;
    if document.format_version != json::FORMAT_VERSION {
        bail!(
            "{}: plan format_version {:?} is not supported (this sgctl reads \"1\")",
            args.plan_file,
            document.format_version
        );
    }
    emit(&render(&document, args.output))?;
    Ok(0)
}

fn render(document: &PlanDocument, format: OutputFormat) -> String {
    match format {
        OutputFormat::Text => text::render(document),
        OutputFormat::Json => json::to_text(document),
    }
}

/// Writes to stdout; a closed pipe (`sgctl plan | head`) ends quietly.
fn emit(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(error) => Err(error.into()),
    }
}
