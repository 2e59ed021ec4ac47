//! The account `sgctl diff` starts from when no snapshot is given: the one the settings and
//! the manifests describe, with every group they name taken to exist as named (the custom
//! SGs by id or `Name` tag, the backend and node SGs), holding no rules. A group named only
//! by its `Name` tag gets a placeholder id. The VPC is the settings' (`--vpc-id`), with no
//! CIDRs and no subnets: what needs those (the rules of a load balancer without security
//! groups) is as unknown as a plan against an empty snapshot makes it.

use super::Wanted;
use crate::sg::{Account, AccountSecurityGroup, Tags, Vpc, PLACEHOLDER_ID_PREFIX};

/// The account `wanted` names.
pub fn assumed(wanted: &Wanted) -> Account {
    let vpc_id = wanted.vpc_id.clone().unwrap_or_default();
    let group = |id: String, name: &str, tags: Tags| AccountSecurityGroup {
        id,
        name: name.to_string(),
        description: String::new(),
        vpc_id: vpc_id.clone(),
        tags,
        ingress: Vec::new(),
    };
    let by_id = wanted.group_ids.iter().map(|id| group(id.clone(), "", Tags::new()));
    let by_name = wanted.group_names.iter().enumerate().map(|(index, name)| {
        let tags = Tags::from([("Name".to_string(), name.clone())]);
        group(format!("{PLACEHOLDER_ID_PREFIX}named-{:04}", index + 1), name, tags)
    });
    let mut account = Account {
        vpcs: wanted
            .vpc_id
            .iter()
            .map(|id| Vpc { id: id.clone(), cidrs_ipv4: Vec::new(), cidrs_ipv6: Vec::new() })
            .collect(),
        security_groups: by_id.chain(by_name).collect(),
        ..Account::default()
    };
    account.sort();
    account
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_group_named_exists_in_the_vpc_without_rules() {
        let wanted = Wanted {
            cluster: "c".into(),
            vpc_id: Some("vpc-1".into()),
            group_ids: BTreeSet::from(["sg-node".to_string()]),
            group_names: BTreeSet::from(["custom".to_string()]),
            prefix_list_ids: BTreeSet::new(),
        };
        let account = assumed(&wanted);
        assert_eq!(account.vpcs.len(), 1);
        let groups: Vec<(&str, &str, &str)> =
            account.security_groups.iter().map(|g| (g.id.as_str(), g.name.as_str(), g.vpc_id.as_str())).collect();
        assert_eq!(groups, [("sg-node", "", "vpc-1"), ("sg-planned-named-0001", "custom", "vpc-1")]);
        assert_eq!(account.security_groups[1].tags["Name"], "custom");
    }
}
