//! Runs a command and maps the outcome to an exit code: 0 success, 1 any error (clap's
//! usage error included, remapped from 2), 2 only with `--detailed-exitcode` when the plan
//! has changes. stdout carries only the rendered result; errors go to stderr.

use super::args::{Cli, Command, OutputFormat, PlanArgs, PullArgs, ShowArgs, StateCommand};
use super::config::{self, ConfigFile};
use crate::manifest::Manifests;
use crate::pipeline::timed;
use crate::render::json::{self, PlanDocument};
use crate::render::json_stream;
use crate::render::text;
use crate::sg::Account;
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
    super::terminal::init_logging(&cli.global);
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        // Whoever read stdout has gone (`sgctl plan | head`): end quietly.
        Err(error) if error.downcast_ref::<ClosedPipe>().is_some() => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<u8> {
    let style = super::terminal::Style::decide(&cli.global);
    match cli.command {
        Command::Plan(args) => plan(*args, style),
        Command::Apply(args) => super::apply::apply(*args, style),
        Command::Show(args) => show(args, style),
        Command::Explain(args) => {
            let plan = compute_plan(&args.paths, &args.common, args.state.as_ref(), false)?;
            emit(&super::explain::explain(&plan, &args.group)?)?;
            Ok(0)
        }
        Command::Completions(args) => {
            emit(&String::from_utf8_lossy(&super::generated::completion(args.shell)))?;
            Ok(0)
        }
        Command::State(state) => match state.command {
            StateCommand::Pull(args) => pull(*args),
        },
    }
}

fn plan(args: PlanArgs, style: super::terminal::Style) -> Result<u8> {
    // The benchmark's baseline (docs/performance.md); an environment variable rather than a
    // flag, so that it stays out of the help, the completions and the contract.
    if std::env::var_os("SGCTL_BENCH_PARSE_ONLY").is_some_and(|value| value == "1") {
        return parse_only(&args);
    }
    super::findings_gate::validate(&args.fail_on)?;
    let plan = compute_plan(&args.paths, &args.common, args.state.as_ref(), args.additive)?;
    // The JSON document is written straight from the plan; only the other formats need
    // the typed document built first.
    if let Some(out) = &args.out {
        let file = std::fs::File::create(out).with_context(|| format!("cannot write plan file {out}"))?;
        json_stream::write_plan(&plan, &mut std::io::BufWriter::new(file))
            .with_context(|| format!("cannot write plan file {out}"))?;
    }
    if args.output == OutputFormat::Json {
        timed("rendering", || emit_with(|out| json_stream::write_plan(&plan, out)))?;
    } else {
        let document = timed("the plan document", || json::document(&plan));
        let rendered = timed("rendering", || render(&document, args.output, style));
        emit(&rendered)?;
        leave(rendered);
        leave(document);
    }
    if plan.has_changes() && args.output == OutputFormat::Text && args.out.is_none() {
        super::terminal::hint(
            "this plan was not saved; to apply exactly these changes, run `sgctl plan ... --out plan.json`, then `sgctl apply plan.json`",
        );
    }
    super::findings_gate::enforce(&plan, &args.fail_on)?;
    let code = if args.detailed_exitcode && plan.has_changes() { 2 } else { 0 };
    leave(plan);
    Ok(code)
}

/// The benchmark's baseline (`SGCTL_BENCH_PARSE_ONLY=1 sgctl plan`): the same files read and
/// deserialized as a plan reads them, and nothing else, so that the cost of modelling,
/// diffing and rendering can be measured as a ratio over it.
fn parse_only(args: &PlanArgs) -> Result<u8> {
    let Some(path) = &args.state else { bail!("SGCTL_BENCH_PARSE_ONLY=1 needs --state FILE") };
    // Read as `plan` reads them, at the same time.
    let (manifests, account) = read_inputs(&args.paths, Some(path));
    let (manifests, account) = (manifests?, account.expect("a snapshot was named")?);
    tracing::info!(
        "sgctl: parsed {} Ingresses, {} Services, {} security groups",
        manifests.ingresses.len(),
        manifests.services.len(),
        account.security_groups.len()
    );
    // As `plan` does, so that the two are measured alike.
    leave(manifests);
    leave(account);
    Ok(0)
}

