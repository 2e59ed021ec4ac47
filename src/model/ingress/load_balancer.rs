//! The group-wide load balancer settings members must agree on: the custom frontend SGs,
//! whether backend rules are managed, the scheme and the IP address type, each with the
//! controller's conflict errors.
//!
//! Mirrors `pkg/ingress/model_build_load_balancer.go` (`buildLoadBalancerScheme`,
//! `buildLoadBalancerIPAddressType`, `buildFrontendSGNameOrIDsFromAnnotation`,
//! `buildManageSecurityGroupRulesFlag`).

use super::Member;
use crate::manifest::objects::IngressClassParams;
use crate::manifest::InputError;
use crate::model::go_list;
use crate::settings::Scheme;
use std::collections::BTreeSet;

/// `buildFrontendSGNameOrIDsFromAnnotation`: members that set `security-groups` must agree.
pub(super) fn custom_group_tokens(members: &[Member<'_>]) -> Result<Option<Vec<String>>, InputError> {
    let mut chosen: Option<(Vec<String>, &Member<'_>)> = None;
    for member in members {
        let Some(tokens) = member.annotations().string_list("security-groups") else { continue };
        match &chosen {
            None => chosen = Some((tokens, member)),
            Some((first, _)) if *first != tokens => {
                return Err(member
                    .error(format!("conflicting securityGroups: {} | {}", go_list(first), go_list(&tokens)))
                    .annotation(member.annotations().key("security-groups")))
            }
            Some(_) => {}
        }
    }
    Ok(chosen.map(|(tokens, _)| tokens))
}

/// `buildManageSecurityGroupRulesFlag`: members with the annotation must agree.
pub(super) fn manage_backend_rules(members: &[Member<'_>]) -> Result<Option<bool>, InputError> {
    let mut chosen = None;
    for member in members {
        let key = member.annotations().key("manage-backend-security-group-rules");
        let value = member
            .annotations()
            .bool("manage-backend-security-group-rules")
            .map_err(|message| member.error(message).annotation(key.clone()))?;
        match (chosen, value) {
            (_, None) => {}
            (None, Some(value)) => chosen = Some(value),
            (Some(first), Some(value)) if first != value => {
                return Err(member.error("conflicting manage backend security group rules settings").annotation(key))
            }
            _ => {}
        }
    }
    Ok(chosen)
}

/// The values members set explicitly (IngressClassParams first, then the annotation);
/// members that set nothing neither contribute nor conflict.
fn explicit_values(
    members: &[Member<'_>],
    from_params: impl Fn(&IngressClassParams) -> Option<String>,
    suffix: &str,
) -> BTreeSet<String> {
    members
        .iter()
        .filter_map(|member| member.params.and_then(&from_params).or_else(|| member.annotations().string(suffix)))
        .collect()
}

/// `buildLoadBalancerScheme`: one explicit scheme across the group, else the default.
pub(super) fn group_scheme(members: &[Member<'_>], default: Scheme) -> Result<Scheme, InputError> {
    let first = &members[0];
    let explicit = explicit_values(members, |p| p.spec.scheme.clone(), "scheme");
    match explicit.len() {
        0 => Ok(default),
        1 => {
            let raw = explicit.first().cloned().unwrap_or_default();
            Scheme::parse(&raw).ok_or_else(|| first.error(format!("unknown scheme: {raw}")))
        }
        _ => Err(first.error(format!("conflicting scheme: {}", go_set(&explicit)))),
    }
}

/// `buildLoadBalancerIPAddressType`: one explicit type across the group, else ipv4.
pub(super) fn group_ip_address_type(members: &[Member<'_>]) -> Result<String, InputError> {
    let first = &members[0];
    let explicit = explicit_values(members, |p| p.spec.ip_address_type.clone(), "ip-address-type");
    match explicit.len() {
        0 => Ok("ipv4".into()),
        1 => {
            let raw = explicit.first().cloned().unwrap_or_default();
            match raw.as_str() {
                "ipv4" | "dualstack" | "dualstack-without-public-ipv4" => Ok(raw),
                _ => Err(first.error(format!("unknown IPAddressType: {raw}"))),
            }
        }
        _ => Err(first.error(format!("conflicting IPAddressType: {}", set_list(&explicit)))),
    }
}

/// Go's `%v` of a `sets.String` (a map to empty structs): `map[a:{} b:{}]`.
fn go_set(set: &BTreeSet<String>) -> String {
    let items: Vec<String> = set.iter().map(|item| format!("{item}:{{}}")).collect();
    format!("map[{}]", items.join(" "))
}

pub(super) fn set_list(set: &BTreeSet<String>) -> String {
    go_list(&set.iter().cloned().collect::<Vec<_>>())
}
