//! The snapshot file (docs/formats.md): read into an `Account` (unknown keys ignored, lists
//! optional, rules normalised to one source each), and written back canonically (sorted, one
//! source per rule), which is also the text the fingerprint hashes (`fingerprint.rs`).

use crate::sg::record::RuleRecord;
use crate::sg::{Account, AccountSecurityGroup, NetworkInterface, PrefixList, Subnet, Tags, Vpc};
use serde::{Deserialize, Serialize};

/// The snapshot file, as it is read and written.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct SnapshotDoc {
    format_version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The account the snapshot was pulled from (an addition to the first version).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    #[serde(default)]
    pub vpcs: Vec<VpcDoc>,
    #[serde(default)]
    pub subnets: Vec<SubnetDoc>,
    #[serde(default)]
    pub security_groups: Vec<GroupDoc>,
    #[serde(default)]
    pub network_interfaces: Vec<EniDoc>,
    /// The managed prefix lists the manifests reference (an addition to the first version);
    /// left out when empty, so that snapshots without any keep their text and fingerprint.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prefix_lists: Vec<PrefixListDoc>,
}

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct PrefixListDoc {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    address_family: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_entries: Option<i32>,
}

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct VpcDoc {
    id: String,
    #[serde(default)]
    cidrs_ipv4: Vec<String>,
    #[serde(default)]
    cidrs_ipv6: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct SubnetDoc {
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

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct GroupDoc {
    pub id: String,
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
pub(super) struct EniDoc {
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
    let mut text = serde_json::to_string_pretty(&document(account)).expect("a snapshot always serialises");
    text.push('\n');
    text
}

/// The snapshot document of an account, as `write` writes it.
pub(super) fn document(account: &Account) -> SnapshotDoc {
    SnapshotDoc {
        format_version: "1".into(),
        region: account.region.clone(),
        account_id: account.account_id.clone(),
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
        security_groups: account
            .security_groups
            .iter()
            .map(|g| GroupDoc {
                id: g.id.clone(),
                name: g.name.clone(),
                description: g.description.clone(),
                vpc_id: g.vpc_id.clone(),
                tags: g.tags.clone(),
                ingress: g.ingress.iter().map(RuleRecord::from).collect(),
            })
            .collect(),
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
        assert_eq!(super::super::fingerprint(&account), super::super::fingerprint(&account.clone()));
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
        assert!(super::super::digests(&account).contains_key("prefix lists"));
        let empty = read("s.json", r#"{"format_version":"1"}"#).unwrap();
        assert!(!write(&empty).contains("prefix_lists"));
        assert!(!super::super::digests(&empty).contains_key("prefix lists"));
    }
}
