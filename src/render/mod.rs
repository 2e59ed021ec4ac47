//! Plan → text (optionally coloured), JSON or markdown. Renderers never decide anything; they
//! only present the plan.

pub mod color;
pub mod json;
pub mod json_parts;
pub mod json_stream;
pub mod markdown;
pub mod text;

pub use json::{document, PlanDocument};
