//! What a saved plan is checked against before it is applied: the fingerprint of the live
//! state it was computed from (the SHA-256 of the account's canonical snapshot text, so equal
//! accounts have equal fingerprints), and a short hash per part of it (each security group,
//! the network interfaces, the VPCs, the subnets, the prefix lists, the account itself), so
//! that a stale plan can say what changed.

use super::snapshot::document;
use crate::sg::naming::hex;
use crate::sg::Account;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// `sha256:<hex>` of the canonical snapshot text (`snapshot::write`'s), hashed as it is
/// written rather than built first.
pub fn fingerprint(account: &Account) -> String {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(Hashing(Sha256::new()));
    serde_json::to_writer_pretty(&mut out, &document(account)).expect("a snapshot always serialises");
    out.write_all(b"\n").expect("hashing cannot fail");
    let Ok(Hashing(hasher)) = out.into_inner() else { unreachable!("hashing cannot fail") };
    format!("sha256:{}", hex(&hasher.finalize()))
}

/// A writer that hashes what is written to it.
struct Hashing(Sha256);

impl std::io::Write for Hashing {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_is_the_hash_of_the_snapshot_text() {
        let text = r#"{"format_version":"1","region":"r","security_groups":[{"id":"sg-1","ingress":[
            {"protocol":"tcp","from_port":80,"to_port":80,"cidr_ipv4":"10.0.0.0/8"}]}]}"#;
        let account = crate::state::read("s.json", text).unwrap();
        let written = crate::state::write(&account);
        assert_eq!(fingerprint(&account), format!("sha256:{}", hex(&Sha256::digest(written.as_bytes()))));
    }
}
