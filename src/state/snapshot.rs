//! The snapshot file: read into an `Account` (unknown keys ignored, lists optional,
//! rules normalised to one source each), and written back canonically (sorted), which is
//! also what the fingerprint hashes.

use crate::sg::naming::hex;
use crate::sg::record::{RuleRecord, RuleRecordRef};
use crate::sg::{Account, AccountSecurityGroup, NetworkInterface, PrefixList, Subnet, Tags, Vpc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The snapshot file as it is read (`SnapshotOut` writes it).
#[derive(Debug, Default, Deserialize)]
struct SnapshotDoc {
    format_version: String,
    #[serde(default)]
    region: Option<String>,
    /// An addition to contracts §3: the account the snapshot was pulled from.
    #[serde(default)]
    account_id: Option<String>,
    #[serde(default)]
    vpcs: Vec<VpcDoc>,
    #[serde(default)]
    subnets: Vec<SubnetDoc>,
    #[serde(default)]
    security_groups: Vec<GroupDoc>,
    #[serde(default)]
    network_interfaces: Vec<EniDoc>,
    /// An addition to contracts §3: the managed prefix lists the manifests reference.
    #[serde(default)]
    prefix_lists: Vec<PrefixListDoc>,
}

#[derive(Debug, Serialize, Deserialize)]
struct PrefixListDoc {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    address_family: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_entries: Option<i32>,
}

#[derive(Debug, Serialize, Deserialize)]
struct VpcDoc {
    id: String,
    #[serde(default)]
    cidrs_ipv4: Vec<String>,
    #[serde(default)]
    cidrs_ipv6: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct SubnetDoc {
    id: String,
    vpc_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cidr_ipv4: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cidr_ipv6: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    availability_zone: Option<String>,
    #[serde(default)]
    tags: Tags,
}

/// A security group as it is read (`GroupOut` writes it).
#[derive(Debug, Deserialize)]
struct GroupDoc {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    vpc_id: String,
    #[serde(default)]
    tags: Tags,
    #[serde(default)]
    ingress: Vec<RuleRecord>,
}

#[derive(Debug, Serialize, Deserialize)]
struct EniDoc {
    id: String,
    #[serde(default)]
    instance_id: Option<String>,
    #[serde(default)]
    device_index: Option<i32>,
    #[serde(default)]
    security_groups: Vec<String>,
    #[serde(default)]
    private_ips: Vec<String>,
}

/// A snapshot that cannot be read: the file, the place in it, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SnapshotError {
    pub message: String,
}

/// Parses a snapshot. `label` names the file in errors.
pub fn read(label: &str, text: &str) -> Result<Account, SnapshotError> {
    let doc: SnapshotDoc = serde_json::from_str(text)
        .map_err(|error| SnapshotError { message: format!("{label}:{}: invalid snapshot: {error}", error.line()) })?;
    if doc.format_version != "1" {
        return Err(SnapshotError {
            message: format!(
                "{label}: snapshot format_version {:?} is not supported (this sgctl reads \"1\")",
                doc.format_version
            ),
        });
    }
    let mut security_groups = Vec::with_capacity(doc.security_groups.len());
    for group in doc.security_groups {
        let mut ingress = Vec::with_capacity(group.ingress.len());
        for (index, record) in group.ingress.into_iter().enumerate() {
            let rules = record.into_rules().map_err(|message| SnapshotError {
                message: format!("{label}: security group {} ingress[{index}]: {message}", group.id),
            })?;
            ingress.extend(rules);
        }
        ingress.sort();
        security_groups.push(AccountSecurityGroup {
            id: group.id,
            name: group.name,
            description: group.description,
            vpc_id: group.vpc_id,
            tags: group.tags,
            ingress,
        });
    }
    let mut account = Account {
        region: doc.region,
        account_id: doc.account_id,
        vpcs: doc
            .vpcs
            .into_iter()
            .map(|v| Vpc { id: v.id, cidrs_ipv4: v.cidrs_ipv4, cidrs_ipv6: v.cidrs_ipv6 })
            .collect(),
        subnets: doc
            .subnets
            .into_iter()
            .map(|s| Subnet {
                id: s.id,
                vpc_id: s.vpc_id,
                cidr_ipv4: s.cidr_ipv4,
                cidr_ipv6: s.cidr_ipv6,
                availability_zone: s.availability_zone,
                tags: s.tags,
            })
            .collect(),
        security_groups,
        network_interfaces: doc
            .network_interfaces
            .into_iter()
            .map(|e| NetworkInterface {
                id: e.id,
                instance_id: e.instance_id,
                device_index: e.device_index,
                security_groups: e.security_groups,
                private_ips: e.private_ips,
            })
            .collect(),
        prefix_lists: doc
            .prefix_lists
            .into_iter()
            .map(|p| PrefixList {
                id: p.id,
                name: p.name,
                address_family: p.address_family,
                max_entries: p.max_entries,
            })
            .collect(),
    };
    account.sort();
    account.name_source_groups();
    Ok(account)
}

/// The canonical snapshot text of an account: sorted, one source per rule.
pub fn write(account: &Account) -> String {
    let mut text = crate::pretty_json::to_string(&document(account)).unwrap_or_default();
    text.push('\n');
    text
}

/// `SnapshotDoc` for writing, its security groups (nearly all of an account's size)
/// borrowed from the account instead of copied: the same text, field for field.
#[derive(Serialize)]
struct SnapshotOut<'a> {
    format_version: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    account_id: Option<&'a str>,
    vpcs: Vec<VpcDoc>,
    subnets: Vec<SubnetDoc>,
    security_groups: GroupsOut<'a>,
    network_interfaces: Vec<EniDoc>,
    /// Left out when empty, so snapshots without any keep their text and fingerprint.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    prefix_lists: Vec<PrefixListDoc>,
}

