//! Terminal manners: logs through tracing to stderr (`-v`, `-vv`, `-q`), colour only where
//! it is wanted (`--color`, `NO_COLOR`, `CLICOLOR_FORCE`, a terminal), and automation
//! (`SGCTL_IN_AUTOMATION`, `CI=true`): no "run this next" hints, never a question.

use super::args::{ColorChoice, GlobalArgs};
use std::io::IsTerminal;
use tracing::level_filters::LevelFilter;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::Layer;

fn env_set(name: &str) -> bool {
    std::env::var(name).is_ok_and(|value| !value.is_empty() && value != "0")
}

/// True under CI or when `SGCTL_IN_AUTOMATION` is set.
pub fn in_automation() -> bool {
    env_set("SGCTL_IN_AUTOMATION") || std::env::var("CI").is_ok_and(|value| value == "true")
}

/// How output is dressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
}

impl Style {
    /// `--color always|never` decide; `auto` means: not when `NO_COLOR` is set, yes when
    /// `CLICOLOR_FORCE` is set, else only when stdout is a terminal.
    pub fn decide(global: &GlobalArgs) -> Style {
        let color = match global.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => !env_set("NO_COLOR") && (env_set("CLICOLOR_FORCE") || std::io::stdout().is_terminal()),
        };
        Style { color }
    }
}

/// stderr gets errors always, warnings by default, `-v` information, `-vv` debugging and the
/// time of every stage of a plan.
/// Only sgctl's own events: the AWS SDK's internals stay out (they are noise to a person,
/// and no log of sgctl's ever carries a credential).
pub fn init_logging(global: &GlobalArgs) {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let level = if global.quiet {
        LevelFilter::ERROR
    } else {
        match global.verbose {
            0 => LevelFilter::WARN,
            1 => LevelFilter::INFO,
            _ => LevelFilter::DEBUG,
        }
    };
    let filter = Targets::new().with_target("sgctl", level).with_default(LevelFilter::ERROR);
    let lines = tracing_subscriber::fmt::format().without_time().with_target(false).with_level(false).with_ansi(false);
    // At -vv each stage's span says, when it closes, how long it took (`time.busy`): the
    // timing belongs to the span events, which the lines' format (no clock) leaves alone.
    let layer = tracing_subscriber::fmt::layer()
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .event_format(lines)
        .with_writer(std::io::stderr)
        .with_ansi(false);
    let _ = tracing_subscriber::registry().with(layer.with_filter(filter)).try_init();
}

/// A "run this next" note for a person at a terminal; never in automation, never with -q.
pub fn hint(text: &str) {
    if !in_automation() {
        tracing::warn!("sgctl: note: {text}");
    }
}
