//! `sgctl explain SG`: every rule of one group of the plan and why it exists, and every rule
//! that will be revoked and why.

use super::args::ExplainArgs;
use super::inputs::{self, Inputs};
use anyhow::Result;

pub fn run(args: ExplainArgs) -> Result<u8> {
    let inputs = Inputs::load(&args.common)?;
    let snapshot = inputs.snapshot_path(args.state.as_ref())?;
    let (planned, _) = inputs::plan(&inputs, &args.paths, snapshot.as_deref(), false)?;
    super::output::emit(&crate::render::explain::explain(&planned.plan, &args.group)?)?;
    Ok(0)
}