/// The account's security groups as `GroupDoc`s, borrowed.
struct GroupsOut<'a>(&'a [AccountSecurityGroup]);

impl Serialize for GroupsOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(GroupOut::from))
    }
}

/// `GroupDoc`, borrowed.
#[derive(Serialize)]
struct GroupOut<'a> {
    id: &'a str,
    name: &'a str,
    description: &'a str,
    vpc_id: &'a str,
    tags: &'a Tags,
    ingress: RulesOut<'a>,
}

impl<'a> From<&'a AccountSecurityGroup> for GroupOut<'a> {
    fn from(group: &'a AccountSecurityGroup) -> Self {
        GroupOut {
            id: &group.id,
            name: &group.name,
            description: &group.description,
            vpc_id: &group.vpc_id,
            tags: &group.tags,
            ingress: RulesOut(&group.ingress),
        }
    }
}

/// A group's rules as `RuleRecord`s, borrowed.
struct RulesOut<'a>(&'a [crate::sg::Rule]);

impl Serialize for RulesOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|rule| RuleRecordRef::new(rule, &[])))
    }
}

fn document(account: &Account) -> SnapshotOut<'_> {
    SnapshotOut {
        format_version: "1",
        region: account.region.as_deref(),
        account_id: account.account_id.as_deref(),
        vpcs: account
            .vpcs
            .iter()
            .map(|v| VpcDoc { id: v.id.clone(), cidrs_ipv4: v.cidrs_ipv4.clone(), cidrs_ipv6: v.cidrs_ipv6.clone() })
            .collect(),
        subnets: account
            .subnets
            .iter()
            .map(|s| SubnetDoc {
                id: s.id.clone(),
                vpc_id: s.vpc_id.clone(),
                cidr_ipv4: s.cidr_ipv4.clone(),
                cidr_ipv6: s.cidr_ipv6.clone(),
                availability_zone: s.availability_zone.clone(),
                tags: s.tags.clone(),
            })
            .collect(),
        security_groups: GroupsOut(&account.security_groups),
        network_interfaces: account
            .network_interfaces
            .iter()
            .map(|e| EniDoc {
                id: e.id.clone(),
                instance_id: e.instance_id.clone(),
                device_index: e.device_index,
                security_groups: e.security_groups.clone(),
                private_ips: e.private_ips.clone(),
            })
            .collect(),
        prefix_lists: account
            .prefix_lists
            .iter()
            .map(|p| PrefixListDoc {
                id: p.id.clone(),
                name: p.name.clone(),
                address_family: p.address_family.clone(),
                max_entries: p.max_entries,
            })
            .collect(),
    }
}

/// The first eight bytes of the SHA-256 of a part's compact JSON, in hex.
fn short_hash_of<T: Serialize>(value: &T) -> String {
    hex(&sha256_of_json(value, false)[..8])
}

fn short_hash(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes())[..8])
}

