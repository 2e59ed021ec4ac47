//! `sgctl diff OLD NEW`: the security-group changes NEW's manifests make relative to OLD's,
//! with no AWS access: NEW planned against the account OLD's would have produced
//! (`pipeline::diff`), from a snapshot (`--state`) or from the settings alone. Each side is a
//! path or `REV:PATH` (`git`); with `--cluster-export`, OLD's objects are the team's part of
//! the export and NEW's replace them. Rendered as `plan` renders, the document marked as a
//! diff so that `show` and `apply` refuse it.

use super::args::DiffArgs;
use super::git::{self, Origin};
use super::inputs::{self, Inputs};
use super::terminal::Style;
use crate::apply::policy;
use crate::document::DiffDoc;
use crate::manifest::Manifests;
use anyhow::{bail, Context, Result};

pub fn run(args: DiffArgs, style: Style) -> Result<u8> {
    policy::validate_fail_on(&args.fail_on)?;
    if args.old == "-" && args.new == "-" {
        bail!("OLD and NEW cannot both be standard input (-)");
    }
    let inputs = Inputs::offline(&args.input)?;
    let snapshot = inputs.snapshot_path(args.state.as_ref())?;
    let old = read_side(&args.old).with_context(|| format!("the old manifests ({}) cannot be read", args.old))?;
    let new = read_side(&args.new)?;
    let export = inputs.export()?;
    let new = inputs::over(export.clone(), new, Some(&old));
    let old = inputs::over(export, old, None);
    let base = snapshot.as_deref().map(inputs::read_snapshot).transpose()?;
    let planned = inputs::runtime()?
        .block_on(crate::pipeline::diff(old.manifests, new.manifests, &inputs.settings, base))
        .map_err(|side| {
            let error = anyhow::Error::new(side.error);
            if side.old {
                error.context(format!("the old manifests ({}) cannot be planned", args.old))
            } else {
                error
            }
        })?;
    let mut document = crate::document::build(&planned.plan).forget_placeholder_ids();
    document.diff = Some(DiffDoc { old: args.old.clone(), new: args.new.clone() });
    document.objects = new.objects;
    super::output::show(&document, args.output, style)?;
    policy::fail_on(&args.fail_on, document.warnings.iter().map(|warning| warning.code.as_str()))
        .map_err(|refused| anyhow::anyhow!("the diff has {refused}; see the warnings above"))?;
    Ok(if args.detailed_exitcode && !document.changes.is_empty() { 2 } else { 0 })
}

/// One side's objects: read from disk (or standard input), or from git.
fn read_side(argument: &str) -> Result<Manifests> {
    match Origin::of(argument) {
        Origin::Path(path) => inputs::load_manifests(&[path]),
        Origin::Revision { revision, path } => {
            let texts = git::read(&revision, &path)?;
            Ok(crate::manifest::parse(&texts)?)
        }
    }
}
