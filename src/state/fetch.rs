//! What sgctl reads from an account, through the `Ec2Read` port: one code path for the live
//! account and for a snapshot file.
//!
//! Calls, all paged at the largest page size, independent ones concurrently:
//! 1. DescribeInstances twice (tag key `kubernetes.io/cluster/<c>`, tag `eks:cluster-name=<c>`):
//!    the nodes, their network interfaces and SGs, and the VPC when `--vpc-id` is not given;
//! 2. then, concurrently: DescribeVpcs (the VPC's CIDRs), DescribeSubnets (its subnets), and
//!    DescribeSecurityGroups for the cluster's managed groups (`elbv2.k8s.aws/cluster`), the
//!    legacy ones (`ingress.k8s.aws/cluster`), the groups tagged `kubernetes.io/cluster/<c>`,
//!    the groups the nodes use plus those named by id (custom SGs, SecurityGroupPolicy groups,
//!    `--backend-security-group`, `--node-security-group`), and those named by `Name` tag;
//! 3. only when there are any: the groups that controller-labelled rules name as their source
//!    and that were not read yet (to see another cluster's backend SG);
//! 4. only when there are any: DescribeManagedPrefixLists for the prefix lists the manifests
//!    name or the groups' rules reference (the rules-per-group quota weighs each by its
//!    maximum entries).
//!
//! With P(x) = ceil(x / 1000) pages, the number of calls is
//! `2 P(instances) + 1 + P(subnets) + P(managed) + P(legacy) + P(cluster-tagged)`
//! `+ ceil(ids / 200) + ceil(names / 200) + ceil(other sources / 200) + ceil(prefix lists / 100)`,
//! each P at least 1 (the id, name, source and prefix-list queries only when there are any;
//! DescribeManagedPrefixLists pages hold 100, at most 200 ids are asked at a time).
//! No call per group (docs/aws.md).

use crate::ec2::{all_pages, Ec2Error, Ec2Read, Filter, GroupQuery, Instance};
use crate::sg::{tags, Account, AccountSecurityGroup, PrefixList};
use std::collections::{BTreeMap, BTreeSet};

/// Ids and names are sent this many at a time (EC2 accepts 200 filter values).
const CHUNK: usize = 200;

/// What to read besides the cluster's own groups.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Wanted {
    pub cluster: String,
    pub vpc_id: Option<String>,
    /// Groups named by id: custom SGs, SecurityGroupPolicy groups, `--backend-security-group`,
    /// `--node-security-group`.
    pub group_ids: BTreeSet<String>,
    /// Groups named by their `Name` tag (custom SGs).
    pub group_names: BTreeSet<String>,
    /// Managed prefix lists the manifests name (their maximum entries count against the
    /// rules-per-group quota).
    pub prefix_list_ids: BTreeSet<String>,
}

async fn groups<E: Ec2Read>(ec2: &E, query: GroupQuery) -> Result<Vec<AccountSecurityGroup>, Ec2Error> {
    all_pages(|token| ec2.describe_security_groups(&query, token)).await
}

async fn instances<E: Ec2Read>(ec2: &E, filters: Vec<Filter>) -> Result<Vec<Instance>, Ec2Error> {
    all_pages(|token| ec2.describe_instances(&filters, token)).await
}

/// Groups in chunks of `CHUNK` values of one filter, one after the other.
async fn groups_in_chunks<E: Ec2Read>(
    ec2: &E,
    vpc: &[Filter],
    filter_name: &str,
    values: &BTreeSet<String>,
) -> Result<Vec<AccountSecurityGroup>, Ec2Error> {
    let values: Vec<&String> = values.iter().collect();
    let mut found = Vec::new();
    for chunk in values.chunks(CHUNK) {
        let mut filters = vpc.to_vec();
        filters.push(Filter::new(filter_name, chunk.iter().map(|value| value.as_str())));
        found.extend(groups(ec2, GroupQuery::Filters(filters)).await?);
    }
    Ok(found)
}

/// The managed prefix lists with these ids, by `prefix-list-id` filter in chunks of
/// `CHUNK`; lists that do not exist are simply absent.
async fn prefix_lists<E: Ec2Read>(ec2: &E, ids: &BTreeSet<String>) -> Result<Vec<PrefixList>, Ec2Error> {
    let ids: Vec<&String> = ids.iter().collect();
    let mut found = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        let filters = vec![Filter::new("prefix-list-id", chunk.iter().map(|id| id.as_str()))];
        found.extend(all_pages(|token| ec2.describe_managed_prefix_lists(&filters, token)).await?);
    }
    Ok(found)
}