/// Settings, manifests (checked before any AWS call), the account (snapshot or live), plan.
pub(super) fn compute_plan(
    paths: &[String],
    common: &super::args::CommonArgs,
    state: Option<&String>,
    additive: bool,
) -> Result<crate::plan::Plan> {
    let config = ConfigFile::load(common.config.as_deref())?;
    let env = |name: &str| std::env::var(name).ok();
    let (settings, ignored_gates) = config::settings(&common.settings, &config, &env)?;
    let state_path = config::state_path(state, &config, &env)?;
    let aws_options = config::aws_options(&common.aws, &config, &env)?;
    // Every manifest is read and understood before any AWS call.
    let (manifests, snapshot) = read_inputs(paths, state_path.as_deref());
    let manifests = manifests?;
    describe_input(&manifests);
    let preflight = |manifests: &Manifests| {
        timed("pre-flight", || crate::model::preflight(manifests, &settings)).map_err(|e| anyhow!(e))
    };
    let wanted = crate::pipeline::wanted(&settings, &manifests);
    let mut plan = match snapshot {
        None => {
            // Bad input stops here, before any AWS call.
            preflight(&manifests)?;
            let account = timed("reading the account", || live_account(&aws_options, &wanted))?;
            let plan =
                crate::pipeline::plan_against_consuming(manifests, wanted, &settings, &account, additive, free_aside)
                    .map_err(|failed| failed.error)?;
            leave(account);
            plan
        }
        // Against a snapshot no AWS call is at stake, so the pre-flight (a second run of the
        // model) is needed only to report the same error a live plan would: on failure.
        Some(snapshot) => {
            let selected = snapshot
                .and_then(|snapshot| timed("selecting from the snapshot", || snapshot_account(snapshot, &wanted)));
            let account = match selected {
                Ok(account) => account,
                Err(error) => {
                    preflight(&manifests)?;
                    return Err(error);
                }
            };
            // The manifests are freed once the model is built (on another core).
            match crate::pipeline::plan_against_consuming(manifests, wanted, &settings, &account, additive, free_aside)
            {
                Ok(plan) => {
                    free_aside(account);
                    plan
                }
                Err(failed) => {
                    if let Some(manifests) = &failed.manifests {
                        preflight(manifests)?;
                    }
                    return Err(failed.error);
                }
            }
        }
    };
    for gate in ignored_gates {
        plan.warnings.push(crate::model::Warning {
            code: "feature-gate-ignored",
            message: format!("feature gate {gate} does not change security groups; sgctl ignores it"),
            source: None,
        });
    }
    plan.warnings.sort();
    Ok(plan)
}

/// Leaves a large value to the end of the process instead of freeing it piece by piece:
/// every command ends right after its output, and freeing the manifests, the account and
/// the plan of a big cluster one allocation at a time costs about a tenth of a plan's time
/// (docs/performance.md). The operating system takes the memory back at exit.
pub(super) fn leave<T>(value: T) {
    std::mem::forget(value);
}

/// Frees a large value that is no longer needed on another thread, while the command goes
/// on: its memory is reused by what comes next (the plan document and its text), which keeps
/// the peak down, and the freeing costs the command no time.
pub(super) fn free_aside<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
}

/// `-v`: what was read, and the kinds skipped because sgctl does not model them.
pub(super) fn describe_input(manifests: &crate::manifest::Manifests) {
    tracing::info!(
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
        tracing::info!("sgctl: skipped {total} objects of kinds sgctl does not model: {}", kinds.join(", "));
    }
}

pub(super) fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread().enable_all().build()?)
}

/// The manifests and, when the plan is against one, the snapshot, read at the same time
/// (the snapshot on a core of its own: it needs nothing from the manifests). Failing
/// manifests are reported first, as when they were read first.
fn read_inputs(paths: &[String], state_path: Option<&str>) -> (Result<Manifests>, Option<Result<Account>>) {
    std::thread::scope(|scope| {
        let snapshot =
            state_path.map(|path| scope.spawn(move || timed("reading the snapshot", || read_snapshot(path))));
        let manifests = timed("loading the manifests", || crate::manifest::load(paths, &mut std::io::stdin().lock()))
            .map_err(|e| anyhow!(e));
        (manifests, snapshot.map(|reading| reading.join().expect("reading the snapshot does not panic")))
    })
}

