//! When an apply may go ahead, as pure decisions the command line only carries out: the
//! `--fail-on` gate (the same for a fresh plan and a saved one), whether to ask before
//! applying, and whether a saved plan still fits the account it is about to change.

use crate::plan::findings::CODES;
use crate::sg::Account;
use std::collections::{BTreeMap, BTreeSet};

/// A `--fail-on` code no finding has.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("--fail-on {0}: no finding has that code; the codes are {codes} (docs/findings.md)", codes = CODES.join(", "))]
pub struct UnknownCode(pub String);

/// Every `--fail-on` code must be one sgctl raises (a typo must not pass a gate silently).
pub fn validate_fail_on(codes: &[String]) -> Result<(), UnknownCode> {
    match codes.iter().find(|code| !CODES.contains(&code.as_str())) {
        Some(code) => Err(UnknownCode(code.clone())),
        None => Ok(()),
    }
}

/// Findings whose codes `--fail-on` names, with how many of each.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("findings that --fail-on refuses: {}", listed(.0))]
pub struct Refused(pub BTreeMap<String, usize>);

fn listed(counts: &BTreeMap<String, usize>) -> String {
    counts.iter().map(|(code, count)| format!("{code} ({count})")).collect::<Vec<_>>().join(", ")
}

/// The `--fail-on` gate over a plan's warning codes: refused when any is in `fail_on`.
pub fn fail_on<'a>(fail_on: &[String], warning_codes: impl IntoIterator<Item = &'a str>) -> Result<(), Refused> {
    let mut refused = BTreeMap::new();
    for code in warning_codes.into_iter().filter(|code| fail_on.iter().any(|wanted| wanted == code)) {
        *refused.entry(code.to_string()).or_insert(0) += 1;
    }
    if refused.is_empty() {
        Ok(())
    } else {
        Err(Refused(refused))
    }
}

/// `--require-approval`: when to ask before applying a plan made from manifests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Approval {
    Never,
    AnyChange,
    /// Only when a change widens access (`plan::widening`).
    Broadening,
}

/// What to do before applying a plan that has changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Ask, and apply only on `yes`.
    Ask,
    /// Apply without a question, saying that nothing widens access.
    ApplyNarrowing,
    /// Apply without a question (asked not to ask).
    Apply,
}

/// Whether to ask: never with `--auto-approve` or `never`; always with `any-change`; with
/// `broadening`, only when the plan widens access.
pub fn decide(approval: Approval, auto_approve: bool, widens_access: bool) -> Decision {
    match approval {
        _ if auto_approve => Decision::Apply,
        Approval::Never => Decision::Apply,
        Approval::AnyChange => Decision::Ask,
        Approval::Broadening if widens_access => Decision::Ask,
        Approval::Broadening => Decision::ApplyNarrowing,
    }
}

/// A saved plan made against another state of the account than the one it would change.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("Saved plan is stale: the live state changed since {label} was made ({what}); run sgctl plan again and apply the new plan")]
pub struct Stale {
    pub label: String,
    /// `security group sg-1 changed, security group sg-2 is new, …`.
    pub what: String,
}

/// A saved plan fits the account when the account's fingerprint is the one it was made from;
/// otherwise the parts that differ are named (ten at most).
pub fn check_fresh(
    label: &str,
    fingerprint: &str,
    digests: &BTreeMap<String, String>,
    account: &Account,
) -> Result<(), Stale> {
    if crate::state::fingerprint(account) == fingerprint {
        return Ok(());
    }
    let now = crate::state::digests(account);
    Err(Stale { label: label.to_string(), what: what_changed(digests, &now) })
}

fn what_changed(before: &BTreeMap<String, String>, now: &BTreeMap<String, String>) -> String {
    let keys: BTreeSet<&String> = before.keys().chain(now.keys()).collect();
    let mut changes: Vec<String> = keys
        .into_iter()
        .filter_map(|key| match (before.get(key), now.get(key)) {
            (Some(a), Some(b)) if a != b => Some(format!("{key} changed")),
            (None, Some(_)) => Some(format!("{key} is new")),
            (Some(_), None) => Some(format!("{key} is gone")),
            _ => None,
        })
        .collect();
    if changes.is_empty() {
        return "the account differs".into();
    }
    let more = changes.len().saturating_sub(10);
    changes.truncate(10);
    if more > 0 {
        changes.push(format!("and {more} more"));
    }
    changes.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sg::AccountSecurityGroup;

    #[test]
    fn the_fail_on_gate_counts_what_it_refuses() {
        let codes = vec!["wide-port-range".to_string(), "world-open-risky-port".to_string()];
        assert_eq!(validate_fail_on(&codes), Ok(()));
        let typo = validate_fail_on(&["open-ports".to_string()]).unwrap_err().to_string();
        assert!(typo.starts_with("--fail-on open-ports: no finding has that code; the codes are quota-rules-per-group"));
        assert_eq!(fail_on(&codes, ["unknown-port", "cidr-host-bits"]), Ok(()));
        let refused = fail_on(&codes, ["wide-port-range", "unknown-port", "wide-port-range", "world-open-risky-port"]);
        assert_eq!(
            refused.unwrap_err().to_string(),
            "findings that --fail-on refuses: wide-port-range (2), world-open-risky-port (1)"
        );
        assert_eq!(fail_on(&[], ["wide-port-range"]), Ok(()));
    }

    #[test]
    fn only_broadening_plans_ask_by_default() {
        use Approval::*;
        let cases = [
            (Broadening, false, true, Decision::Ask),
            (Broadening, false, false, Decision::ApplyNarrowing),
            (AnyChange, false, false, Decision::Ask),
            (Never, false, true, Decision::Apply),
            (Broadening, true, true, Decision::Apply),
            (AnyChange, true, false, Decision::Apply),
        ];
        for (approval, auto_approve, widens, expected) in cases {
            assert_eq!(decide(approval, auto_approve, widens), expected, "{approval:?} {auto_approve} {widens}");
        }
    }

    #[test]
    fn a_stale_plan_names_what_changed() {
        let group = |id: &str, name: &str| AccountSecurityGroup {
            id: id.into(),
            name: name.into(),
            description: String::new(),
            vpc_id: "vpc-1".into(),
            tags: Default::default(),
            ingress: Vec::new(),
        };
        let then = Account { security_groups: vec![group("sg-1", "a"), group("sg-2", "b")], ..Account::default() };
        let (fingerprint, digests) = (crate::state::fingerprint(&then), crate::state::digests(&then));
        assert_eq!(check_fresh("plan.json", &fingerprint, &digests, &then), Ok(()));
        let now = Account { security_groups: vec![group("sg-1", "renamed"), group("sg-3", "c")], ..Account::default() };
        assert_eq!(
            check_fresh("plan.json", &fingerprint, &digests, &now).unwrap_err().to_string(),
            "Saved plan is stale: the live state changed since plan.json was made (security group sg-1 changed, security group sg-2 is gone, security group sg-3 is new); run sgctl plan again and apply the new plan"
        );
    }
}