/// Reads the account as the plan needs it.
pub async fn fetch<E: Ec2Read>(ec2: &E, wanted: &Wanted) -> Result<Account, FetchError> {
    let cluster = &wanted.cluster;
    let node_tag = tags::node_sg_cluster_tag(cluster);
    let live_states = ["pending", "running", "stopping", "stopped"];
    let (tagged, eks) = tokio::try_join!(
        instances(
            ec2,
            vec![Filter::new("tag-key", [node_tag.clone()]), Filter::new("instance-state-name", live_states)]
        ),
        instances(
            ec2,
            vec![
                Filter::new("tag:eks:cluster-name", [cluster.clone()]),
                Filter::new("instance-state-name", live_states)
            ]
        ),
    )?;
    let nodes: BTreeMap<String, Instance> =
        tagged.into_iter().chain(eks).map(|instance| (instance.id.clone(), instance)).collect();
    let vpc_id = match &wanted.vpc_id {
        Some(id) => Some(id.clone()),
        None => {
            let vpcs: BTreeSet<&String> = nodes.values().filter_map(|i| i.vpc_id.as_ref()).collect();
            match vpcs.len() {
                0 => None,
                1 => vpcs.into_iter().next().cloned(),
                _ => {
                    return Err(FetchError::AmbiguousVpc(format!(
                        "the nodes of cluster {cluster} are in several VPCs ({}); pass --vpc-id",
                        vpcs.into_iter().cloned().collect::<Vec<_>>().join(", ")
                    )))
                }
            }
        }
    };
    let in_vpc: Vec<Filter> = vpc_id.iter().map(|id| Filter::new("vpc-id", [id.clone()])).collect();
    let with_vpc = |extra: Filter| {
        let mut filters = in_vpc.clone();
        filters.push(extra);
        GroupQuery::Filters(filters)
    };
    let mut ids = wanted.group_ids.clone();
    ids.extend(
        nodes.values().flat_map(|i| i.network_interfaces.iter()).flat_map(|eni| eni.security_groups.iter().cloned()),
    );
    let vpc_ids: Vec<String> = vpc_id.iter().cloned().collect();
    let subnet_filters = in_vpc.clone();
    let (vpcs, subnets, managed, legacy, cluster_tagged, by_id, by_name) = tokio::try_join!(
        async {
            if vpc_ids.is_empty() {
                Ok(Vec::new())
            } else {
                ec2.describe_vpcs(&vpc_ids).await
            }
        },
        async {
            if subnet_filters.is_empty() {
                Ok(Vec::new())
            } else {
                all_pages(|token| ec2.describe_subnets(&subnet_filters, token)).await
            }
        },
        groups(ec2, with_vpc(Filter::new(format!("tag:{}", tags::CLUSTER), [cluster.clone()]))),
        groups(ec2, with_vpc(Filter::new(format!("tag:{}", tags::LEGACY_INGRESS_CLUSTER), [cluster.clone()]))),
        groups(ec2, with_vpc(Filter::new(format!("tag:{node_tag}"), ["owned", "shared"]))),
        groups_in_chunks(ec2, &[], "group-id", &ids),
        groups_in_chunks(ec2, &in_vpc, "tag:Name", &wanted.group_names),
    )?;
    let mut security_groups: BTreeMap<String, AccountSecurityGroup> = BTreeMap::new();
    for group in managed.into_iter().chain(legacy).chain(cluster_tagged).chain(by_id).chain(by_name) {
        security_groups.insert(group.id.clone(), group);
    }
    // The sources of controller-labelled rules that were not read yet (another cluster's
    // backend SG, say): one more query, only when there are any.
    let sources: BTreeSet<String> = security_groups
        .values()
        .flat_map(|group| group.ingress.iter())
        .filter(|rule| crate::sg::is_owned_node_rule(rule))
        .filter_map(|rule| match &rule.peer {
            crate::sg::Peer::Group(group) => group.id.clone(),
            _ => None,
        })
        .filter(|id| !security_groups.contains_key(id))
        .collect();
    for group in groups_in_chunks(ec2, &[], "group-id", &sources).await? {
        security_groups.insert(group.id.clone(), group);
    }
    // The prefix lists the manifests name and those the groups' rules already reference:
    // the quota check weighs each by its maximum entries.
    let mut list_ids = wanted.prefix_list_ids.clone();
    list_ids.extend(security_groups.values().flat_map(|group| group.ingress.iter()).filter_map(
        |rule| match &rule.peer {
            crate::sg::Peer::PrefixList(id) => Some(id.clone()),
            _ => None,
        },
    ));
    let prefix_lists = prefix_lists(ec2, &list_ids).await?;
    let mut account = Account {
        region: None,
        account_id: None,
        vpcs,
        subnets,
        security_groups: security_groups.into_values().collect(),
        network_interfaces: nodes.into_values().flat_map(|instance| instance.network_interfaces).collect(),
        prefix_lists,
    };
    account.sort();
    account.name_source_groups();
    Ok(account)
}

