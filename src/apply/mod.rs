//! Apply: make the account match a plan through the `Ec2Write` port, with the fewest calls,
//! safely and repeatably.
//!
//! Effects run in the one safe order — create groups (tags inline), reconcile tags,
//! authorize (one call per group, all its new rules), update descriptions, revoke (one call
//! per group), delete groups last — so that no rule is removed before its replacement exists
//! and no group is deleted while a rule that this run adds still names it. Groups proceed
//! concurrently within a phase, bounded by `parallelism` and a client-side rate limit under
//! EC2's mutating-call limits; the SDK retries throttling and 5xx with jittered backoff.
//!
//! Everything is idempotent, so re-running after any failure converges: an authorize that
//! meets an existing rule, a revoke of a rule already gone, a delete of a group already gone
//! are successes; a create that meets a group of the same name carrying our tags adopts it.

mod blockers;
mod executor;
#[cfg(test)]
mod fake;
pub mod policy;
mod prompt;
mod rate;
#[cfg(test)]
mod tests;

pub use executor::execute;
pub use prompt::{confirm, PROMPT};
pub use rate::RateLimit;

use crate::document::PlanDocument;
use crate::ec2::Ec2Read;
use crate::plan::Change;

use std::collections::BTreeMap;
use std::time::Duration;

#[derive(Clone, Debug, PartialEq)]
pub struct ApplyOptions {
    /// Groups worked on at once within a phase.
    pub parallelism: usize,
    pub rate: RateLimit,
    /// How long a frontend SG delete is retried while EC2 answers DependencyViolation
    /// (the controller: 10 s), and the backend SG's (the controller: 2 min).
    pub delete_timeout: Duration,
    pub backend_delete_timeout: Duration,
    /// The pause between two delete attempts (the controller: 2 s).
    pub delete_retry_step: Duration,
}

impl Default for ApplyOptions {
    fn default() -> Self {
        ApplyOptions {
            parallelism: 8,
            rate: RateLimit::default(),
            delete_timeout: Duration::from_secs(10),
            backend_delete_timeout: Duration::from_secs(120),
            delete_retry_step: Duration::from_secs(2),
        }
    }
}

/// Progress, terraform style: `<address>: Creating...`, `<address>: Creation complete after 1s [id=sg-…]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Started { address: String, verb: &'static str, id: Option<String> },
    Finished { address: String, noun: &'static str, seconds: u64, id: Option<String> },
    Failed { address: String, message: String },
}

impl std::fmt::Display for Event {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let id_suffix = |id: &Option<String>| id.as_ref().map(|id| format!(" [id={id}]")).unwrap_or_default();
        match self {
            Event::Started { address, verb, id } => write!(f, "{address}: {verb}...{}", id_suffix(id)),
            Event::Finished { address, noun, seconds, id } => {
                write!(f, "{address}: {noun} complete after {seconds}s{}", id_suffix(id))
            }
            Event::Failed { address, message } => write!(f, "{address}: failed: {message}"),
        }
    }
}

/// What an apply did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub added: usize,
    pub changed: usize,
    pub destroyed: usize,
    /// (address, what failed: the call, the AWS error code and message).
    pub failures: Vec<(String, String)>,
    /// Addresses not attempted because something they depend on failed.
    pub not_attempted: Vec<String>,
    /// Mutating EC2 calls made, by API name.
    pub calls: BTreeMap<&'static str, usize>,
}

impl Report {
    pub fn succeeded(&self) -> bool {
        self.failures.is_empty() && self.not_attempted.is_empty()
    }
}

/// Why a saved plan cannot be applied.
#[derive(Debug, thiserror::Error)]
pub enum SavedPlanError {
    #[error(transparent)]
    Read(#[from] crate::state::FetchError),
    #[error(transparent)]
    Stale(#[from] policy::Stale),
    #[error(transparent)]
    Document(#[from] crate::document::ReadError),
}

/// The changes of a saved plan, once the account it would change has been read again (what
/// the plan read) and found to be the one the plan was made from.
pub async fn saved_changes<E: Ec2Read>(
    ec2: &E,
    label: &str,
    document: &PlanDocument,
) -> Result<Vec<Change>, SavedPlanError> {
    let account = crate::state::read_account(ec2, &document.read.wanted(&document.cluster)).await?;
    policy::check_fresh(label, &document.fingerprint, &document.live_digests, &account)?;
    Ok(crate::document::changes(label, document)?)
}
