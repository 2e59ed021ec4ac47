//! Resolving the custom SGs named by `security-groups` annotations: ids (`sg-…`) and
//! `Name`-tag values, within the cluster VPC, with the controller's errors
//! (`pkg/networking/security_group_resolver.go: ResolveViaNameOrID`).

use super::Builder;
use crate::manifest::{InputError, Source};
use crate::sg::{AccountSecurityGroup, GroupRef};

/// Ids first (annotation order), then groups found by Name tag (annotation order of names,
/// every group carrying a name), as the controller lists them.
pub fn resolve_custom_groups(
    builder: &Builder<'_>,
    tokens: &[String],
    source: &Source,
    object: &str,
) -> Result<Vec<GroupRef>, InputError> {
    if builder.preflight {
        return Ok(tokens.iter().map(|token| GroupRef::by_name(token.clone())).collect());
    }
    let in_vpc =
        |group: &&AccountSecurityGroup| builder.settings.vpc_id.as_ref().is_none_or(|vpc| &group.vpc_id == vpc);
    let (ids, names): (Vec<&String>, Vec<&String>) = tokens.iter().partition(|token| token.starts_with("sg-"));
    let mut errors = Vec::new();
    let mut resolved = Vec::new();
    if !ids.is_empty() {
        let found: Vec<&AccountSecurityGroup> =
            ids.iter().filter_map(|id| builder.account.security_group(id)).filter(|group| in_vpc(group)).collect();
        if found.len() != ids.len() {
            let requested: Vec<&str> = ids.iter().map(|id| id.as_str()).collect();
            let got: Vec<&str> = found.iter().map(|group| group.id.as_str()).collect();
            errors.push(format!("requested ids [{}] but found [{}]", requested.join(", "), got.join(", ")));
        } else {
            resolved.extend(
                found.iter().map(|group| GroupRef { id: Some(group.id.clone()), name: Some(group.name.clone()) }),
            );
        }
    }
    if !names.is_empty() {
        let mut distinct: Vec<&String> = Vec::new();
        for name in names {
            if !distinct.contains(&name) {
                distinct.push(name);
            }
        }
        let mut found_names = Vec::new();
        let mut found_groups = Vec::new();
        for name in &distinct {
            let tagged = builder.index.groups_by_name_tag.get(name.as_str()).map(Vec::as_slice).unwrap_or_default();
            let matching: Vec<&AccountSecurityGroup> = tagged.iter().copied().filter(|group| in_vpc(group)).collect();
            if !matching.is_empty() {
                found_names.push(name.as_str());
            }
            found_groups.extend(matching);
        }
        if found_names.len() != distinct.len() {
            let requested: Vec<&str> = distinct.iter().map(|name| name.as_str()).collect();
            errors.push(format!("requested names [{}] but found [{}]", requested.join(", "), found_names.join(", ")));
        } else {
            resolved.extend(
                found_groups
                    .iter()
                    .map(|group| GroupRef { id: Some(group.id.clone()), name: Some(group.name.clone()) }),
            );
        }
    }
    if !errors.is_empty() {
        return Err(InputError::new(format!("couldn't find all security groups: {}", errors.join(", ")))
            .at(source)
            .object(object.to_string())
            .hint(
                "the custom security groups must exist in the cluster VPC (and in the snapshot given with --state)",
            ));
    }
    Ok(resolved)
}

/// Every comma-separated item of one Ingress annotation and one Service annotation (given
/// without their prefixes), over all the manifests: what the reader must fetch before the
/// model runs.
pub(super) fn listed_in_annotations(
    manifests: &crate::manifest::Manifests,
    ingress_annotation: &str,
    service_annotation: &str,
) -> Vec<String> {
    use super::annotations::{INGRESS_PREFIX, SERVICE_PREFIX};
    let ingress_key = format!("{INGRESS_PREFIX}{ingress_annotation}");
    let service_key = format!("{SERVICE_PREFIX}{service_annotation}");
    let ingress_values =
        manifests.ingresses.iter().filter_map(|i| i.value.metadata.annotations.as_ref()?.get(&ingress_key));
    let service_values =
        manifests.services.iter().filter_map(|s| s.value.metadata.annotations.as_ref()?.get(&service_key));
    ingress_values.chain(service_values).flat_map(|value| crate::go::split_comma_separated(value)).collect()
}

/// The SGs the manifests name, split as the controller's resolver splits them: (ids,
/// `Name`-tag values): custom SGs, and the groups of SecurityGroupPolicies (their tags choose a
/// branch ENI's target SG). Read before the account is, so that it reads only these.
pub fn referenced_groups(
    manifests: &crate::manifest::Manifests,
) -> (std::collections::BTreeSet<String>, std::collections::BTreeSet<String>) {
    let (mut ids, mut names) = (std::collections::BTreeSet::new(), std::collections::BTreeSet::new());
    let in_gateway_configurations = manifests
        .load_balancer_configurations
        .iter()
        .flat_map(|lbc| lbc.value.spec.security_groups.iter().flatten().cloned());
    for token in listed_in_annotations(manifests, "security-groups", "aws-load-balancer-security-groups")
        .into_iter()
        .chain(in_gateway_configurations)
    {
        if token.starts_with("sg-") {
            ids.insert(token);
        } else {
            names.insert(token);
        }
    }
    for policy in &manifests.security_group_policies {
        ids.extend(policy.value.spec.security_groups.group_ids.iter().cloned());
    }
    (ids, names)
}
