//! The live side: what exists in the account, read through the `Ec2Read` port from the live
//! account or from a snapshot file (docs/formats.md), by the same `fetch`. Owns the snapshot
//! file, rule normalisation (one source per rule, canonical CIDRs) and the fingerprint a saved
//! plan is checked against. Knows nothing of the model or the plan.

mod assumed;
pub mod fetch;
mod fingerprint;
mod offline;
pub mod snapshot;

pub use assumed::assumed;
pub use fetch::{fetch, read_account, FetchError, Wanted};
pub use fingerprint::{digests, fingerprint};
pub use snapshot::{read, write, SnapshotError};
