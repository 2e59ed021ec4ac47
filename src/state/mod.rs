//! The live side: what exists in the account. Today read from a snapshot file (contracts
//! §3); the live-AWS reader will produce the same `Account`. Owns rule normalisation (one
//! source per rule, canonical CIDRs) and the fingerprint a saved plan is checked against.

pub mod snapshot;

pub use snapshot::{fingerprint, read, write, SnapshotError};
