//! Which Ingresses the controller manages, and how they form IngressGroups: the class
//! (`ingress_class`), the group (IngressClassParams `group.name`, the `group.name`
//! annotation, or the implicit group of the Ingress itself), and the members' order
//! (`group.order`, then namespace/name). Ingresses being deleted are left out.
//!
//! Mirrors `pkg/ingress/group_loader.go` (`Load`, `loadGroupIDIfAny`, `sortGroupMembers`).

use super::Member;
use crate::manifest::{name_of, namespace_of, InputError};
use crate::model::annotations::INGRESS_PREFIX;
use crate::model::ingress_class::{classify, Classification};
use crate::model::Builder;
use std::collections::BTreeMap;

const MAX_GROUP_NAME: usize = 63;

/// An IngressGroup: its stack (`ns/name` for an implicit group, the group name otherwise),
/// whether it was named explicitly, and its members in the controller's order.
#[derive(Debug)]
pub(super) struct Group<'a> {
    pub stack: String,
    pub explicit: bool,
    pub members: Vec<Member<'a>>,
}

/// The groups of every Ingress the controller manages, sorted by stack.
pub(super) fn load_groups<'a>(builder: &mut Builder<'a>) -> Result<Vec<Group<'a>>, InputError> {
    let manifests = builder.manifests;
    let mut groups: BTreeMap<String, Group<'a>> = BTreeMap::new();
    for ingress in &manifests.ingresses {
        if ingress.value.metadata.deletion_timestamp.is_some()
            || !builder.settings.watches(namespace_of(&ingress.value.metadata))
        {
            continue;
        }
        let params = match classify(ingress, manifests, &builder.settings.ingress_class)? {
            Classification::Managed { params, assumed_class } => {
                if assumed_class {
                    let class = &builder.settings.ingress_class;
                    builder.warn(
                        "ingress-class-assumed",
                        format!("IngressClass {class} is not in the input; assuming the one the controller's Helm chart creates (controller ingress.k8s.aws/alb, no parameters). Add it to the input (kubectl get ingressclass {class} -o yaml) to plan from what the cluster really has"),
                        None,
                    );
                }
                params
            }
            Classification::NotOurs(why) => {
                let annotated =
                    ingress.value.metadata.annotations.iter().flatten().any(|(key, _)| key.starts_with(INGRESS_PREFIX));
                if annotated {
                    let key = crate::manifest::namespaced_name(&ingress.value.metadata);
                    builder.warn(
                        "ingress-not-handled",
                        format!("Ingress {key} carries {INGRESS_PREFIX}* annotations, but the controller does not handle it: {why}; it is not in this plan"),
                        Some(&ingress.source),
                    );
                }
                continue;
            }
        };
        let key = format!("{}/{}", namespace_of(&ingress.value.metadata), name_of(&ingress.value.metadata));
        let mut member = Member { ingress, params, key, order: 0 };
        let (explicit, stack) = group_id(&member)?;
        member.order = group_order(&member)?;
        groups
            .entry(stack.clone())
            .or_insert_with(|| Group { stack, explicit, members: Vec::new() })
            .members
            .push(member);
    }
    let mut groups: Vec<Group<'a>> = groups.into_values().collect();
    for group in &mut groups {
        group.members.sort_by(|a, b| (a.order, &a.key).cmp(&(b.order, &b.key)));
    }
    Ok(groups)
}

/// The group ID: IngressClassParams `group.name`, then the `group.name` annotation, then
/// the implicit group of the Ingress itself. Returns (explicit, stack string).
fn group_id(member: &Member<'_>) -> Result<(bool, String), InputError> {
    let explicit = match member.params.and_then(|p| p.spec.group.as_ref()) {
        Some(group) => Some(group.name.clone()),
        None => member.annotations().string("group.name"),
    };
    match explicit {
        Some(name) => {
            validate_group_name(&name).map_err(|message| {
                member
                    .error(format!("invalid ingress group: {message}"))
                    .annotation(member.annotations().key("group.name"))
            })?;
            Ok((true, name))
        }
        None => Ok((false, member.key.clone())),
    }
}

fn validate_group_name(name: &str) -> Result<(), String> {
    let bytes = name.as_bytes();
    let allowed = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-' || *b == b'.';
    let alnum = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let valid = !bytes.is_empty() && bytes.iter().all(allowed) && alnum(&bytes[0]) && alnum(&bytes[bytes.len() - 1]);
    if !valid {
        return Err("groupName must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character".into());
    }
    if name.len() > MAX_GROUP_NAME {
        return Err(format!("groupName must be no more than {MAX_GROUP_NAME} characters"));
    }
    Ok(())
}

fn group_order(member: &Member<'_>) -> Result<i64, InputError> {
    let order = member.annotations().int64("group.order").map_err(|message| {
        member.error(format!("failed to load Ingress group order for ingress: {}: {message}", member.key))
    })?;
    match order {
        Some(order) if !(-1000..=1000).contains(&order) => Err(member.error(format!(
            "explicit Ingress group order must be within [-1000:1000], Ingress: {}, order: {order}",
            member.key
        ))),
        Some(order) => Ok(order),
        None => Ok(0),
    }
}

#[cfg(test)]
mod tests {
    use super::validate_group_name;

    #[test]
    fn group_names_follow_the_controller() {
        assert!(validate_group_name("my-team.awesome-group").is_ok());
        assert!(validate_group_name("a").is_ok());
        assert!(validate_group_name("-a").is_err());
        assert!(validate_group_name("A").is_err());
        assert!(validate_group_name("a.").is_err());
        assert!(validate_group_name(&"a".repeat(64)).unwrap_err().contains("no more than 63"));
    }
}
