//! Seeding moto through the SDK: VPCs, subnets, security groups with rules and tags,
//! instances whose primary network interfaces carry one or several groups.

use aws_sdk_ec2::types::{IpPermission, IpRange, ResourceType, Tag, TagSpecification, UserIdGroupPair};
use aws_sdk_ec2::Client;

#[derive(Debug)]
pub struct Seeder {
    pub ec2: Client,
    pub runtime: tokio::runtime::Runtime,
}

fn tags(pairs: &[(&str, &str)]) -> Vec<Tag> {
    pairs.iter().map(|(k, v)| Tag::builder().key(*k).value(*v).build()).collect()
}

/// A rule for `authorize`: (protocol, from, to, source, description); a source starting
/// with `sg-` is a group, anything else a CIDR.
pub type SeedRule<'a> = (&'a str, i32, i32, &'a str, &'a str);

impl Seeder {
    pub fn new(endpoint: &str, region: &str) -> Seeder {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        Seeder { ec2: super::moto::ec2(endpoint, region), runtime }
    }

    pub fn vpc(&self, cidr: &str) -> String {
        let output = self.runtime.block_on(self.ec2.create_vpc().cidr_block(cidr).send()).expect("CreateVpc");
        output.vpc().and_then(|v| v.vpc_id()).unwrap().to_string()
    }

    pub fn subnet(&self, vpc: &str, cidr: &str, zone: &str, tag_pairs: &[(&str, &str)]) -> String {
        let output = self
            .runtime
            .block_on(self.ec2.create_subnet().vpc_id(vpc).cidr_block(cidr).availability_zone(zone).send())
            .expect("CreateSubnet");
        let id = output.subnet().and_then(|s| s.subnet_id()).unwrap().to_string();
        if !tag_pairs.is_empty() {
            self.tag(&id, tag_pairs);
        }
        id
    }

    pub fn tag(&self, resource: &str, tag_pairs: &[(&str, &str)]) {
        self.runtime
            .block_on(self.ec2.create_tags().resources(resource).set_tags(Some(tags(tag_pairs))).send())
            .expect("CreateTags");
    }

    pub fn group(&self, vpc: &str, name: &str, tag_pairs: &[(&str, &str)]) -> String {
        self.runtime.block_on(create_group(&self.ec2, vpc, name, tag_pairs))
    }

    pub fn authorize(&self, group: &str, rules: &[SeedRule<'_>]) {
        let permissions: Vec<IpPermission> = rules
            .iter()
            .map(|(protocol, from, to, source, description)| {
                let builder = IpPermission::builder().ip_protocol(*protocol).from_port(*from).to_port(*to);
                if source.starts_with("sg-") {
                    builder
                        .user_id_group_pairs(
                            UserIdGroupPair::builder().group_id(*source).description(*description).build(),
                        )
                        .build()
                } else {
                    builder.ip_ranges(IpRange::builder().cidr_ip(*source).description(*description).build()).build()
                }
            })
            .collect();
        // One call per rule: moto applies several permissions one by one anyway.
        for permission in permissions {
            self.runtime
                .block_on(self.ec2.authorize_security_group_ingress().group_id(group).ip_permissions(permission).send())
                .expect("AuthorizeSecurityGroupIngress");
        }
    }

    /// A customer-managed prefix list with one entry; returns its id.
    pub fn prefix_list(&self, name: &str, family: &str, max_entries: i32, cidr: &str) -> String {
        let entry = aws_sdk_ec2::types::AddPrefixListEntry::builder().cidr(cidr).build();
        let output = self
            .runtime
            .block_on(
                self.ec2
                    .create_managed_prefix_list()
                    .prefix_list_name(name)
                    .address_family(family)
                    .max_entries(max_entries)
                    .entries(entry)
                    .send(),
            )
            .expect("CreateManagedPrefixList");
        output.prefix_list().and_then(|p| p.prefix_list_id()).unwrap().to_string()
    }

    /// An instance in `subnet` whose primary interface carries `groups`, tagged `tag_pairs`.
    pub fn instance(&self, subnet: &str, groups: &[&str], tag_pairs: &[(&str, &str)]) -> String {
        let images = self.runtime.block_on(self.ec2.describe_images().owners("amazon").send()).expect("DescribeImages");
        let image = images.images().first().and_then(|i| i.image_id()).expect("moto ships images").to_string();
        let output = self
            .runtime
            .block_on(
                self.ec2
                    .run_instances()
                    .image_id(image)
                    .instance_type(aws_sdk_ec2::types::InstanceType::T3Medium)
                    .min_count(1)
                    .max_count(1)
                    .subnet_id(subnet)
                    .set_security_group_ids(Some(groups.iter().map(|g| g.to_string()).collect()))
                    .send(),
            )
            .expect("RunInstances");
        let id = output.instances().first().and_then(|i| i.instance_id()).unwrap().to_string();
        self.tag(&id, tag_pairs);
        id
    }

    /// Many groups at once, eight requests in flight.
    pub fn many_groups(&self, vpc: &str, count: usize, tag_pairs: impl Fn(usize) -> Vec<(String, String)>) {
        let all: Vec<(String, Vec<(String, String)>)> =
            (0..count).map(|i| (format!("bulk-{i}"), tag_pairs(i))).collect();
        for chunk in all.chunks(8) {
            self.runtime.block_on(async {
                let mut tasks = Vec::new();
                for (name, pairs) in chunk {
                    let (ec2, vpc, name, pairs) = (self.ec2.clone(), vpc.to_string(), name.clone(), pairs.clone());
                    tasks.push(tokio::spawn(async move {
                        let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                        create_group(&ec2, &vpc, &name, &borrowed).await
                    }));
                }
                for task in tasks {
                    task.await.expect("seeding task");
                }
            });
        }
    }
}

async fn create_group(ec2: &Client, vpc: &str, name: &str, tag_pairs: &[(&str, &str)]) -> String {
    let mut request = ec2.create_security_group().group_name(name).description(format!("{name} group")).vpc_id(vpc);
    if !tag_pairs.is_empty() {
        request = request.tag_specifications(
            TagSpecification::builder()
                .resource_type(ResourceType::SecurityGroup)
                .set_tags(Some(tags(tag_pairs)))
                .build(),
        );
    }
    request.send().await.expect("CreateSecurityGroup").group_id().unwrap().to_string()
}
