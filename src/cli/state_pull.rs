//! `sgctl state pull`: a snapshot of the live account (docs/formats.md), to stdout or a file.
//! It reads what a plan of the manifests would read (the pipeline's read stage, the same EC2
//! calls), without modelling them: a snapshot can be taken even of an account the plan
//! refuses (ambiguous node SGs, say), which is when one is most wanted.

use super::args::PullArgs;
use super::inputs::{self, Inputs};
use anyhow::{Context, Result};

pub fn run(args: PullArgs) -> Result<u8> {
    let inputs = Inputs::load(&args.common)?;
    let manifests = if args.paths.is_empty() {
        inputs::over(inputs.export()?, crate::manifest::Manifests::default(), None).manifests
    } else {
        inputs.manifests(&args.paths)?.manifests
    };
    let account = inputs::runtime()?.block_on(async {
        let aws = inputs::connect(&inputs, &manifests).await?;
        let wanted = crate::pipeline::wanted(&inputs.settings, &manifests);
        let account = crate::state::read_account(&aws, &wanted).await?;
        tracing::info!("sgctl: {} EC2 requests to {}", aws.ec2_requests(), aws.region);
        anyhow::Ok(account)
    })?;
    let text = crate::state::write(&account);
    match &args.output {
        Some(path) => std::fs::write(path, text).with_context(|| format!("cannot write snapshot {path}"))?,
        None => super::output::emit(&text)?,
    }
    Ok(0)
}
