//! Which Services the controller handles: a `loadBalancerClass` equal to its own (as the
//! Service mutator webhook sets it on `type: LoadBalancer` Services that name no class and no
//! LBC type annotation), or, without a class, the `nlb-ip` / `external` type annotations.
//!
//! Mirrors `pkg/service/service_utils.go: IsServiceSupported` and
//! `webhooks/core/service_mutator.go`.

use crate::model::annotations::{Annotations, SERVICE_PREFIX};
use crate::model::Builder;
use k8s_openapi::api::core::v1::Service;

/// `IsServiceSupported`, after the Service mutator webhook has set `loadBalancerClass` on
/// `type: LoadBalancer` Services that name no class and no LBC type annotation.
pub(super) fn is_supported(builder: &Builder<'_>, service: &Service) -> bool {
    let settings = builder.settings;
    let spec = service.spec.as_ref();
    let service_type = spec.and_then(|s| s.type_.as_deref()).unwrap_or("ClusterIP");
    let annotations = Annotations::new(service.metadata.annotations.as_ref(), SERVICE_PREFIX);
    let lb_type = annotations.string("aws-load-balancer-type");
    let class = spec.and_then(|s| s.load_balancer_class.clone());
    let class = match class {
        Some(class) => Some(class),
        None if settings.enable_service_mutator_webhook && service_type == "LoadBalancer" && lb_type.is_none() => {
            Some("service.k8s.aws/nlb".to_string())
        }
        None => None,
    };
    if let Some(class) = class {
        return class == settings.load_balancer_class;
    }
    if settings.feature_gates.service_type_load_balancer_only && service_type != "LoadBalancer" {
        return false;
    }
    match lb_type.as_deref() {
        Some("nlb-ip") => true,
        Some("external") => {
            matches!(annotations.string("aws-load-balancer-nlb-target-type").as_deref(), Some("ip" | "instance"))
        }
        _ => false,
    }
}
