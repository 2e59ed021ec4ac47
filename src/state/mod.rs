//! The live side: what exists in the account, read through the `Ec2Read` port from the
//! live account or from a snapshot file (contracts §3), by the same `fetch`. Owns rule normalisation (one
//! source per rule, canonical CIDRs) and the fingerprint a saved plan is checked against.

pub mod fetch;
mod offline;
pub mod snapshot;

pub use fetch::{fetch, FetchError, Wanted};
pub use offline::SnapshotReader;
pub use snapshot::{digests, fingerprint, fingerprint_and_digests, read, write, SnapshotError};
