//! What the controller sees at all, said once per plan: with `--watch-namespace` its cache
//! holds one namespace, so Ingresses and Services elsewhere are not its own; with
//! `EnableServiceController=false` no Service reconciler runs, so no Service gets an NLB.
//! The model builders skip those objects; this module tells the user how many were skipped.
//!
//! Mirrors `pkg/config/runtime_config.go: BuildRuntimeOptions` (the cache's namespaces) and
//! `main.go` (the Service reconciler set up only with the gate on).

use super::Builder;
use crate::manifest::namespace_of;

pub(super) fn warn_unseen(builder: &mut Builder<'_>) {
    let manifests = builder.manifests;
    let settings = builder.settings;
    if let Some(watched) = settings.watch_namespace.as_deref() {
        let unseen = |namespaces: &mut dyn Iterator<Item = &str>| namespaces.filter(|ns| *ns != watched).count();
        let ingresses = unseen(&mut manifests.ingresses.iter().map(|i| namespace_of(&i.value.metadata)));
        let services = unseen(&mut manifests.services.iter().map(|s| namespace_of(&s.value.metadata)));
        if ingresses + services > 0 {
            builder.warn(
                "outside-watch-namespace",
                format!("the controller watches namespace {watched} only (--watch-namespace): {ingresses} Ingress(es) and {services} Service(s) of other namespaces are not its own and are not in this plan"),
                None,
            );
        }
    }
    if !settings.feature_gates.enable_service_controller && !manifests.services.is_empty() {
        builder.warn(
            "service-controller-disabled",
            "EnableServiceController=false: the controller runs no Service reconciler, so no Service of the input gets an NLB or NLB security group in this plan",
            None,
        );
    }
}
