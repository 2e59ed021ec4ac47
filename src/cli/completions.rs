//! `sgctl completions SHELL`: the completion script for a shell, as committed in `completions/`.

use super::args::CompletionsArgs;
use anyhow::Result;

pub fn run(args: CompletionsArgs) -> Result<u8> {
    super::output::emit(&String::from_utf8_lossy(&super::generated::completion(args.shell)))?;
    Ok(0)
}
