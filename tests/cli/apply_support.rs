//! Shared by the apply tests: the example's arguments and the calls `apply -v` reports.

pub const EXAMPLE: [&str; 3] = ["examples/manifests", "--cluster-name", "prod"];

/// The calls `apply -v` reports, as `Name count` pairs.
pub fn calls_made(stderr: &str) -> String {
    stderr.lines().find_map(|line| line.strip_prefix("sgctl: EC2 calls made by apply: ")).unwrap_or("").to_string()
}
