//! The AWS adapter: the only module that names the AWS SDK. It sets up credentials, region
//! and endpoints, implements the `Ec2Read` port over aws-sdk-ec2, asks STS who the caller
//! is, and maps SDK errors to the port's error enum.

mod config;
mod convert;
mod errors;
mod read;
mod write;

pub use config::{connect, Aws, AwsOptions, ConnectError};