/// The account as the plan needs it (`fetch`), with whose it is and where (`Ec2Read::identity`).
pub async fn read_account<E: Ec2Read>(ec2: &E, wanted: &Wanted) -> Result<Account, FetchError> {
    let (fetched, identity) = tokio::join!(fetch(ec2, wanted), ec2.identity());
    let mut account = fetched?;
    let identity = identity?;
    account.account_id = identity.account_id;
    account.region = identity.region;
    Ok(account)
}

/// Reading the account failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error(transparent)]
    Ec2(#[from] Ec2Error),
    #[error("cannot determine the cluster VPC: {0}")]
    AmbiguousVpc(String),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ec2::Page;
    use crate::sg::{NetworkInterface, Tags, Vpc};
    use std::cell::RefCell;

    /// An in-memory account that answers in pages of `page_size` and records every call.
    struct Paged {
        account: Account,
        page_size: usize,
        calls: RefCell<Vec<String>>,
        repeat_token: bool,
    }

    impl Paged {
        fn page<T: Clone>(&self, call: &str, all: Vec<T>, token: Option<String>) -> Page<T> {
            self.calls.borrow_mut().push(call.to_string());
            let start: usize = token.map(|t| t.parse().unwrap()).unwrap_or(0);
            let end = (start + self.page_size).min(all.len());
            let next_token = if end < all.len() {
                Some(if self.repeat_token { "0".to_string() } else { end.to_string() })
            } else {
                None
            };
            Page { items: all[start..end].to_vec(), next_token }
        }
    }

    impl Ec2Read for Paged {
        async fn describe_vpcs(&self, ids: &[String]) -> Result<Vec<Vpc>, Ec2Error> {
            self.calls.borrow_mut().push("DescribeVpcs".into());
            self.account.describe_vpcs(ids).await
        }
        async fn describe_subnets(
            &self,
            filters: &[Filter],
            token: Option<String>,
        ) -> Result<Page<crate::sg::Subnet>, Ec2Error> {
            let all = self.account.describe_subnets(filters, None).await?.items;
            Ok(self.page("DescribeSubnets", all, token))
        }
        async fn describe_security_groups(
            &self,
            query: &GroupQuery,
            token: Option<String>,
        ) -> Result<Page<AccountSecurityGroup>, Ec2Error> {
            let all = self.account.describe_security_groups(query, None).await?.items;
            Ok(self.page("DescribeSecurityGroups", all, token))
        }
        async fn describe_instances(
            &self,
            filters: &[Filter],
            token: Option<String>,
        ) -> Result<Page<Instance>, Ec2Error> {
            let all = self.account.describe_instances(filters, None).await?.items;
            Ok(self.page("DescribeInstances", all, token))
        }
        async fn describe_managed_prefix_lists(
            &self,
            filters: &[Filter],
            token: Option<String>,
        ) -> Result<Page<crate::sg::PrefixList>, Ec2Error> {
            let all = self.account.describe_managed_prefix_lists(filters, None).await?.items;
            Ok(self.page("DescribeManagedPrefixLists", all, token))
        }
    }

    fn group(id: &str, tags: &[(&str, &str)]) -> AccountSecurityGroup {
        AccountSecurityGroup {
            id: id.into(),
            name: id.into(),
            description: String::new(),
            vpc_id: "vpc-1".into(),
            tags: tags.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Tags>(),
            ingress: Vec::new(),
        }
    }

    fn account() -> Account {
        let mut security_groups: Vec<AccountSecurityGroup> =
            (0..7).map(|i| group(&format!("sg-managed{i}"), &[("elbv2.k8s.aws/cluster", "c")])).collect();
        security_groups.push(group("sg-node", &[("kubernetes.io/cluster/c", "owned")]));
        security_groups.push(group("sg-custom", &[("Name", "custom")]));
        security_groups.push(group("sg-other", &[("elbv2.k8s.aws/cluster", "another")]));
        let network_interfaces = (0..5)
            .map(|i| NetworkInterface {
                id: format!("eni-{i}"),
                instance_id: Some(format!("i-{i}")),
                device_index: Some(0),
                security_groups: vec!["sg-node".into()],
                private_ips: Vec::new(),
            })
            .collect();
        Account {
            vpcs: vec![Vpc { id: "vpc-1".into(), cidrs_ipv4: vec!["10.0.0.0/16".into()], cidrs_ipv6: Vec::new() }],
            security_groups,
            network_interfaces,
            ..Account::default()
        }
    }

    fn wanted() -> Wanted {
        Wanted {
            cluster: "c".into(),
            vpc_id: None,
            group_ids: BTreeSet::new(),
            group_names: BTreeSet::from(["custom".to_string()]),
            prefix_list_ids: BTreeSet::new(),
        }
    }

    fn list(id: &str, max_entries: i32) -> crate::sg::PrefixList {
        crate::sg::PrefixList {
            id: id.into(),
            name: format!("{id}-name"),
            address_family: Some("IPv4".into()),
            max_entries: Some(max_entries),
        }
    }

    #[tokio::test]
    async fn reads_the_named_prefix_lists_and_those_rules_reference_and_no_other() {
        let mut with_rule = account();
        with_rule.prefix_lists = vec![list("pl-named", 30), list("pl-in-rule", 10), list("pl-unrelated", 5)];
        with_rule.security_groups[0].ingress.push(crate::sg::Rule::new(
            crate::sg::Protocol::Tcp,
            443,
            443,
            crate::sg::Peer::PrefixList("pl-in-rule".into()),
        ));
        let paged = Paged { account: with_rule, page_size: 1000, calls: RefCell::default(), repeat_token: false };
        let mut with_lists = wanted();
        with_lists.prefix_list_ids = BTreeSet::from(["pl-named".to_string(), "pl-missing".to_string()]);
        let fetched = fetch(&paged, &with_lists).await.unwrap();
        let ids: Vec<&str> = fetched.prefix_lists.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["pl-in-rule", "pl-named"], "a missing list is absent, an unrelated one unread");
        let prefix_list_calls =
            paged.calls.borrow().iter().filter(|call| *call == "DescribeManagedPrefixLists").count();
        assert_eq!(prefix_list_calls, 1);
        // Without any list named or referenced, no call at all.
        let paged = Paged { account: account(), page_size: 1000, calls: RefCell::default(), repeat_token: false };
        fetch(&paged, &wanted()).await.unwrap();
        assert!(!paged.calls.borrow().iter().any(|call| call == "DescribeManagedPrefixLists"));
    }

    #[tokio::test]
    async fn follows_every_page_and_reads_only_the_clusters_groups() {
        let paged = Paged { account: account(), page_size: 2, calls: RefCell::default(), repeat_token: false };
        let fetched = fetch(&paged, &wanted()).await.unwrap();
        let ids: Vec<&str> = fetched.security_groups.iter().map(|g| g.id.as_str()).collect();
        assert_eq!(ids.len(), 9, "{ids:?}");
        assert!(!ids.contains(&"sg-other"));
        assert_eq!(fetched.network_interfaces.len(), 5);
        assert_eq!(fetched.vpcs.len(), 1, "the VPC comes from the nodes");
        // The documented bound, pages of 2: instances 3 pages × 2 queries, 1 VPC call,
        // 1 subnet page, managed 4 pages, legacy 1, cluster-tagged 1, ids (sg-node) 1, names 1.
        let calls = paged.calls.borrow();
        assert_eq!(calls.len(), 6 + 1 + 1 + 4 + 1 + 1 + 1 + 1, "{calls:?}");
    }

    #[tokio::test]
    async fn a_repeated_token_is_an_error_not_a_loop() {
        let paged = Paged { account: account(), page_size: 2, calls: RefCell::default(), repeat_token: true };
        let error = fetch(&paged, &wanted()).await.unwrap_err();
        assert!(error.to_string().contains("same NextToken twice"), "{error}");
    }

    #[tokio::test]
    async fn nodes_in_several_vpcs_need_vpc_id() {
        let mut account = account();
        account.vpcs.push(Vpc { id: "vpc-2".into(), cidrs_ipv4: Vec::new(), cidrs_ipv6: Vec::new() });
        let paged = Paged { account, page_size: 100, calls: RefCell::default(), repeat_token: false };
        // A snapshot with two VPCs cannot say which one holds the nodes.
        let fetched = fetch(&paged, &wanted()).await.unwrap();
        assert!(fetched.vpcs.is_empty());
        let mut with_vpc = wanted();
        with_vpc.vpc_id = Some("vpc-1".into());
        assert_eq!(fetch(&paged, &with_vpc).await.unwrap().vpcs.len(), 1);
    }
}
