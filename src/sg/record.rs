//! The JSON form of a rule shared by the plan document and the snapshot file
//! (contracts §2 `Rule`, §3): exactly one of `cidr_ipv4`, `cidr_ipv6`, `prefix_list_id`,
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
    /// Why a desired rule exists (plan documents only; an addition to contracts §2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provenance: Vec<super::rule::Provenance>,
}

/// A `RuleRecord` borrowed from a rule, for writing only: serialises to the same text as
/// `RuleRecord::from(rule)` with `provenance`, without copying the rule's strings (a big
/// plan or snapshot writes hundreds of thousands of them). A rule never has a rule id.
#[derive(Debug, Serialize)]
pub struct RuleRecordRef<'a> {
    pub(crate) protocol: &'a str,
    pub(crate) from_port: i32,
    pub(crate) to_port: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) cidr_ipv4: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) cidr_ipv6: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) prefix_list_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) source_security_group: Option<&'a GroupRef>,
    pub(crate) description: &'a str,
    #[serde(skip_serializing_if = "<[super::rule::Provenance]>::is_empty")]
    pub(crate) provenance: &'a [super::rule::Provenance],
}

impl<'a> RuleRecordRef<'a> {
    pub fn new(rule: &'a Rule, provenance: &'a [super::rule::Provenance]) -> RuleRecordRef<'a> {
        let mut record = RuleRecordRef {
            protocol: rule.protocol.as_str(),
            from_port: rule.from_port,
            to_port: rule.to_port,
            cidr_ipv4: None,
            cidr_ipv6: None,
            prefix_list_id: None,
            source_security_group: None,
            description: &rule.description,
            provenance,
        };
        match &rule.peer {
            Peer::CidrV4(cidr) => record.cidr_ipv4 = Some(cidr),
            Peer::CidrV6(cidr) => record.cidr_ipv6 = Some(cidr),
            Peer::PrefixList(id) => record.prefix_list_id = Some(id),
            Peer::Group(group) => record.source_security_group = Some(group),
        }
        record
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sg::Provenance;

    #[test]
    fn a_borrowed_record_writes_the_same_text_as_the_owned_one() {
        let why =
            [Provenance { source: "a.yaml:3".into(), object: "Ingress n/a".into(), reason: "listen-ports 443".into() }];
        let peers = [
            Peer::CidrV4("10.0.0.0/8".into()),
            Peer::CidrV6("::/0".into()),
            Peer::PrefixList("pl-1".into()),
            Peer::Group(GroupRef::by_name("k8s-traffic-c-1")),
            Peer::Group(GroupRef { id: Some("sg-1".into()), name: Some("n".into()) }),
        ];
        for peer in peers {
            for (protocol, ports) in
                [(Protocol::Tcp, (80, 443)), (Protocol::All, (-1, -1)), (Protocol::Other("sctp".into()), (9, 9))]
            {
                let rule = Rule::new(protocol.clone(), ports.0, ports.1, peer.clone()).with_description("d \"q\"");
                for provenance in [&why[..], &[]] {
                    let owned = RuleRecord { provenance: provenance.to_vec(), ..RuleRecord::from(&rule) };
                    let borrowed = RuleRecordRef::new(&rule, provenance);
                    assert_eq!(
                        serde_json::to_string_pretty(&borrowed).unwrap(),
                        serde_json::to_string_pretty(&owned).unwrap()
                    );
                }
            }
        }
    }
}