/// The SHA-256 of a value's JSON text (pretty: as `text` writes it, with its final newline),
/// hashed as it is written instead of built as a string first.
fn sha256_of_json<T: Serialize>(value: &T, pretty: bool) -> [u8; 32] {
    use std::io::Write;
    let mut out = std::io::BufWriter::with_capacity(1 << 13, HashingWriter(Sha256::new()));
    let written = if pretty {
        crate::pretty_json::to_writer(&mut out, value).map_err(std::io::Error::from).and_then(|()| out.write_all(b"\n"))
    } else {
        serde_json::to_writer(&mut out, value).map_err(std::io::Error::from)
    };
    written.expect("the snapshot's types always serialise, and hashing cannot fail");
    match out.into_inner() {
        Ok(HashingWriter(hasher)) => hasher.finalize().into(),
        Err(_) => unreachable!("hashing cannot fail"),
    }
}

/// An `io::Write` that hashes what is written to it.
struct HashingWriter(Sha256);

impl std::io::Write for HashingWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A short hash per part of the account (each security group, the network interfaces, the
/// VPCs, the subnets, the account itself), so that a stale saved plan can say what changed.
pub fn digests(account: &Account) -> std::collections::BTreeMap<String, String> {
    digests_of(&document(account))
}

fn digests_of(doc: &SnapshotOut<'_>) -> std::collections::BTreeMap<String, String> {
    let mut parts = std::collections::BTreeMap::new();
    parts.insert("account".to_string(), short_hash(&format!("{:?} {:?}", doc.account_id, doc.region)));
    parts.insert("network interfaces".to_string(), short_hash_of(&doc.network_interfaces));
    parts.insert("subnets".to_string(), short_hash_of(&doc.subnets));
    parts.insert("vpcs".to_string(), short_hash_of(&doc.vpcs));
    if !doc.prefix_lists.is_empty() {
        parts.insert("prefix lists".to_string(), short_hash_of(&doc.prefix_lists));
    }
    for group in doc.security_groups.0 {
        parts.insert(format!("security group {}", group.id), short_hash_of(&GroupOut::from(group)));
    }
    parts
}

/// `sha256:<hex>` of the canonical snapshot text: equal accounts, equal fingerprints.
pub fn fingerprint(account: &Account) -> String {
    fingerprint_of(&document(account))
}

/// The hash of `text(doc)`, without building the text.
fn fingerprint_of(doc: &SnapshotOut<'_>) -> String {
    format!("sha256:{}", hex(&sha256_of_json(doc, true)))
}

/// `fingerprint` and `digests` together, from one canonical document (a plan needs both;
/// building the document once halves the cost on a big account).
pub fn fingerprint_and_digests(account: &Account) -> (String, std::collections::BTreeMap<String, String>) {
    let doc = document(account);
    (fingerprint_of(&doc), digests_of(&doc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_rules_to_one_source_each() {
        let text = r#"{"format_version":"1","security_groups":[{"id":"sg-1","ingress":[
            {"protocol":"tcp","from_port":80,"to_port":80,"cidr_ipv4":"10.0.0.1/8","prefix_list_id":"pl-1"}]}],
            "extra":"ignored"}"#;
        let account = read("s.json", text).unwrap();
        let rules: Vec<String> = account.security_groups[0].ingress.iter().map(ToString::to_string).collect();
        assert_eq!(rules, vec!["tcp 80 from 10.0.0.0/8", "tcp 80 from pl-1"]);
    }

    #[test]
    fn round_trips_and_fingerprints_deterministically() {
        let account = read("s.json", r#"{"format_version":"1"}"#).unwrap();
        assert_eq!(read("s.json", &write(&account)).unwrap(), account);
        assert_eq!(fingerprint(&account), fingerprint(&account.clone()));
        assert!(read("s.json", r#"{"format_version":"2"}"#).is_err());
        let error = read("s.json", "{\n\"format_version\": 1}").unwrap_err();
        assert!(error.message.starts_with("s.json:2: invalid snapshot"), "{}", error.message);
    }

    #[test]
    fn prefix_lists_round_trip_and_stay_out_when_empty() {
        let text = r#"{"format_version":"1","prefix_lists":[
            {"id":"pl-2","name":"office","address_family":"IPv4","max_entries":25},{"id":"pl-1"}]}"#;
        let account = read("s.json", text).unwrap();
        assert_eq!(account.prefix_lists.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["pl-1", "pl-2"]);
        assert_eq!(account.prefix_list("pl-2").and_then(|p| p.max_entries), Some(25));
        assert_eq!(account.prefix_list("pl-1").and_then(|p| p.max_entries), None);
        assert_eq!(read("s.json", &write(&account)).unwrap(), account);
        assert!(digests(&account).contains_key("prefix lists"));
        let empty = read("s.json", r#"{"format_version":"1"}"#).unwrap();
        assert!(!write(&empty).contains("prefix_lists"));
        assert!(!digests(&empty).contains_key("prefix lists"));
    }
}
