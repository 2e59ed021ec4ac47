//! What sgctl knows of an AWS account: VPCs, subnets, security groups with their
//! inbound rules, and network interfaces. This is the content of a snapshot file
//! (contracts §3) and what the live reader produces; the model reads it for facts files
//! cannot give (node SGs, subnet and VPC CIDRs, custom SGs), the diff for what exists.

use super::rule::Rule;
use super::tags::Tags;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Account {
    pub region: Option<String>,
    /// The AWS account id (from STS), when known.
    pub account_id: Option<String>,
    pub vpcs: Vec<Vpc>,
    pub subnets: Vec<Subnet>,
    pub security_groups: Vec<AccountSecurityGroup>,
    pub network_interfaces: Vec<NetworkInterface>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vpc {
    pub id: String,
    pub cidrs_ipv4: Vec<String>,
    pub cidrs_ipv6: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subnet {
    pub id: String,
    pub vpc_id: String,
    pub cidr_ipv4: Option<String>,
    pub cidr_ipv6: Option<String>,
    pub availability_zone: Option<String>,
    pub tags: Tags,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountSecurityGroup {
    pub id: String,
    pub name: String,
    pub description: String,
    pub vpc_id: String,
    pub tags: Tags,
    /// Inbound rules, one source each.
    pub ingress: Vec<Rule>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkInterface {
    pub id: String,
    pub instance_id: Option<String>,
    pub device_index: Option<i32>,
    pub security_groups: Vec<String>,
    pub private_ips: Vec<String>,
}

impl Account {
    /// Sorts every list by id, the order lookups and the canonical snapshot rely on.
    pub fn sort(&mut self) {
        self.vpcs.sort_by(|a, b| a.id.cmp(&b.id));
        self.subnets.sort_by(|a, b| a.id.cmp(&b.id));
        self.security_groups.sort_by(|a, b| a.id.cmp(&b.id));
        self.network_interfaces.sort_by(|a, b| a.id.cmp(&b.id));
    }

    /// Fills in the name of every source group the account knows, so rules read the same
    /// whether EC2 named the group or not.
    pub fn name_source_groups(&mut self) {
        let names: std::collections::BTreeMap<String, String> =
            self.security_groups.iter().map(|group| (group.id.clone(), group.name.clone())).collect();
        for group in &mut self.security_groups {
            for rule in &mut group.ingress {
                if let super::Peer::Group(reference) = &mut rule.peer {
                    if reference.name.is_none() {
                        reference.name = reference.id.as_ref().and_then(|id| names.get(id)).cloned();
                    }
                }
            }
            group.ingress.sort();
        }
    }

    /// The group with this id; `security_groups` is sorted by id (see `sort`).
    pub fn security_group(&self, id: &str) -> Option<&AccountSecurityGroup> {
        self.security_groups
            .binary_search_by(|group| group.id.as_str().cmp(id))
            .ok()
            .map(|index| &self.security_groups[index])
    }
}
