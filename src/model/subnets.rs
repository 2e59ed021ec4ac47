//! The account facts an SG-less NLB's rules need: the cluster VPC and its CIDRs, and the
//! load balancer's subnets (the `aws-load-balancer-subnets` annotation, by id or Name tag,
//! else the controller's tag-based discovery, one subnet per availability zone) with their
//! CIDRs. Unknown during the pre-flight, which checks the manifests alone.
//!
//! Mirrors `pkg/networking/subnet_resolver.go` and `vpc_info_provider.go`.

use super::Builder;
use crate::manifest::{InputError, Source};
use crate::settings::Scheme;
use crate::sg::{tags, Account, Subnet};
use std::collections::BTreeSet;

/// The cluster VPC: `--vpc-id`, or the snapshot's only VPC.
pub fn cluster_vpc<'a>(builder: &Builder<'a>, source: &Source) -> Result<&'a crate::sg::Vpc, InputError> {
    let account: &'a Account = builder.account;
    let found = match &builder.settings.vpc_id {
        Some(id) => account.vpcs.iter().find(|vpc| &vpc.id == id),
        None if account.vpcs.len() == 1 => account.vpcs.first(),
        None => None,
    };
    found.ok_or_else(|| {
        InputError::new(format!(
            "cannot determine the cluster VPC (the snapshot has {} VPCs{})",
            account.vpcs.len(),
            builder.settings.vpc_id.as_ref().map(|id| format!(", none is {id}")).unwrap_or_default()
        ))
        .at(source)
        .hint("pass --vpc-id, and include the VPC with its CIDRs in the snapshot")
    })
}

/// The VPC's associated IPv4 (or IPv6) CIDRs (`vpc_info_provider.go: AssociatedIPv4CIDRs`).
pub fn vpc_cidrs(builder: &Builder<'_>, source: &Source, ipv6: bool) -> Result<Vec<String>, InputError> {
    if builder.preflight {
        return Ok(Vec::new());
    }
    let vpc = cluster_vpc(builder, source)?;
    Ok(if ipv6 { vpc.cidrs_ipv6.clone() } else { vpc.cidrs_ipv4.clone() })
}

/// How a load balancer's subnets are chosen.
#[derive(Debug)]
pub enum SubnetChoice {
    /// By id or Name tag, with the annotation or field that names them.
    Named(Vec<String>, String),
    /// By tags: every key, any of its values (`ResolveViaSelector`).
    Selector(std::collections::BTreeMap<String, Vec<String>>),
    /// The controller's tag-based discovery.
    Discovered,
}

/// IPv4 (or, for IPv6 target groups, IPv6) CIDRs of the NLB's subnets: the ones named or
/// selected, else the controller's tag-based discovery, one subnet per availability zone.
pub fn load_balancer_subnet_cidrs(
    builder: &Builder<'_>,
    source: &Source,
    choice: SubnetChoice,
    scheme: Scheme,
    ipv6: bool,
) -> Result<Vec<String>, InputError> {
    if builder.preflight {
        return Ok(Vec::new());
    }
    let vpc = cluster_vpc(builder, source)?;
    let in_vpc: Vec<&Subnet> = builder.account.subnets.iter().filter(|subnet| subnet.vpc_id == vpc.id).collect();
    let chosen: Vec<&Subnet> = match choice {
        SubnetChoice::Selector(selector) => in_vpc
            .iter()
            .copied()
            .filter(|subnet| {
                selector.iter().all(|(key, values)| subnet.tags.get(key).is_some_and(|value| values.contains(value)))
            })
            .collect(),
        SubnetChoice::Discovered => discover_subnets(builder, &in_vpc, scheme),
        SubnetChoice::Named(tokens, named_by) => {
            let mut chosen = Vec::new();
            for token in &tokens {
                let found: Vec<&Subnet> = in_vpc
                    .iter()
                    .copied()
                    .filter(|subnet| {
                        if token.starts_with("subnet-") {
                            &subnet.id == token
                        } else {
                            subnet.tags.get("Name") == Some(token)
                        }
                    })
                    .collect();
                if found.is_empty() {
                    return Err(InputError::new(format!(
                        "couldn't find all subnets, subnet {token} not found in VPC {}",
                        vpc.id
                    ))
                    .at(source)
                    .annotation(named_by)
                    .hint("the snapshot must list the subnet"));
                }
                chosen.extend(found);
            }
            chosen
        }
    };
    if chosen.is_empty() {
        return Err(InputError::new(format!(
            "unable to resolve at least one subnet for the load balancer (no subnet of VPC {} is tagged {})",
            vpc.id,
            role_tag(scheme)
        ))
        .at(source)
        .hint("tag the subnets for load balancers, or name them (the aws-load-balancer-subnets annotation, a LoadBalancerConfiguration's loadBalancerSubnets)"));
    }
    let mut cidrs: Vec<String> = chosen
        .iter()
        .filter_map(|subnet| if ipv6 { subnet.cidr_ipv6.clone() } else { subnet.cidr_ipv4.clone() })
        .collect();
    cidrs.sort();
    cidrs.dedup();
    Ok(cidrs)
}

fn role_tag(scheme: Scheme) -> &'static str {
    match scheme {
        Scheme::Internal => "kubernetes.io/role/internal-elb",
        Scheme::InternetFacing => "kubernetes.io/role/elb",
    }
}

/// Subnets tagged for the scheme's role and not tagged for another cluster, one per AZ
/// (those tagged for this cluster first, then by id).
fn discover_subnets<'a>(builder: &Builder<'_>, subnets: &[&'a Subnet], scheme: Scheme) -> Vec<&'a Subnet> {
    let own_tag = tags::node_sg_cluster_tag(&builder.settings.cluster_name);
    let mut candidates: Vec<&Subnet> = subnets
        .iter()
        .copied()
        .filter(|subnet| matches!(subnet.tags.get(role_tag(scheme)).map(String::as_str), Some("" | "1")))
        .filter(|subnet| !subnet.tags.keys().any(|key| key.starts_with("kubernetes.io/cluster/") && *key != own_tag))
        .collect();
    candidates.sort_by_key(|subnet| (!subnet.tags.contains_key(&own_tag), subnet.id.clone()));
    let mut seen_zones = BTreeSet::new();
    candidates
        .retain(|subnet| seen_zones.insert(subnet.availability_zone.clone().unwrap_or_else(|| subnet.id.clone())));
    candidates
}
