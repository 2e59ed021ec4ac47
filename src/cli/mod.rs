//! The command line: the only module that knows clap, standard streams and exit codes.
//! Parses flags, merges them with `sgctl.yaml` and the environment into validated
//! `Settings` (flag, then config key, then environment), runs the pipeline, and maps the
//! outcome to the exit codes of contracts §4.

mod apply;
mod args;
mod config;
mod explain;
mod findings_gate;
pub mod generated;
mod run;
mod terminal;

pub use args::Cli;
pub use run::main;
