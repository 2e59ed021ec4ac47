//! ALB IngressGroups: which Ingresses the controller manages, grouped and ordered, and
//! for each group the managed frontend SG, the load balancer's SG list and the target rules
//! of every backend Service. One file per step of the controller's model builder.
//!
//! Mirrors `pkg/ingress/model_builder.go` (`build` for one group), with the steps in
//! `group_loader` (`group_loader.go`), `listeners` (`model_build_listener.go`,
//! `mergeListenPortConfigs`), `load_balancer` (`model_build_load_balancer.go`), `managed_sg`
//! (`model_build_managed_sg.go`, `model_build_tags.go`) and `target_groups`
//! (`model_build_target_group.go`).

mod backends;
mod group_loader;
mod listeners;
mod load_balancer;
mod managed_sg;
mod target_groups;

use super::annotations::{Annotations, INGRESS_PREFIX};
use super::coordination;
use super::custom_groups::resolve_custom_groups;
use super::{managed_group_tags, Builder, DesiredGroup, GroupRole, LbKind, LoadBalancer, ObjectKind};
use crate::manifest::objects::IngressClassParams;
use crate::manifest::{InputError, Object};
use crate::sg::{naming, tags};
use k8s_openapi::api::networking::v1::Ingress;

/// One Ingress of a group, with the IngressClassParams of its class.
#[derive(Debug)]
struct Member<'a> {
    ingress: &'a Object<Ingress>,
    params: Option<&'a IngressClassParams>,
    /// `namespace/name`.
    key: String,
    order: i64,
}

impl Member<'_> {
    fn annotations(&self) -> Annotations<'_> {
        Annotations::new(self.ingress.value.metadata.annotations.as_ref(), INGRESS_PREFIX)
    }

    fn error(&self, message: impl Into<String>) -> InputError {
        InputError::new(message).at(&self.ingress.source).object(format!("Ingress {}", self.key))
    }
}

/// Every IngressGroup of the manifests, in the order of their stacks.
pub fn build_all(builder: &mut Builder<'_>) -> Result<(), InputError> {
    for group in group_loader::load_groups(builder)? {
        build_group(builder, &group)?;
    }
    Ok(())
}

/// One IngressGroup: its frontend SG (managed or custom), its load balancer and the target
/// rules of its members' backends.
fn build_group(builder: &mut Builder<'_>, group: &group_loader::Group<'_>) -> Result<(), InputError> {
    let settings = builder.settings;
    let (stack, explicit, members) = (group.stack.as_str(), group.explicit, group.members.as_slice());
    let first = &members[0];
    let address = super::frontend_address(stack);
    let custom = load_balancer::custom_group_tokens(members)?;
    let manage_backend =
        load_balancer::manage_backend_rules(members)?.unwrap_or(settings.enable_manage_backend_security_group_rules);
    let scheme = load_balancer::group_scheme(members, settings.default_scheme)?;
    let ip_address_type = load_balancer::group_ip_address_type(members)?;
    let dualstack = ip_address_type.starts_with("dualstack");
    let ports = listeners::merged_listen_ports(builder, members, settings.feature_gates.enable_certificate_management)?;
    let group_tags = managed_sg::group_tags(members, &settings.external_managed_tags)?;
    builder.desired.keeps_backend = true;

    let attachment = match custom {
        Some(tokens) if !tokens.is_empty() => {
            let object = format!("Ingress {}", first.key);
            let resolved = resolve_custom_groups(builder, &tokens, &first.ingress.source, &object)?;
            let what = format!("IngressGroup {stack}");
            let annotation = first.annotations().key("manage-backend-security-group-rules");
            coordination::custom(builder, resolved, manage_backend, (&what, &annotation), &first.ingress.source)
                .map_err(|()| {
                    first.error(
                        "backendSG feature is required to manage worker node SG rules when frontendSG manually specified",
                    )
                })?
        }
        _ => {
            let name = if explicit {
                naming::alb_explicit_group_sg_name(&settings.cluster_name, stack)
            } else {
                let (namespace, ingress_name) = stack.split_once('/').unwrap_or(("", stack));
                naming::alb_implicit_group_sg_name(&settings.cluster_name, namespace, ingress_name)
            };
            let (rules, provenance) = super::with_provenance(managed_sg::managed_rules(&ports, dualstack));
            builder.desired.security_groups.push(DesiredGroup {
                address: address.clone(),
                role: GroupRole::Frontend {
                    stack_key: tags::INGRESS_STACK,
                    resource_key: tags::INGRESS_RESOURCE,
                    stack: stack.to_string(),
                },
                name: name.clone(),
                description: "[k8s] Managed SecurityGroup for LoadBalancer".into(),
                tags: managed_group_tags(settings, tags::INGRESS_STACK, tags::INGRESS_RESOURCE, stack, &group_tags),
                ingress: rules,
                source: Some(first.ingress.source.clone()),
                provenance,
            });
            coordination::managed(builder, name)
        }
    };
    builder.desired.load_balancers.push(LoadBalancer {
        kind: LbKind::Alb,
        object_kind: ObjectKind::Ingress,
        stack: stack.to_string(),
        scheme,
        security_groups: attachment.load_balancer_groups,
        source: first.ingress.source.clone(),
    });
    for member in members {
        target_groups::target_group_rules(builder, member, attachment.target_source.as_ref(), dualstack)?;
    }
    Ok(())
}
