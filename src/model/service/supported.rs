//! Which Services the controller handles: a `loadBalancerClass` equal to its own, or, without
//! a class, the `nlb-ip` / `external` type annotations. The Service mutator webhook (on in the
//! Helm chart, CREATE only) sets the class on a new `type: LoadBalancer` Service that names
//! none, whatever its annotations; an UPDATE never adds one. Offline, a manifest is new when it
//! has no `metadata.uid`, `resourceVersion` or `creationTimestamp` (what the API server sets on
//! create): such a Service is handled as the webhook makes it, one exported from the API server
//! keeps the class it has. The plan says which it assumed.
//!
//! Mirrors `pkg/service/service_utils.go: IsServiceSupported` and
//! `webhooks/core/service_mutator.go: MutateCreate, MutateUpdate`.

use crate::manifest::{namespaced_name, Object};
use crate::model::annotations::{Annotations, SERVICE_PREFIX};
use crate::model::Builder;
use k8s_openapi::api::core::v1::Service;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

/// Whether the API server has seen this object: it sets uid, resourceVersion and
/// creationTimestamp on create, so a manifest carrying any of them was exported.
fn was_created(metadata: &ObjectMeta) -> bool {
    metadata.uid.as_deref().is_some_and(|uid| !uid.is_empty())
        || metadata.resource_version.as_deref().is_some_and(|version| !version.is_empty())
        || metadata.creation_timestamp.is_some()
}

/// `IsServiceSupported`, after the Service mutator webhook (when installed) has set
/// `loadBalancerClass` on a new `type: LoadBalancer` Service that names no class.
pub(super) fn is_supported(builder: &mut Builder<'_>, service: &Object<Service>) -> bool {
    let settings = builder.settings;
    let spec = service.value.spec.as_ref();
    let metadata = &service.value.metadata;
    let service_type = spec.and_then(|s| s.type_.as_deref()).unwrap_or("ClusterIP");
    let annotations = Annotations::new(metadata.annotations.as_ref(), SERVICE_PREFIX);
    let lb_type = annotations.string("aws-load-balancer-type");
    let class = spec.and_then(|s| s.load_balancer_class.clone()).filter(|class| !class.is_empty());
    let class = match class {
        Some(class) => Some(class),
        None if settings.enable_service_mutator_webhook && service_type == "LoadBalancer" && !was_created(metadata) => {
            let class = &settings.load_balancer_class;
            let written_for = match lb_type.as_deref() {
                Some(lb_type) => format!(", whatever its aws-load-balancer-type ({lb_type:?}) says"),
                None => String::new(),
            };
            builder.warn(
                "service-class-assumed",
                format!(
                    "Service {} is type LoadBalancer with no loadBalancerClass and no metadata.uid/resourceVersion: a new manifest, so the controller's Service mutator webhook sets loadBalancerClass {class} when it is created{written_for}, and the controller provisions it. If it updates a Service that already exists, plan from `kubectl get svc -o yaml` instead (an update never adds a class), or pass --enable-service-mutator-webhook=false when the webhook is not installed",
                    namespaced_name(metadata)
                ),
                Some(&service.source),
            );
            Some(class.clone())
        }
        None => None,
    };
    if let Some(class) = class {
        return class == settings.load_balancer_class;
    }
    if settings.feature_gates.service_type_load_balancer_only && service_type != "LoadBalancer" {
        return false;
    }
    let supported = match lb_type.as_deref() {
        Some("nlb-ip") => true,
        Some("external") => {
            matches!(annotations.string("aws-load-balancer-nlb-target-type").as_deref(), Some("ip" | "instance"))
        }
        _ => false,
    };
    if !supported && service_type == "LoadBalancer" {
        let why = if settings.enable_service_mutator_webhook {
            "it was exported from the API server (metadata.uid or resourceVersion set) without a loadBalancerClass, so the Service mutator webhook, which acts on create only, did not claim it"
        } else {
            "it has no loadBalancerClass and the Service mutator webhook is off (--enable-service-mutator-webhook=false)"
        };
        builder.warn(
            "service-not-handled",
            format!(
                "Service {} is type LoadBalancer, but not the controller's: {why}, and it has neither aws-load-balancer-type nlb-ip nor external with aws-load-balancer-nlb-target-type; Kubernetes' in-tree provider handles it, and it is not in this plan",
                namespaced_name(metadata)
            ),
            Some(&service.source),
        );
    }
    supported
}
