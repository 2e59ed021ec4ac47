//! aws-sdk-ec2 types → sgctl's account types. Permissions are expanded to one source per
//! rule, each with its own description (`expandSDKIPPermission` in the controller).

use crate::ec2::Instance;
use crate::sg::{
    AccountSecurityGroup, Cidr, GroupRef, NetworkInterface, Peer, PrefixList, Protocol, Rule, Subnet, Tags, Vpc,
};
use aws_sdk_ec2::types;

fn tags(sdk: &[types::Tag]) -> Tags {
    sdk.iter()
        .map(|tag| (tag.key().unwrap_or_default().to_string(), tag.value().unwrap_or_default().to_string()))
        .collect()
}

/// Canonical CIDR text; EC2's own text when it is not a CIDR sgctl can read.
fn canonical(text: &str) -> String {
    Cidr::parse(text).map(|cidr| cidr.to_string()).unwrap_or_else(|_| text.to_string())
}

pub fn vpc(sdk: &types::Vpc) -> Vpc {
    Vpc {
        id: sdk.vpc_id().unwrap_or_default().to_string(),
        cidrs_ipv4: sdk
            .cidr_block_association_set()
            .iter()
            .filter(|association| {
                association.cidr_block_state().and_then(|state| state.state()).is_none_or(|state| {
                    matches!(
                        state,
                        types::VpcCidrBlockStateCode::Associated | types::VpcCidrBlockStateCode::Associating
                    )
                })
            })
            .filter_map(|association| association.cidr_block().map(canonical))
            .collect(),
        cidrs_ipv6: sdk
            .ipv6_cidr_block_association_set()
            .iter()
            .filter_map(|association| association.ipv6_cidr_block().map(canonical))
            .collect(),
    }
}

pub fn prefix_list(sdk: &types::ManagedPrefixList) -> PrefixList {
    PrefixList {
        id: sdk.prefix_list_id().unwrap_or_default().to_string(),
        name: sdk.prefix_list_name().unwrap_or_default().to_string(),
        address_family: sdk.address_family().map(str::to_string),
        max_entries: sdk.max_entries(),
    }
}

pub fn subnet(sdk: &types::Subnet) -> Subnet {
    Subnet {
        id: sdk.subnet_id().unwrap_or_default().to_string(),
        vpc_id: sdk.vpc_id().unwrap_or_default().to_string(),
        cidr_ipv4: sdk.cidr_block().map(canonical),
        cidr_ipv6: sdk.ipv6_cidr_block_association_set().iter().find_map(|a| a.ipv6_cidr_block().map(canonical)),
        availability_zone: sdk.availability_zone().map(str::to_string),
        tags: tags(sdk.tags()),
    }
}

fn rules(permission: &types::IpPermission) -> Vec<Rule> {
    let protocol = Protocol::parse(permission.ip_protocol().unwrap_or("-1"));
    let (from, to) = if protocol == Protocol::All {
        (-1, -1)
    } else {
        (permission.from_port().unwrap_or(-1), permission.to_port().unwrap_or(-1))
    };
    let rule = |peer: Peer, description: Option<&str>| {
        Rule::new(protocol.clone(), from, to, peer).with_description(description.unwrap_or_default())
    };
    let mut found = Vec::new();
    for range in permission.ip_ranges() {
        found.push(rule(Peer::CidrV4(canonical(range.cidr_ip().unwrap_or_default())), range.description()));
    }
    for range in permission.ipv6_ranges() {
        found.push(rule(Peer::CidrV6(canonical(range.cidr_ipv6().unwrap_or_default())), range.description()));
    }
    for list in permission.prefix_list_ids() {
        found.push(rule(Peer::PrefixList(list.prefix_list_id().unwrap_or_default().to_string()), list.description()));
    }
    for pair in permission.user_id_group_pairs() {
        let group = GroupRef { id: pair.group_id().map(str::to_string), name: pair.group_name().map(str::to_string) };
        found.push(rule(Peer::Group(group), pair.description()));
    }
    found
}

pub fn security_group(sdk: &types::SecurityGroup) -> AccountSecurityGroup {
    let mut ingress: Vec<Rule> = sdk.ip_permissions().iter().flat_map(rules).collect();
    ingress.sort();
    AccountSecurityGroup {
        id: sdk.group_id().unwrap_or_default().to_string(),
        name: sdk.group_name().unwrap_or_default().to_string(),
        description: sdk.description().unwrap_or_default().to_string(),
        vpc_id: sdk.vpc_id().unwrap_or_default().to_string(),
        tags: tags(sdk.tags()),
        ingress,
    }
}

pub fn instance(sdk: &types::Instance) -> Instance {
    let instance_id = sdk.instance_id().unwrap_or_default().to_string();
    Instance {
        id: instance_id.clone(),
        vpc_id: sdk.vpc_id().map(str::to_string),
        network_interfaces: sdk
            .network_interfaces()
            .iter()
            .map(|eni| NetworkInterface {
                id: eni.network_interface_id().unwrap_or_default().to_string(),
                instance_id: Some(instance_id.clone()),
                device_index: eni.attachment().and_then(|attachment| attachment.device_index()),
                security_groups: eni.groups().iter().filter_map(|g| g.group_id().map(str::to_string)).collect(),
                private_ips: eni
                    .private_ip_addresses()
                    .iter()
                    .filter_map(|ip| ip.private_ip_address().map(str::to_string))
                    .collect(),
            })
            .collect(),
    }
}
