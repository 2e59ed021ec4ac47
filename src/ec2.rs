//! The port to EC2: primitive, page-level calls over sgctl's own types, and a small error
//! enum. Policy (paging loops, concurrency, what to read) lives above it in `state::fetch`;
//! the AWS adapter (`aws`), the snapshot file and the tests' in-memory fake implement it.
//!
//! Only the read half exists so far; the write half comes with `apply`.

use crate::sg::{AccountSecurityGroup, NetworkInterface, Subnet, Vpc};
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

/// The read half of EC2, page by page. `token` is the previous page's `next_token`.
pub trait Ec2Read {
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
}
