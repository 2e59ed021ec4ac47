//! What sgctl knows of an AWS account: VPCs, subnets, security groups with their
//! inbound rules, and network interfaces. This is the content of a snapshot file
//! (docs/formats.md) and what the live reader produces; the model reads it for facts files
//! cannot give (node SGs, subnet and VPC CIDRs, custom SGs), the diff for what exists.

use super::rule::Rule;
use super::tags::Tags;

/// How the ids of groups that exist only in an account sgctl imagines begin (the account the
/// old manifests of `sgctl diff` would have produced): no EC2 id does (`sg-` and hex digits),
/// so the plan document shows them as not known.
pub const PLACEHOLDER_ID_PREFIX: &str = "sg-planned-";

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Account {
    pub region: Option<String>,
    /// The AWS account id (from STS), when known.
    pub account_id: Option<String>,
    pub vpcs: Vec<Vpc>,
    pub subnets: Vec<Subnet>,
    pub security_groups: Vec<AccountSecurityGroup>,
    pub network_interfaces: Vec<NetworkInterface>,
    /// The managed prefix lists the manifests reference (for the rules-per-group quota,
    /// where EC2 counts a referenced list as its maximum number of entries).
    pub prefix_lists: Vec<PrefixList>,
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

/// A managed prefix list, as DescribeManagedPrefixLists describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrefixList {
    pub id: String,
    pub name: String,
    /// `IPv4` or `IPv6`, when EC2 says.
    pub address_family: Option<String>,
    /// The most entries the list may hold: what one rule referencing it weighs against the
    /// rules-per-group quota. EC2 leaves it out for some AWS-managed lists.
    pub max_entries: Option<i32>,
}

impl Account {
    /// Sorts every list by id, the order lookups and the canonical snapshot rely on.
    pub fn sort(&mut self) {
        self.vpcs.sort_by(|a, b| a.id.cmp(&b.id));
        self.subnets.sort_by(|a, b| a.id.cmp(&b.id));
        self.security_groups.sort_by(|a, b| a.id.cmp(&b.id));
        self.network_interfaces.sort_by(|a, b| a.id.cmp(&b.id));
        self.prefix_lists.sort_by(|a, b| a.id.cmp(&b.id));
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

    /// The prefix list with this id; `prefix_lists` is sorted by id (see `sort`).
    pub fn prefix_list(&self, id: &str) -> Option<&PrefixList> {
        self.prefix_lists.binary_search_by(|list| list.id.as_str().cmp(id)).ok().map(|index| &self.prefix_lists[index])
    }
}
