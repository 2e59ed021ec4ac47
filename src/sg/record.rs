//! The JSON form of a rule shared by the plan document and the snapshot file
//! (docs/formats.md): exactly one of `cidr_ipv4`, `cidr_ipv6`, `prefix_list_id`,
//! `source_security_group`.

use super::cidr::Cidr;
use super::rule::{GroupRef, Peer, Protocol, Rule};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleRecord {
    pub protocol: String,
    /// Absent for `-1` rules in some EC2 answers; read as -1.
    #[serde(default = "minus_one")]
    pub from_port: i32,
    #[serde(default = "minus_one")]
    pub to_port: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_ipv4: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_ipv6: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix_list_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_security_group: Option<GroupRef>,
    #[serde(default)]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_id: Option<String>,
    /// Why a desired rule exists (plan documents only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provenance: Vec<super::rule::Provenance>,
}

fn minus_one() -> i32 {
    -1
}

impl From<&Rule> for RuleRecord {
    fn from(rule: &Rule) -> RuleRecord {
        let mut record = RuleRecord {
            protocol: rule.protocol.to_string(),
            from_port: rule.from_port,
            to_port: rule.to_port,
            description: rule.description.clone(),
            ..RuleRecord::default()
        };
        match &rule.peer {
            Peer::CidrV4(cidr) => record.cidr_ipv4 = Some(cidr.clone()),
            Peer::CidrV6(cidr) => record.cidr_ipv6 = Some(cidr.clone()),
            Peer::PrefixList(id) => record.prefix_list_id = Some(id.clone()),
            Peer::Group(group) => record.source_security_group = Some(group.clone()),
        }
        record
    }
}

impl RuleRecord {
    /// One rule per source the record names (normalisation: one source per rule), with
    /// CIDRs in canonical form. A record with no source is an error.
    pub fn into_rules(self) -> Result<Vec<Rule>, String> {
        let protocol = Protocol::parse(&self.protocol);
        let mut peers = Vec::new();
        if let Some(text) = &self.cidr_ipv4 {
            peers.push(Peer::CidrV4(Cidr::parse(text)?.to_string()));
        }
        if let Some(text) = &self.cidr_ipv6 {
            peers.push(Peer::CidrV6(Cidr::parse(text)?.to_string()));
        }
        if let Some(id) = &self.prefix_list_id {
            peers.push(Peer::PrefixList(id.clone()));
        }
        if let Some(group) = &self.source_security_group {
            if group.id.is_none() && group.name.is_none() {
                return Err("source_security_group needs an id or a name".into());
            }
            peers.push(Peer::Group(group.clone()));
        }
        if peers.is_empty() {
            return Err("rule has no source (cidr_ipv4, cidr_ipv6, prefix_list_id or source_security_group)".into());
        }
        let (from_port, to_port) = if protocol == Protocol::All { (-1, -1) } else { (self.from_port, self.to_port) };
        Ok(peers
            .into_iter()
            .map(|peer| {
                Rule::new(protocol.clone(), from_port, to_port, peer).with_description(self.description.clone())
            })
            .collect())
    }
}
