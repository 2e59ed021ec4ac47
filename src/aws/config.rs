//! Credentials, region, endpoints and retries.
//!
//! - `--profile` pins that profile's credentials, even when `AWS_ACCESS_KEY_ID` is set (the
//!   SDK's `profile_name()` alone would still let the environment win).
//! - Region: `--region`, then `AWS_REGION`/`AWS_DEFAULT_REGION`, the profile, and the
//!   instance metadata service, which is asked with short timeouts so that a machine with
//!   nothing configured gets its answer in about a second, not after long retries.
//! - Endpoints: `--endpoint-url` for EC2 and STS; else `AWS_ENDPOINT_URL_EC2` /
//!   `AWS_ENDPOINT_URL_STS`, then `AWS_ENDPOINT_URL`. When only EC2 has a custom endpoint,
//!   STS uses it too, so that an EC2-compatible endpoint never sends STS calls to AWS.
//! - Retries: the SDK's standard mode with a bounded number of attempts.

use super::read::Counter;
use aws_config::default_provider::credentials::DefaultCredentialsChain;
use aws_config::environment::region::EnvironmentVariableRegionProvider;
use aws_config::imds;
use aws_config::imds::region::ImdsRegionProvider;
use aws_config::meta::region::RegionProviderChain;
use aws_config::profile::{ProfileFileCredentialsProvider, ProfileFileRegionProvider};
use aws_config::retry::RetryConfig;
use aws_config::BehaviorVersion;
use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_ec2::config::{ProvideCredentials, Region, SharedCredentialsProvider};
use std::sync::Arc;
use std::time::Duration;

/// How to reach AWS.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AwsOptions {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    /// Attempts per call, the first included (standard retry mode).
    pub max_attempts: u32,
}

/// Connected clients. `requests` counts every HTTP attempt made to EC2.
#[derive(Clone, Debug)]
pub struct Aws {
    pub(crate) ec2: aws_sdk_ec2::Client,
    pub(crate) sts: aws_sdk_sts::Client,
    pub(crate) ec2_endpoint: String,
    pub(crate) requests: Arc<Counter>,
    pub region: String,
}

impl Aws {
    /// How many HTTP requests went to EC2 so far (retries included).
    pub fn ec2_requests(&self) -> usize {
        self.requests.get()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConnectError {
    #[error("no AWS region: pass --region, set AWS_REGION, or set a region in the AWS profile")]
    NoRegion,
    #[error("no AWS credentials found ({cause}); provide them with --profile NAME (or AWS_PROFILE), AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, `aws sso login`, or an instance or pod role; or plan offline with --state FILE")]
    NoCredentials { cause: String },
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}

/// The endpoints for EC2 and STS (None: the SDK's regional default).
fn endpoints(flag: Option<&String>) -> (Option<String>, Option<String>) {
    let shared = env("AWS_ENDPOINT_URL");
    let ec2 = flag.cloned().or_else(|| env("AWS_ENDPOINT_URL_EC2")).or_else(|| shared.clone());
    let sts = flag.cloned().or_else(|| env("AWS_ENDPOINT_URL_STS")).or(shared).or_else(|| ec2.clone());
    (ec2, sts)
}

pub async fn connect(options: &AwsOptions) -> Result<Aws, ConnectError> {
    let imds_client = imds::Client::builder()
        .connect_timeout(Duration::from_millis(500))
        .read_timeout(Duration::from_millis(500))
        .max_attempts(1)
        .build();
    let mut profile_region = ProfileFileRegionProvider::builder();
    if let Some(profile) = &options.profile {
        profile_region = profile_region.profile_name(profile);
    }
    let region_chain = RegionProviderChain::first_try(options.region.clone().map(Region::new))
        .or_else(EnvironmentVariableRegionProvider::new())
        .or_else(profile_region.build())
        .or_else(ImdsRegionProvider::builder().imds_client(imds_client.clone()).build());
    let region = region_chain.region().await.ok_or(ConnectError::NoRegion)?;

    let credentials: SharedCredentialsProvider = match &options.profile {
        Some(profile) => {
            SharedCredentialsProvider::new(ProfileFileCredentialsProvider::builder().profile_name(profile).build())
        }
        None => SharedCredentialsProvider::new(
            DefaultCredentialsChain::builder().region(region.clone()).imds_client(imds_client).build().await,
        ),
    };
    // Resolve them once now: a missing credential is one clear error, before any call.
    credentials.provide_credentials().await.map_err(|error| ConnectError::NoCredentials {
        cause: match error {
            // The whole chain came up empty: its per-provider report is noise to a person.
            CredentialsError::CredentialsNotLoaded(_) => {
                "none in the environment, the profile files, or a web identity, container or instance role".into()
            }
            // A profile that is there but broken (expired SSO session, bad process): say why.
            other => {
                let text = aws_sdk_ec2::error::DisplayErrorContext(&other).to_string();
                text.lines().next().unwrap_or_default().to_string()
            }
        },
    })?;

    let attempts = options.max_attempts.max(1);
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .region(region.clone())
        .credentials_provider(credentials)
        .retry_config(RetryConfig::standard().with_max_attempts(attempts));
    if let Some(profile) = &options.profile {
        loader = loader.profile_name(profile);
    }
    let shared = loader.load().await;
    let (ec2_endpoint, sts_endpoint) = endpoints(options.endpoint_url.as_ref());
    let requests = Arc::new(Counter::default());
    let mut ec2_config =
        aws_sdk_ec2::config::Builder::from(&shared).interceptor(super::read::CountRequests(requests.clone()));
    if let Some(url) = &ec2_endpoint {
        ec2_config = ec2_config.endpoint_url(url);
    }
    let mut sts_config = aws_sdk_sts::config::Builder::from(&shared);
    if let Some(url) = &sts_endpoint {
        sts_config = sts_config.endpoint_url(url);
    }
    let region_name = region.to_string();
    Ok(Aws {
        ec2: aws_sdk_ec2::Client::from_conf(ec2_config.build()),
        sts: aws_sdk_sts::Client::from_conf(sts_config.build()),
        ec2_endpoint: ec2_endpoint.unwrap_or_else(|| format!("https://ec2.{region_name}.amazonaws.com")),
        requests,
        region: region_name,
    })
}
