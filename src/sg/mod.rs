//! The shared vocabulary of sgctl: security-group rules with one source each, CIDRs,
//! the controller's naming hashes and tracking tags, and the account data both the
//! model and the live state are expressed in.
//!
//! This module depends on nothing else in the crate and does no I/O. Everything in
//! it that reaches a renderer is ordered (`BTreeMap`, `BTreeSet`, derived `Ord`), so
//! output built from it is deterministic.

pub mod account;
pub mod cidr;
pub mod naming;
pub mod ownership;
pub mod record;
pub mod rule;
pub mod tags;

pub use account::{Account, AccountSecurityGroup, NetworkInterface, PrefixList, Subnet, Vpc, PLACEHOLDER_ID_PREFIX};
pub use cidr::Cidr;
pub use ownership::{is_owned_node_rule, OWNED_RULE_DESCRIPTION};
pub use rule::{GroupRef, Peer, Protocol, Provenance, Rule, RuleKey};
pub use tags::Tags;