fn read_snapshot(path: &str) -> Result<Account> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read snapshot {path}"))?;
    Ok(crate::state::read(path, &text)?)
}

/// The account as a snapshot file has it, read by the same `fetch` as the live account.
fn snapshot_account(snapshot: Account, wanted: &crate::state::Wanted) -> Result<Account> {
    // The selected groups are moved out of the snapshot, not copied.
    let reader = crate::state::SnapshotReader::new(snapshot);
    let mut account = runtime()?.block_on(crate::state::fetch(&reader, wanted))?;
    let (rest, unselected) = reader.into_rest();
    account.region = rest.region.clone();
    account.account_id = rest.account_id.clone();
    // The rest is freed, not left: its memory is reused (freed on another core, while the
    // plan goes on).
    free_aside((rest, unselected));
    Ok(account)
}

/// The live account through a connected adapter: EC2 and STS (the account id), concurrently.
pub(super) async fn read_live(aws: &crate::aws::Aws, wanted: &crate::state::Wanted) -> Result<Account> {
    let (fetched, account_id) = tokio::join!(crate::state::fetch(aws, wanted), aws.account_id());
    let mut account = fetched?;
    account.account_id = Some(account_id?);
    account.region = Some(aws.region.clone());
    tracing::info!("sgctl: {} EC2 requests to {}", aws.ec2_requests(), aws.region);
    Ok(account)
}

fn live_account(options: &crate::aws::AwsOptions, wanted: &crate::state::Wanted) -> Result<Account> {
    runtime()?.block_on(async {
        let aws = crate::aws::connect(options).await?;
        read_live(&aws, wanted).await
    })
}

fn pull(args: PullArgs) -> Result<u8> {
    let config = ConfigFile::load(args.common.config.as_deref())?;
    let env = |name: &str| std::env::var(name).ok();
    let (settings, _) = config::settings(&args.common.settings, &config, &env)?;
    let aws_options = config::aws_options(&args.common.aws, &config, &env)?;
    let manifests = if args.paths.is_empty() {
        crate::manifest::Manifests::default()
    } else {
        crate::manifest::load(&args.paths, &mut std::io::stdin().lock()).map_err(|e| anyhow!(e))?
    };
    crate::model::preflight(&manifests, &settings).map_err(|e| anyhow!(e))?;
    let account = live_account(&aws_options, &crate::pipeline::wanted(&settings, &manifests))?;
    let text = crate::state::write(&account);
    match &args.output {
        Some(path) => std::fs::write(path, text).with_context(|| format!("cannot write snapshot {path}"))?,
        None => emit(&text)?,
    }
    Ok(0)
}

fn show(args: ShowArgs, style: super::terminal::Style) -> Result<u8> {
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
    emit(&render(&document, args.output, style))?;
    Ok(0)
}

pub(super) fn render(document: &PlanDocument, format: OutputFormat, style: super::terminal::Style) -> String {
    match format {
        OutputFormat::Text if style.color => crate::render::color::colorize(&text::render(document)),
        OutputFormat::Text => text::render(document),
        OutputFormat::Json => json::to_text(document),
        OutputFormat::Markdown => crate::render::markdown::render(document, crate::render::markdown::COMMENT_LIMIT),
    }
}

/// stdout was closed by its reader; the run ends quietly (exit 0, nothing on stderr).
#[derive(Debug, thiserror::Error)]
#[error("stdout was closed")]
pub(super) struct ClosedPipe;

/// Writes to stdout; a closed pipe (`sgctl plan | head`) ends the run quietly.
pub(super) fn emit(text: &str) -> Result<()> {
    emit_with(|out| out.write_all(text.as_bytes()))
}

/// Writes to stdout through a buffer; a closed pipe is `ClosedPipe`.
pub(super) fn emit_with(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match write(&mut stdout).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Err(ClosedPipe.into()),
        Err(error) => Err(error.into()),
    }
}
