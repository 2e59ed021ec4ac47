//! `sgctl show PLANFILE`: a saved plan in any view, exactly as `plan` printed it.

use super::args::ShowArgs;
use super::terminal::Style;
use anyhow::{Context, Result};

pub fn run(args: ShowArgs, style: Style) -> Result<u8> {
    let path = &args.plan_file;
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read plan file {path}"))?;
    let document = crate::document::read(path, &text)?;
    super::output::show(&document, args.output, style)?;
    Ok(0)
}
