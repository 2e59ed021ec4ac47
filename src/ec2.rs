//! The port to EC2: primitive, page-level calls over sgctl's own types, a small error enum,
//! and the loop that follows a paged call's pages. Policy (concurrency, what to read) lives
//! above it in `state::fetch`; the AWS adapter (`aws`), the snapshot file and the tests'
//! in-memory fake implement it.
//!
//! The read half serves `plan` and `state pull`; the write half serves `apply`.

use crate::sg::{AccountSecurityGroup, NetworkInterface, PrefixList, Rule, Subnet, Tags, Vpc};
use std::fmt;
use std::future::Future;

/// An EC2 filter (`Name`, `Values`), as DescribeSecurityGroups and friends take them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    pub name: String,
    pub values: Vec<String>,
}

impl Filter {
    pub fn new(name: impl Into<String>, values: impl IntoIterator<Item = impl Into<String>>) -> Filter {
        Filter { name: name.into(), values: values.into_iter().map(Into::into).collect() }
    }
}

/// Which security groups to describe: by id, or by filters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupQuery {
    Ids(Vec<String>),
    Filters(Vec<Filter>),
}

/// One page of a paged answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_token: Option<String>,
}

/// An instance with its network interfaces (DescribeInstances gives both in one call).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instance {
    pub id: String,
    pub vpc_id: Option<String>,
    pub network_interfaces: Vec<NetworkInterface>,
}

/// The largest page EC2 serves for the describe calls sgctl makes.
pub const MAX_PAGE_SIZE: i32 = 1000;

/// The largest page DescribeManagedPrefixLists serves.
pub const MAX_PREFIX_LIST_PAGE_SIZE: i32 = 100;

/// What went wrong, in the terms sgctl reacts to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ec2Error {
    DependencyViolation(String),
    Duplicate(String),
    NotFound(String),
    Throttled(String),
    /// The caller lacks an IAM permission: which API call, which IAM action.
    AccessDenied {
        call: &'static str,
        action: &'static str,
        message: String,
    },
    /// No answer from the endpoint: which endpoint, and why.
    Unreachable {
        endpoint: String,
        cause: String,
    },
    Other {
        call: &'static str,
        code: String,
        message: String,
    },
}

impl fmt::Display for Ec2Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ec2Error::DependencyViolation(message) => write!(f, "DependencyViolation: {message}"),
            Ec2Error::Duplicate(message) => write!(f, "duplicate: {message}"),
            Ec2Error::NotFound(message) => write!(f, "not found: {message}"),
            Ec2Error::Throttled(message) => {
                write!(f, "EC2 kept throttling the requests after every retry: {message}")
            }
            Ec2Error::AccessDenied { call, action, message } => write!(
                f,
                "access denied for {call}: the credentials need the IAM permission {action} ({message}); docs/aws.md lists the minimal policy"
            ),
            Ec2Error::Unreachable { endpoint, cause } => write!(f, "cannot reach the EC2 endpoint {endpoint}: {cause}"),
            Ec2Error::Other { call, code, message } => write!(f, "{call} failed: {code}: {message}"),
        }
    }
}

impl std::error::Error for Ec2Error {}

/// Whose account the state is read from, and where: shown in the plan's header.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Identity {
    pub account_id: Option<String>,
    pub region: Option<String>,
}

/// The read half of EC2, page by page. `token` is the previous page's `next_token`.
pub trait Ec2Read {
    /// The account and region behind the port, where it knows them (the live adapter asks
    /// STS; a snapshot says what it was pulled from). Unknown by default.
    fn identity(&self) -> impl Future<Output = Result<Identity, Ec2Error>> {
        async { Ok(Identity::default()) }
    }

    /// Whether reading may call AWS (true but for a snapshot in memory): bad input must be
    /// refused before such a read.
    fn is_remote(&self) -> bool {
        true
    }

    fn describe_vpcs(&self, ids: &[String]) -> impl Future<Output = Result<Vec<Vpc>, Ec2Error>>;
    fn describe_subnets(
        &self,
        filters: &[Filter],
        token: Option<String>,
    ) -> impl Future<Output = Result<Page<Subnet>, Ec2Error>>;
    fn describe_security_groups(
        &self,
        query: &GroupQuery,
        token: Option<String>,
    ) -> impl Future<Output = Result<Page<AccountSecurityGroup>, Ec2Error>>;
    fn describe_instances(
        &self,
        filters: &[Filter],
        token: Option<String>,
    ) -> impl Future<Output = Result<Page<Instance>, Ec2Error>>;
    /// DescribeManagedPrefixLists; a filter (`prefix-list-id`), not ids, so that a list
    /// that does not exist is absent from the answer rather than an error.
    fn describe_managed_prefix_lists(
        &self,
        filters: &[Filter],
        token: Option<String>,
    ) -> impl Future<Output = Result<Page<PrefixList>, Ec2Error>>;
}

/// What keeps a group from being deleted: a network interface using it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InterfaceUse {
    pub id: String,
    /// EC2's description of the interface, e.g. `ELB app/k8s-ns-ing-1234/abcd`.
    pub description: String,
}

/// The write half of EC2, one primitive per mutating call sgctl makes.
pub trait Ec2Write {
    /// CreateSecurityGroup with its tags inline; returns the new group's id.
    fn create_security_group(
        &self,
        name: &str,
        description: &str,
        vpc_id: &str,
        tags: &Tags,
    ) -> impl Future<Output = Result<String, Ec2Error>>;
    fn create_tags(&self, group_id: &str, tags: &Tags) -> impl Future<Output = Result<(), Ec2Error>>;
    fn delete_tags(&self, group_id: &str, keys: &[String]) -> impl Future<Output = Result<(), Ec2Error>>;
    /// One AuthorizeSecurityGroupIngress with every rule, descriptions included.
    fn authorize_ingress(&self, group_id: &str, rules: &[Rule]) -> impl Future<Output = Result<(), Ec2Error>>;
    /// One RevokeSecurityGroupIngress with every rule.
    fn revoke_ingress(&self, group_id: &str, rules: &[Rule]) -> impl Future<Output = Result<(), Ec2Error>>;
    fn update_ingress_descriptions(&self, group_id: &str, rules: &[Rule])
        -> impl Future<Output = Result<(), Ec2Error>>;
    fn delete_security_group(&self, group_id: &str) -> impl Future<Output = Result<(), Ec2Error>>;
    /// The network interfaces that use a group (to name what blocks its deletion).
    fn interfaces_using(&self, group_id: &str) -> impl Future<Output = Result<Vec<InterfaceUse>, Ec2Error>>;
}

/// Every page of a paged call. A token that repeats ends the loop with an error instead of
/// looping forever.
pub async fn all_pages<T, F, Fut>(mut call: F) -> Result<Vec<T>, Ec2Error>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<T>, Ec2Error>>,
{
    let mut items = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = call(token.clone()).await?;
        items.extend(page.items);
        match page.next_token.filter(|next| !next.is_empty()) {
            Some(next) if Some(&next) == token.as_ref() => {
                return Err(Ec2Error::Other {
                    call: "paging",
                    code: "RepeatedNextToken".into(),
                    message: format!("EC2 returned the same NextToken twice ({next})"),
                })
            }
            Some(next) => token = Some(next),
            None => return Ok(items),
        }
    }
}
