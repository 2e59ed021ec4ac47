//! sgctl: plan the AWS security groups the AWS Load Balancer Controller would create.
//!
//! ```text
//! manifests ─▶ manifest::load ─┐
//!                              ├─▶ pipeline::plan ─▶ Plan ─▶ document::build ─▶ PlanDocument ─▶ render (text | markdown), JSON
//! Ec2Read (AWS, snapshot, fake)┘    pre-flight, state::read_account, model::build,             └─▶ apply::execute ─▶ Ec2Write
//!                                   plan::diff, findings, fingerprint
//! ```
//!
//! Everything from the model to the views is synchronous, deterministic and free of I/O.
//! Only `manifest` (reading files), `state` (through the `ec2` port), `aws`, `apply` and
//! `cli` touch the world; the stages form a chain checked by `tests/architecture.rs`
//! (docs/development.md).

pub mod apply;
#[cfg(feature = "cli")]
pub mod aws;
#[cfg(feature = "cli")]
pub mod cli;
pub mod document;
pub mod ec2;
pub mod go;
pub mod manifest;
pub mod model;
pub mod pipeline;
pub mod plan;
pub mod render;
pub mod settings;
pub mod sg;
pub mod state;
