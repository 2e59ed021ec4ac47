//! What a saved plan is checked against before it is applied: the fingerprint of the live
//! state it was computed from (the SHA-256 of the account's canonical snapshot text, so equal
//! accounts have equal fingerprints), and a short hash per part of it (each security group,
//! the network interfaces, the VPCs, the subnets, the prefix lists, the account itself), so
//! that a stale plan can say what changed.

use super::snapshot::{document, write};
use crate::sg::naming::hex;
use crate::sg::Account;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// `sha256:<hex>` of the canonical snapshot text.
pub fn fingerprint(account: &Account) -> String {
    format!("sha256:{}", hex(&Sha256::digest(write(account).as_bytes())))
}

/// A short hash per part of the account.
pub fn digests(account: &Account) -> BTreeMap<String, String> {
    let doc = document(account);
    let mut parts = BTreeMap::new();
    parts.insert("account".to_string(), short_hash(&format!("{:?} {:?}", doc.account_id, doc.region)));
    parts.insert("network interfaces".to_string(), short_hash_of(&doc.network_interfaces));
    parts.insert("subnets".to_string(), short_hash_of(&doc.subnets));
    parts.insert("vpcs".to_string(), short_hash_of(&doc.vpcs));
    if !doc.prefix_lists.is_empty() {
        parts.insert("prefix lists".to_string(), short_hash_of(&doc.prefix_lists));
    }
    for group in &doc.security_groups {
        parts.insert(format!("security group {}", group.id), short_hash_of(group));
    }
    parts
}

/// The first eight bytes of the SHA-256 of a part's compact JSON, in hex.
fn short_hash_of<T: Serialize>(value: &T) -> String {
    short_hash(&serde_json::to_string(value).expect("a snapshot's parts always serialise"))
}

fn short_hash(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes())[..8])
}
