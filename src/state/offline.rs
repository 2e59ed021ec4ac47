//! A snapshot as the read half of EC2: the same `fetch` that reads the live account reads
//! the snapshot, filters evaluated in memory, every answer one page, and the identity the
//! snapshot was pulled with.
//!
//! A snapshot keeps the network interfaces of the cluster's nodes, not the instances' tags,
//! so every instance query answers with all of them; a snapshot has one VPC per cluster.

use crate::ec2::{Ec2Error, Ec2Read, Filter, GroupQuery, Instance, Page};
use crate::sg::{Account, AccountSecurityGroup, PrefixList, Subnet, Tags, Vpc};
use std::collections::BTreeMap;

fn one_page<T>(items: Vec<T>) -> Page<T> {
    Page { items, next_token: None }
}

fn unsupported(call: &'static str, filter: &Filter) -> Ec2Error {
    Ec2Error::Other { call, code: "UnsupportedFilter".into(), message: format!("filter {}", filter.name) }
}

/// Whether `tags` (and the other fields named by `field`) pass one filter.
fn matches<'a>(filter: &Filter, tags: &Tags, field: impl Fn(&str) -> Option<&'a str>) -> Option<bool> {
    let any = |value: &str| filter.values.iter().any(|wanted| wanted == value);
    if let Some(key) = filter.name.strip_prefix("tag:") {
        return Some(tags.get(key).is_some_and(|value| any(value)));
    }
    if filter.name == "tag-key" {
        return Some(tags.keys().any(|key| any(key)));
    }
    field(&filter.name).map(any)
}

/// Whether a group passes every filter of a DescribeSecurityGroups query.
fn group_passes(group: &AccountSecurityGroup, filters: &[Filter]) -> Result<bool, Ec2Error> {
    let mut keep = true;
    for filter in filters {
        let field = |name: &str| match name {
            "vpc-id" => Some(group.vpc_id.as_str()),
            "group-id" => Some(group.id.as_str()),
            "group-name" => Some(group.name.as_str()),
            _ => None,
        };
        if filter.name == "ip-permission.group-id" {
            keep &= group.ingress.iter().any(|rule| {
                matches!(&rule.peer, crate::sg::Peer::Group(g) if g.id.as_ref().is_some_and(|id| filter.values.contains(id)))
            });
            continue;
        }
        keep &= matches(filter, &group.tags, field).ok_or_else(|| unsupported("DescribeSecurityGroups", filter))?;
    }
    Ok(keep)
}

impl Ec2Read for Account {
    fn is_remote(&self) -> bool {
        false
    }

    async fn identity(&self) -> Result<crate::ec2::Identity, Ec2Error> {
        Ok(crate::ec2::Identity { account_id: self.account_id.clone(), region: self.region.clone() })
    }

    async fn describe_vpcs(&self, ids: &[String]) -> Result<Vec<Vpc>, Ec2Error> {
        Ok(self.vpcs.iter().filter(|vpc| ids.contains(&vpc.id)).cloned().collect())
    }

    async fn describe_subnets(&self, filters: &[Filter], _token: Option<String>) -> Result<Page<Subnet>, Ec2Error> {
        let mut found = Vec::new();
        for subnet in &self.subnets {
            let mut keep = true;
            for filter in filters {
                let field = |name: &str| (name == "vpc-id").then_some(subnet.vpc_id.as_str());
                keep &= matches(filter, &subnet.tags, field).ok_or_else(|| unsupported("DescribeSubnets", filter))?;
            }
            if keep {
                found.push(subnet.clone());
            }
        }
        Ok(one_page(found))
    }

    async fn describe_security_groups(
        &self,
        query: &GroupQuery,
        _token: Option<String>,
    ) -> Result<Page<AccountSecurityGroup>, Ec2Error> {
        let filters = match query {
            GroupQuery::Ids(ids) => vec![Filter::new("group-id", ids.iter().map(String::as_str))],
            GroupQuery::Filters(filters) => filters.clone(),
        };
        let mut found = Vec::new();
        for group in &self.security_groups {
            if group_passes(group, &filters)? {
                found.push(group.clone());
            }
        }
        Ok(one_page(found))
    }

    async fn describe_instances(
        &self,
        _filters: &[Filter],
        _token: Option<String>,
    ) -> Result<Page<Instance>, Ec2Error> {
        let vpc_id = match self.vpcs.as_slice() {
            [only] => Some(only.id.clone()),
            _ => None,
        };
        let mut by_instance: BTreeMap<String, Instance> = BTreeMap::new();
        for eni in &self.network_interfaces {
            let Some(instance_id) = &eni.instance_id else { continue };
            by_instance
                .entry(instance_id.clone())
                .or_insert_with(|| Instance {
                    id: instance_id.clone(),
                    vpc_id: vpc_id.clone(),
                    network_interfaces: Vec::new(),
                })
                .network_interfaces
                .push(eni.clone());
        }
        Ok(one_page(by_instance.into_values().collect()))
    }

    async fn describe_managed_prefix_lists(
        &self,
        filters: &[Filter],
        _token: Option<String>,
    ) -> Result<Page<PrefixList>, Ec2Error> {
        let mut found = Vec::new();
        for list in &self.prefix_lists {
            let mut keep = true;
            for filter in filters {
                let field = |name: &str| match name {
                    "prefix-list-id" => Some(list.id.as_str()),
                    "prefix-list-name" => Some(list.name.as_str()),
                    _ => None,
                };
                keep &= matches(filter, &Tags::new(), field)
                    .ok_or_else(|| unsupported("DescribeManagedPrefixLists", filter))?;
            }
            if keep {
                found.push(list.clone());
            }
        }
        Ok(one_page(found))
    }
}
