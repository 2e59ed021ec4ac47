//! The managed prefix lists the manifests name, gathered before the account is read so
//! that the reader asks EC2 for exactly those (their maximum entries count against the
//! rules-per-group quota; see `plan::findings`).

use crate::manifest::Manifests;
use std::collections::BTreeSet;

/// Every prefix-list id in the Ingress annotation `security-group-prefix-lists`, the
/// Service annotation `aws-load-balancer-security-group-prefix-lists`, and the
/// IngressClassParams `prefixListsIDs` (and its legacy spelling), and the
/// LoadBalancerConfigurations' `securityGroupPrefixes`. A superset of what the
/// model uses (a list named by an Ingress whose class overrides it is read too): reading
/// one list too many costs nothing, missing one would leave its weight unknown.
pub fn referenced_prefix_lists(manifests: &Manifests) -> BTreeSet<String> {
    let mut ids: BTreeSet<String> = super::custom_groups::listed_in_annotations(
        manifests,
        "security-group-prefix-lists",
        "aws-load-balancer-security-group-prefix-lists",
    )
    .into_iter()
    .collect();
    for params in &manifests.ingress_class_params {
        let spec = &params.value.spec;
        ids.extend(spec.prefix_lists_ids.iter().chain(spec.prefix_lists_ids_legacy.iter()).flatten().cloned());
    }
    for lbc in &manifests.load_balancer_configurations {
        ids.extend(lbc.value.spec.security_group_prefixes.iter().flatten().cloned());
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gathers_the_lists_of_ingresses_services_and_class_params() {
        let text = r#"
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    alb.ingress.kubernetes.io/security-group-prefix-lists: pl-b, pl-a
spec: {}
---
apiVersion: v1
kind: Service
metadata:
  name: db
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-security-group-prefix-lists: pl-c
spec: {type: LoadBalancer}
---
apiVersion: elbv2.k8s.aws/v1beta1
kind: IngressClassParams
metadata:
  name: params
spec:
  prefixListsIDs: [pl-d]
"#;
        let mut manifests = Manifests::default();
        crate::manifest::load_text("m.yaml", text, &mut manifests).unwrap();
        let ids: Vec<String> = referenced_prefix_lists(&manifests).into_iter().collect();
        assert_eq!(ids, ["pl-a", "pl-b", "pl-c", "pl-d"]);
    }
}
