//! The controller's security-group names: a sanitised, truncated prefix and a SHA-256
//! hash of the cluster name and the stack's identity.
//!
//! Mirrors `pkg/ingress/model_build_managed_sg.go`, `pkg/service/model_build_managed_sg.go`
//! and `pkg/networking/backend_sg_provider.go: getBackendSGName`.

use sha2::{Digest, Sha256};

/// Removes every character Go's RE2 `[[:alnum:]]` does not match (ASCII letters and digits).
fn sanitize(text: &str) -> String {
    text.chars().filter(char::is_ascii_alphanumeric).collect()
}

/// Go's `%.Ns`: at most `n` characters.
fn truncate(text: &str, n: usize) -> &str {
    match text.char_indices().nth(n) {
        Some((index, _)) => &text[..index],
        None => text,
    }
}

/// The first ten hex digits of the SHA-256 of the concatenated inputs.
fn hash10(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
    }
    hex(&hasher.finalize()[..5])
}

/// Lower-case hex of bytes, as Go's `%x` writes them (hashes are computed for every load
/// balancer and every live group, so without a `format!` per byte).
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}

/// Managed SG of an implicit IngressGroup (a single Ingress `namespace/name`).
pub fn alb_implicit_group_sg_name(cluster: &str, namespace: &str, name: &str) -> String {
    let sanitized_ns = sanitize(namespace);
    let sanitized_name = sanitize(name);
    let hash = hash10(&[cluster, &format!("{namespace}/{name}")]);
    format!("k8s-{}-{}-{hash}", truncate(&sanitized_ns, 8), truncate(&sanitized_name, 8))
}

/// Managed SG of an explicit IngressGroup (`group.name`).
pub fn alb_explicit_group_sg_name(cluster: &str, group_name: &str) -> String {
    let sanitized = sanitize(group_name);
    format!("k8s-{}-{}", truncate(&sanitized, 17), hash10(&[cluster, group_name]))
}

/// Managed SG of an NLB Service. The hash takes the name before the namespace, and the
/// uid (empty when the manifest has none), exactly as the controller does.
pub fn nlb_sg_name(cluster: &str, namespace: &str, name: &str, uid: &str) -> String {
    let sanitized_ns = sanitize(namespace);
    let sanitized_name = sanitize(name);
    let hash = hash10(&[cluster, name, namespace, uid]);
    format!("k8s-{}-{}-{hash}", truncate(&sanitized_ns, 8), truncate(&sanitized_name, 8))
}

/// The shared backend SG of a cluster.
pub fn backend_sg_name(cluster: &str) -> String {
    let sanitized = sanitize(cluster);
    format!("k8s-traffic-{}-{}", truncate(&sanitized, 232), hash10(&[cluster]))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Names verified against the controller's Go tests of `pkg/ingress/model_build_managed_sg.go`,
    // `pkg/service/model_build_managed_sg.go` and `pkg/networking/backend_sg_provider.go`.
    #[test]
    fn verified_names() {
        assert_eq!(alb_implicit_group_sg_name("cluster-dummy", "ns-1", "ing-1"), "k8s-ns1-ing1-bd83176788");
        assert_eq!(
            nlb_sg_name("my-cluster", "default", "nlb-ip-svc-tls", "bdca2bd0-bfc6-449a-88a3-03451f05f18c"),
            "k8s-default-nlbipsvc-1da4b78715"
        );
        assert_eq!(nlb_sg_name("my-cluster", "default", "traffic-local", ""), "k8s-default-trafficl-27d98646ec");
        assert_eq!(backend_sg_name("testCluster"), "k8s-traffic-testCluster-411a1bcdb1");
    }

    // Computed in the spec, not in the controller's tests.
    #[test]
    fn computed_names() {
        assert_eq!(
            alb_explicit_group_sg_name("cluster-dummy", "my-team.awesome-group"),
            "k8s-myteamawesomegrou-4cc7c39fe6"
        );
        assert_eq!(backend_sg_name("my-cluster"), "k8s-traffic-mycluster-4cbfcec96c");
    }

    #[test]
    fn backend_name_fits_ec2_limit() {
        let long = "c".repeat(400);
        assert_eq!(backend_sg_name(&long).len(), 255);
    }
}
