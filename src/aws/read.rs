//! The read half of the `Ec2Read` port over aws-sdk-ec2, STS's caller identity, and the
//! interceptor that counts the HTTP requests sent to EC2 (the plan's call bound is tested
//! with it, and `-v` reports it).

use super::config::Aws;
use super::convert;
use super::errors::map_error;
use crate::ec2::{Ec2Error, Ec2Read, Filter, GroupQuery, Instance, Page, MAX_PAGE_SIZE, MAX_PREFIX_LIST_PAGE_SIZE};
use crate::sg::{AccountSecurityGroup, PrefixList, Subnet, Vpc};
use aws_sdk_ec2::config::interceptors::BeforeTransmitInterceptorContextRef;
use aws_sdk_ec2::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_ec2::error::BoxError;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// A thread-safe count.
#[derive(Debug, Default)]
pub struct Counter(AtomicUsize);

impl Counter {
    pub fn get(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }
}

/// Counts every attempt, so that retries show in the count too.
#[derive(Debug)]
pub struct CountRequests(pub Arc<Counter>);

impl Intercept for CountRequests {
    fn name(&self) -> &'static str {
        "sgctl::CountRequests"
    }

    fn read_before_attempt(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.0 .0.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

fn sdk_filters(filters: &[Filter]) -> Vec<aws_sdk_ec2::types::Filter> {
    filters
        .iter()
        .map(|filter| {
            aws_sdk_ec2::types::Filter::builder().name(&filter.name).set_values(Some(filter.values.clone())).build()
        })
        .collect()
}

impl Aws {
    /// The account id of the caller (STS GetCallerIdentity).
    pub async fn account_id(&self) -> Result<String, Ec2Error> {
        let output = self
            .sts
            .get_caller_identity()
            .send()
            .await
            .map_err(|error| map_error("GetCallerIdentity", "sts:GetCallerIdentity", &self.ec2_endpoint, error))?;
        Ok(output.account().unwrap_or_default().to_string())
    }
}

impl Ec2Read for Aws {
    async fn identity(&self) -> Result<crate::ec2::Identity, Ec2Error> {
        Ok(crate::ec2::Identity { account_id: Some(self.account_id().await?), region: Some(self.region.clone()) })
    }

    async fn describe_vpcs(&self, ids: &[String]) -> Result<Vec<Vpc>, Ec2Error> {
        let output = self
            .ec2
            .describe_vpcs()
            .set_vpc_ids(Some(ids.to_vec()))
            .send()
            .await
            .map_err(|error| map_error("DescribeVpcs", "ec2:DescribeVpcs", &self.ec2_endpoint, error))?;
        Ok(output.vpcs().iter().map(convert::vpc).collect())
    }

    async fn describe_subnets(&self, filters: &[Filter], token: Option<String>) -> Result<Page<Subnet>, Ec2Error> {
        let output = self
            .ec2
            .describe_subnets()
            .set_filters(Some(sdk_filters(filters)))
            .max_results(MAX_PAGE_SIZE)
            .set_next_token(token)
            .send()
            .await
            .map_err(|error| map_error("DescribeSubnets", "ec2:DescribeSubnets", &self.ec2_endpoint, error))?;
        Ok(Page {
            items: output.subnets().iter().map(convert::subnet).collect(),
            next_token: output.next_token().map(str::to_string),
        })
    }

    async fn describe_security_groups(
        &self,
        query: &GroupQuery,
        token: Option<String>,
    ) -> Result<Page<AccountSecurityGroup>, Ec2Error> {
        let mut request = self.ec2.describe_security_groups().set_next_token(token);
        request = match query {
            // EC2 refuses MaxResults together with GroupIds; an id query is one page.
            GroupQuery::Ids(ids) => request.set_group_ids(Some(ids.clone())),
            GroupQuery::Filters(filters) => request.set_filters(Some(sdk_filters(filters))).max_results(MAX_PAGE_SIZE),
        };
        let output = request.send().await.map_err(|error| {
            map_error("DescribeSecurityGroups", "ec2:DescribeSecurityGroups", &self.ec2_endpoint, error)
        })?;
        Ok(Page {
            items: output.security_groups().iter().map(convert::security_group).collect(),
            next_token: output.next_token().map(str::to_string),
        })
    }

    async fn describe_instances(&self, filters: &[Filter], token: Option<String>) -> Result<Page<Instance>, Ec2Error> {
        let output = self
            .ec2
            .describe_instances()
            .set_filters(Some(sdk_filters(filters)))
            .max_results(MAX_PAGE_SIZE)
            .set_next_token(token)
            .send()
            .await
            .map_err(|error| map_error("DescribeInstances", "ec2:DescribeInstances", &self.ec2_endpoint, error))?;
        let instances = output
            .reservations()
            .iter()
            .flat_map(|reservation| reservation.instances())
            .map(convert::instance)
            .collect();
        Ok(Page { items: instances, next_token: output.next_token().map(str::to_string) })
    }

    async fn describe_managed_prefix_lists(
        &self,
        filters: &[Filter],
        token: Option<String>,
    ) -> Result<Page<PrefixList>, Ec2Error> {
        let output = self
            .ec2
            .describe_managed_prefix_lists()
            .set_filters(Some(sdk_filters(filters)))
            .max_results(MAX_PREFIX_LIST_PAGE_SIZE)
            .set_next_token(token)
            .send()
            .await
            .map_err(|error| {
                map_error("DescribeManagedPrefixLists", "ec2:DescribeManagedPrefixLists", &self.ec2_endpoint, error)
            })?;
        Ok(Page {
            items: output.prefix_lists().iter().map(convert::prefix_list).collect(),
            next_token: output.next_token().map(str::to_string),
        })
    }
}
