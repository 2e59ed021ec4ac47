//! The coordination matrix (docs/model.md): given how a load balancer's frontend is secured,
//! which SGs the controller attaches to it and which SG is the source of the rules on its
//! targets. Shared by the ALB and NLB builders (`buildLoadBalancerSecurityGroups` in both).

use super::Builder;
use crate::manifest::Source;
use crate::sg::{GroupRef, Peer};

/// The SGs attached to a load balancer, and the source of its target rules (none when the
/// controller manages no node rules for it).
#[derive(Debug)]
pub struct Attachment {
    pub load_balancer_groups: Vec<GroupRef>,
    pub target_source: Option<Peer>,
}

/// A managed frontend SG: `[managed, backend]` with the backend SG as the target source, or
/// `[managed]` with the managed SG itself as the source when the backend SG is disabled.
pub fn managed(builder: &mut Builder<'_>, managed_name: String) -> Attachment {
    let managed = GroupRef::by_name(managed_name);
    if builder.settings.enable_backend_security_group {
        builder.backend_needed = true;
        let backend = builder.backend.clone();
        Attachment { load_balancer_groups: vec![managed, backend.clone()], target_source: Some(Peer::Group(backend)) }
    } else {
        Attachment { load_balancer_groups: vec![managed.clone()], target_source: Some(Peer::Group(managed)) }
    }
}

/// Custom frontend SGs: the resolved groups, plus the backend SG when backend rules are
/// managed. Managing them without the backend SG is the controller's error, whose text
/// (which differs between its ALB and NLB builders) the caller passes in as `Err`.
pub fn custom(
    builder: &mut Builder<'_>,
    mut resolved: Vec<GroupRef>,
    manage_backend_rules: bool,
    (what, annotation): (&str, &str),
    source: &Source,
) -> Result<Attachment, ()> {
    if !manage_backend_rules {
        builder.warn(
            "custom-sg-unmanaged-backend",
            format!("{what} uses custom security groups and {annotation} is not \"true\": the controller adds no rules to node security groups, so the targets are reachable only if you open them yourself"),
            Some(source),
        );
        return Ok(Attachment { load_balancer_groups: resolved, target_source: None });
    }
    if !builder.settings.enable_backend_security_group {
        return Err(());
    }
    builder.backend_needed = true;
    let backend = builder.backend.clone();
    resolved.push(backend.clone());
    Ok(Attachment { load_balancer_groups: resolved, target_source: Some(Peer::Group(backend)) })
}
