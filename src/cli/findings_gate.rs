//! `--fail-on CODE,...`: findings a team refuses to merge or apply.

use crate::plan::findings::CODES;
use crate::plan::Plan;
use anyhow::{bail, Result};

/// Every code must be one sgctl raises.
pub fn validate(codes: &[String]) -> Result<()> {
    for code in codes {
        if !CODES.contains(&code.as_str()) {
            bail!("--fail-on {code}: no finding has that code; the codes are {} (docs/findings.md)", CODES.join(", "));
        }
    }
    Ok(())
}

/// An error naming the findings in `codes`, after the plan was shown.
pub fn enforce(plan: &Plan, codes: &[String]) -> Result<()> {
    let found = plan.findings_in(codes);
    if found.is_empty() {
        return Ok(());
    }
    let mut counts = std::collections::BTreeMap::new();
    for warning in &found {
        *counts.entry(warning.code).or_insert(0) += 1;
    }
    let listed: Vec<String> = counts.iter().map(|(code, count)| format!("{code} ({count})")).collect();
    bail!("the plan has findings that --fail-on refuses: {}; see the warnings above", listed.join(", "))
}
