//! The one integration-test binary: runs the built `sgctl` like a user would.
//!
//! - `golden`: fixture folders (`tests/fixtures/<case>/`) → expected text, JSON or error;
//! - `contract`: the typed JSON plan document and determinism;
//! - `commands`: the command line itself (exit codes, stdin, show, settings sources);
//! - `diff`: `sgctl diff` with `REV:PATH` read from a git repository the test makes;
//! - `aws`: sgctl against a real EC2 emulator (moto) that the tests start themselves;
//! - `apply`: `sgctl apply` against moto;
//! - `generated`: completions and man pages are current, and bash completes with them;
//! - `docs`: the annotation table, the settings keys and the CI walkthrough match the code;
//! - `bad_inputs`: the corpus of bad manifests, each refused with its place;
//! - `release`: the release archives, the Action, binstall, the release notes and `--version` agree;
//! - `faults`: apply converges through a proxy that injects throttling, 5xx, resets and delays.

mod apply;
mod apply_support;
mod aws;
mod bad_inputs;
mod commands;
mod contract;
mod diff;
mod docs;
mod faults;
mod generated;
mod golden;
mod moto;
mod release;
mod seed;
mod support;
