//! SDK errors → the port's error enum: which call, which IAM action, which endpoint.

use crate::ec2::Ec2Error;
use aws_sdk_ec2::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

/// Maps one failed call. `action` is the IAM action the call needs.
pub fn map_error<E, R>(call: &'static str, action: &'static str, endpoint: &str, error: SdkError<E, R>) -> Ec2Error
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    match &error {
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => {
            Ec2Error::Unreachable { endpoint: endpoint.to_string(), cause: DisplayErrorContext(&error).to_string() }
        }
        _ => {
            let code = error.code().unwrap_or_default().to_string();
            let message =
                error.message().map(str::to_string).unwrap_or_else(|| DisplayErrorContext(&error).to_string());
            classify(call, action, code, message)
        }
    }
}

/// By EC2's (and STS's) error codes.
pub fn classify(call: &'static str, action: &'static str, code: String, message: String) -> Ec2Error {
    match code.as_str() {
        "UnauthorizedOperation"
        | "AccessDenied"
        | "AccessDeniedException"
        | "AuthFailure"
        | "InvalidClientTokenId"
        | "SignatureDoesNotMatch" => Ec2Error::AccessDenied { call, action, message: format!("{code}: {message}") },
        "RequestLimitExceeded" | "Throttling" | "ThrottlingException" => Ec2Error::Throttled(message),
        "DependencyViolation" => Ec2Error::DependencyViolation(message),
        _ if code.ends_with(".NotFound") || code.ends_with(".Malformed") && message.contains("does not exist") => {
            Ec2Error::NotFound(message)
        }
        _ if code.ends_with(".Duplicate") => Ec2Error::Duplicate(message),
        _ if code.is_empty() => Ec2Error::Other { call, code: "error".into(), message },
        _ => Ec2Error::Other { call, code, message },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_call_and_the_iam_action() {
        let error = classify(
            "DescribeSecurityGroups",
            "ec2:DescribeSecurityGroups",
            "UnauthorizedOperation".into(),
            "You are not authorized to perform this operation.".into(),
        );
        assert_eq!(
            error.to_string(),
            "access denied for DescribeSecurityGroups: the credentials need the IAM permission ec2:DescribeSecurityGroups (UnauthorizedOperation: You are not authorized to perform this operation.); docs/aws.md lists the minimal policy"
        );
        assert!(matches!(classify("c", "a", "InvalidGroup.NotFound".into(), "x".into()), Ec2Error::NotFound(_)));
        assert!(matches!(classify("c", "a", "RequestLimitExceeded".into(), "x".into()), Ec2Error::Throttled(_)));
        assert!(matches!(classify("c", "a", "InvalidPermission.Duplicate".into(), "x".into()), Ec2Error::Duplicate(_)));
    }
}
