//! The one integration-test binary: runs the built `sgctl` like a user would.
//!
//! - `golden`: fixture folders (`tests/fixtures/<case>/`) → expected text, JSON or error;
//! - `contract`: the typed JSON plan document and determinism;
//! - `commands`: the command line itself (exit codes, stdin, show, the README quickstart).

mod commands;
mod contract;
mod golden;
mod support;
