//! Plan → text or JSON, written to any `impl Write`. Renderers never decide anything; they
//! only present the plan.

pub mod json;
pub mod text;

pub use json::{document, PlanDocument};
