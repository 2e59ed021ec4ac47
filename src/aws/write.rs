//! The write half of the `Ec2Write` port over aws-sdk-ec2: one SDK call per primitive, a
//! rule becoming one `IpPermission` with exactly one source and its description.

use super::config::Aws;
use super::errors::map_error;
use crate::ec2::{Ec2Error, Ec2Write, InterfaceUse};
use crate::sg::{Peer, Protocol, Rule, Tags};
use aws_sdk_ec2::types::{
    IpPermission, IpRange, Ipv6Range, PrefixListId, ResourceType, Tag, TagSpecification, UserIdGroupPair,
};

fn sdk_tags(tags: &Tags) -> Vec<Tag> {
    tags.iter().map(|(key, value)| Tag::builder().key(key).value(value).build()).collect()
}

/// One permission with one source. The description is always sent, an empty one too, as
/// the controller does (`buildIPPermissionInfo`): that is also how a description is cleared.
pub fn permission(rule: &Rule) -> IpPermission {
    let mut builder = IpPermission::builder().ip_protocol(rule.protocol.as_str());
    if rule.protocol != Protocol::All {
        builder = builder.from_port(rule.from_port).to_port(rule.to_port);
    }
    let description = Some(rule.description.clone());
    builder = match &rule.peer {
        Peer::CidrV4(cidr) => builder.ip_ranges(IpRange::builder().cidr_ip(cidr).set_description(description).build()),
        Peer::CidrV6(cidr) => {
            builder.ipv6_ranges(Ipv6Range::builder().cidr_ipv6(cidr).set_description(description).build())
        }
        Peer::PrefixList(id) => {
            builder.prefix_list_ids(PrefixListId::builder().prefix_list_id(id).set_description(description).build())
        }
        Peer::Group(group) => builder.user_id_group_pairs(
            UserIdGroupPair::builder().set_group_id(group.id.clone()).set_description(description).build(),
        ),
    };
    builder.build()
}

impl Ec2Write for Aws {
    async fn create_security_group(
        &self,
        name: &str,
        description: &str,
        vpc_id: &str,
        tags: &Tags,
    ) -> Result<String, Ec2Error> {
        let specification = TagSpecification::builder()
            .resource_type(ResourceType::SecurityGroup)
            .set_tags(Some(sdk_tags(tags)))
            .build();
        let output = self
            .ec2
            .create_security_group()
            .group_name(name)
            .description(description)
            .vpc_id(vpc_id)
            .tag_specifications(specification)
            .send()
            .await
            .map_err(|error| map_error("CreateSecurityGroup", "ec2:CreateSecurityGroup", &self.ec2_endpoint, error))?;
        Ok(output.group_id().unwrap_or_default().to_string())
    }

    async fn create_tags(&self, group_id: &str, tags: &Tags) -> Result<(), Ec2Error> {
        self.ec2
            .create_tags()
            .resources(group_id)
            .set_tags(Some(sdk_tags(tags)))
            .send()
            .await
            .map_err(|error| map_error("CreateTags", "ec2:CreateTags", &self.ec2_endpoint, error))?;
        Ok(())
    }

    async fn delete_tags(&self, group_id: &str, keys: &[String]) -> Result<(), Ec2Error> {
        let tags = keys.iter().map(|key| Tag::builder().key(key).build()).collect();
        self.ec2
            .delete_tags()
            .resources(group_id)
            .set_tags(Some(tags))
            .send()
            .await
            .map_err(|error| map_error("DeleteTags", "ec2:DeleteTags", &self.ec2_endpoint, error))?;
        Ok(())
    }

    async fn authorize_ingress(&self, group_id: &str, rules: &[Rule]) -> Result<(), Ec2Error> {
        self.ec2
            .authorize_security_group_ingress()
            .group_id(group_id)
            .set_ip_permissions(Some(rules.iter().map(permission).collect()))
            .send()
            .await
            .map_err(|error| {
                map_error(
                    "AuthorizeSecurityGroupIngress",
                    "ec2:AuthorizeSecurityGroupIngress",
                    &self.ec2_endpoint,
                    error,
                )
            })?;
        Ok(())
    }

    async fn revoke_ingress(&self, group_id: &str, rules: &[Rule]) -> Result<(), Ec2Error> {
        self.ec2
            .revoke_security_group_ingress()
            .group_id(group_id)
            .set_ip_permissions(Some(rules.iter().map(permission).collect()))
            .send()
            .await
            .map_err(|error| {
                map_error("RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", &self.ec2_endpoint, error)
            })?;
        Ok(())
    }

    async fn update_ingress_descriptions(&self, group_id: &str, rules: &[Rule]) -> Result<(), Ec2Error> {
        self.ec2
            .update_security_group_rule_descriptions_ingress()
            .group_id(group_id)
            .set_ip_permissions(Some(rules.iter().map(permission).collect()))
            .send()
            .await
            .map_err(|error| {
                map_error(
                    "UpdateSecurityGroupRuleDescriptionsIngress",
                    "ec2:UpdateSecurityGroupRuleDescriptionsIngress",
                    &self.ec2_endpoint,
                    error,
                )
            })?;
        Ok(())
    }

    async fn delete_security_group(&self, group_id: &str) -> Result<(), Ec2Error> {
        self.ec2
            .delete_security_group()
            .group_id(group_id)
            .send()
            .await
            .map_err(|error| map_error("DeleteSecurityGroup", "ec2:DeleteSecurityGroup", &self.ec2_endpoint, error))?;
        Ok(())
    }

    async fn interfaces_using(&self, group_id: &str) -> Result<Vec<InterfaceUse>, Ec2Error> {
        let output = self
            .ec2
            .describe_network_interfaces()
            .filters(aws_sdk_ec2::types::Filter::builder().name("group-id").values(group_id).build())
            .send()
            .await
            .map_err(|error| {
                map_error("DescribeNetworkInterfaces", "ec2:DescribeNetworkInterfaces", &self.ec2_endpoint, error)
            })?;
        Ok(output
            .network_interfaces()
            .iter()
            .map(|eni| InterfaceUse {
                id: eni.network_interface_id().unwrap_or_default().to_string(),
                description: eni.description().unwrap_or_default().to_string(),
            })
            .collect())
    }
}
