//! sgctl: plan the AWS security groups the AWS Load Balancer Controller would create.
//!
//! ```text
//! manifests ─▶ manifest::load ─▶ model::build ─▶ Desired ─┐
//!                                                          ├─▶ plan::diff ─▶ Plan ─▶ render (text | json)
//! snapshot  ─▶ state::snapshot::read ─▶ Account ──────────┘
//! ```
//!
//! Everything from parsing to rendering is synchronous, deterministic and free of I/O;
//! only `manifest::load`, `state::snapshot` and `cli` touch the world.

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
