//! The command line: the only module that knows clap, standard streams, prompts and exit
//! codes. One file per command, each: arguments → settings → one library call → a view.
//! Exit codes (docs/usage.md): 0 success, 1 any error (clap's usage error included,
//! remapped from 2), 2 only with `--detailed-exitcode` when the plan has changes. stdout
//! carries only the rendered result; errors go to stderr.

mod apply;
mod args;
mod completions;
mod config;
mod diff;
mod explain;
pub mod generated;
mod git;
mod inputs;
mod output;
mod plan;
mod show;
mod state_pull;
mod terminal;

pub use args::Cli;

use args::{Command, StateCommand};
use clap::Parser;
use std::process::ExitCode;

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() { ExitCode::from(1) } else { ExitCode::SUCCESS };
        }
    };
    terminal::init_logging(&cli.global);
    let style = terminal::Style::decide(&cli.global);
    let outcome = match cli.command {
        Command::Plan(args) => plan::run(*args, style),
        Command::Apply(args) => apply::run(*args, style),
        Command::Show(args) => show::run(args, style),
        Command::Diff(args) => diff::run(*args, style),
        Command::Explain(args) => explain::run(*args),
        Command::Completions(args) => completions::run(args),
        Command::State(state) => match state.command {
            StateCommand::Pull(args) => state_pull::run(*args),
        },
    };
    match outcome {
        Ok(code) => ExitCode::from(code),
        // Whoever read stdout has gone (`sgctl plan | head`): end quietly.
        Err(error) if error.downcast_ref::<output::ClosedPipe>().is_some() => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(1)
        }
    }
}
