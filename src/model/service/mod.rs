//! NLB Services: which Services the controller handles, and for each the managed frontend
//! SG (source ranges, ICMP for path-MTU discovery, prefix lists), the load balancer's SG
//! list, and the target rules, in SG mode or legacy (SG-less) mode.
//!
//! Mirrors `pkg/service/model_builder.go`, with the steps in `supported`
//! (`service_utils.go: IsServiceSupported`, and the Service mutator webhook), `load_balancer`
//! (`model_build_load_balancer.go`), `managed_sg` (`model_build_managed_sg.go`),
//! `target_groups` (`model_build_target_group.go`), and `super::sg_less` for SG-less NLBs.

mod load_balancer;
mod managed_sg;
mod supported;
mod target_groups;

use super::annotations::{Annotations, SERVICE_PREFIX};
use super::coordination;
use super::custom_groups::resolve_custom_groups;
use super::{managed_group_tags, Builder, DesiredGroup, GroupRole, LbKind, LoadBalancer, ObjectKind};
use crate::manifest::{name_of, namespace_of, InputError, Object};
use crate::sg::{naming, tags, Protocol, Tags};
use k8s_openapi::api::core::v1::{Service, ServicePort};

/// One Service the controller makes an NLB for.
#[derive(Debug)]
struct Nlb<'a> {
    service: &'a Object<Service>,
    key: String,
}

impl Nlb<'_> {
    fn annotations(&self) -> Annotations<'_> {
        Annotations::new(self.service.value.metadata.annotations.as_ref(), SERVICE_PREFIX)
    }

    fn error(&self, message: impl Into<String>) -> InputError {
        InputError::new(message).at(&self.service.source).object(format!("Service {}", self.key))
    }

    fn annotation_error(&self, suffix: &str, message: impl Into<String>) -> InputError {
        self.error(message).annotation(self.annotations().key(suffix))
    }

    fn ports(&self) -> &[ServicePort] {
        self.service.value.spec.as_ref().and_then(|s| s.ports.as_deref()).unwrap_or_default()
    }
}

pub fn build_all(builder: &mut Builder<'_>) -> Result<(), InputError> {
    // `EnableServiceController=false`: the Service reconciler is not set up (`main.go`).
    if !builder.settings.feature_gates.enable_service_controller {
        return Ok(());
    }
    let manifests = builder.manifests;
    for service in &manifests.services {
        if service.value.metadata.deletion_timestamp.is_some()
            || !builder.settings.watches(namespace_of(&service.value.metadata))
            || !supported::is_supported(builder, service)
        {
            continue;
        }
        let key = format!("{}/{}", namespace_of(&service.value.metadata), name_of(&service.value.metadata));
        build_one(builder, &Nlb { service, key })?;
    }
    Ok(())
}

fn build_one(builder: &mut Builder<'_>, nlb: &Nlb<'_>) -> Result<(), InputError> {
    let settings = builder.settings;
    let annotations = nlb.annotations();
    builder.desired.keeps_backend = true;
    let scheme = load_balancer::scheme(nlb, settings.default_scheme)?;
    let dualstack = match annotations.string("aws-load-balancer-ip-address-type").as_deref() {
        None | Some("ipv4") => false,
        Some("dualstack") => true,
        Some(other) => {
            return Err(
                nlb.annotation_error("aws-load-balancer-ip-address-type", format!("unknown IPAddressType: {other}"))
            )
        }
    };
    let disable_sg = annotations
        .bool("aws-load-balancer-disable-nlb-sg")
        .map_err(|message| nlb.annotation_error("aws-load-balancer-disable-nlb-sg", message))?
        .unwrap_or(false);
    let custom = annotations.string_list("aws-load-balancer-security-groups").unwrap_or_default();
    let sg_mode = settings.feature_gates.nlb_security_group && !disable_sg;
    let source_ranges = load_balancer::source_ranges(builder, nlb, dualstack, sg_mode)?;

    let attachment = if !sg_mode {
        coordination::Attachment { load_balancer_groups: Vec::new(), target_source: None }
    } else if !custom.is_empty() {
        let resolved = resolve_custom_groups(builder, &custom, &nlb.service.source, &format!("Service {}", nlb.key))?;
        let manage = annotations
            .bool("aws-load-balancer-manage-backend-security-group-rules")
            .map_err(|message| nlb.annotation_error("aws-load-balancer-manage-backend-security-group-rules", message))?
            .unwrap_or(settings.enable_manage_backend_security_group_rules);
        let what = format!("Service {}", nlb.key);
        let annotation = annotations.key("aws-load-balancer-manage-backend-security-group-rules");
        coordination::custom(builder, resolved, manage, (&what, &annotation), &nlb.service.source).map_err(|()| {
            nlb.error(
                "backendSG feature is required to manage worker node SG rules when frontendSG is manually specified",
            )
        })?
    } else {
        let metadata = &nlb.service.value.metadata;
        let uid = metadata.uid.clone().unwrap_or_default();
        if uid.is_empty() {
            builder.warn(
                "service-uid-missing",
                format!("Service {} has no metadata.uid; the managed SG name hashes the uid the API server will assign, so its name will differ (matching existing groups is by tags, so this plan is unaffected)", nlb.key),
                Some(&nlb.service.source),
            );
        }
        let name = naming::nlb_sg_name(&settings.cluster_name, namespace_of(metadata), name_of(metadata), &uid);
        let additional = annotations
            .string_map("aws-load-balancer-additional-resource-tags")
            .map_err(|message| nlb.annotation_error("aws-load-balancer-additional-resource-tags", message))?
            .unwrap_or_default();
        if let Some(key) = additional.keys().find(|key| settings.external_managed_tags.contains(key)) {
            return Err(nlb.annotation_error(
                "aws-load-balancer-additional-resource-tags",
                format!("external managed tag key {key} cannot be specified on Service"),
            ));
        }
        let (rules, provenance) = super::with_provenance(managed_sg::managed_rules(nlb, &source_ranges, dualstack));
        builder.desired.security_groups.push(DesiredGroup {
            address: super::frontend_address(&nlb.key),
            role: GroupRole::Frontend {
                stack_key: tags::SERVICE_STACK,
                resource_key: tags::SERVICE_RESOURCE,
                stack: nlb.key.clone(),
            },
            name: name.clone(),
            description: "[k8s] Managed SecurityGroup for LoadBalancer".into(),
            tags: managed_group_tags(
                settings,
                tags::SERVICE_STACK,
                tags::SERVICE_RESOURCE,
                &nlb.key,
                &Tags::from_iter(additional),
            ),
            ingress: rules,
            source: Some(nlb.service.source.clone()),
            provenance,
        });
        coordination::managed(builder, name)
    };
    builder.desired.load_balancers.push(LoadBalancer {
        kind: LbKind::Nlb,
        object_kind: ObjectKind::Service,
        stack: nlb.key.clone(),
        scheme,
        security_groups: attachment.load_balancer_groups,
        source: nlb.service.source.clone(),
    });
    let frontend = target_groups::Frontend { peer: attachment.target_source.as_ref(), sg_mode, scheme, dualstack };
    target_groups::target_group_rules(builder, nlb, &frontend, &source_ranges)
}

pub(super) fn protocol_of(port: &ServicePort) -> Protocol {
    Protocol::parse(port.protocol.as_deref().unwrap_or("TCP"))
}
