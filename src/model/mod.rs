//! Desired state: what the controller would create for the manifests. One managed
//! frontend SG per ALB IngressGroup and per NLB Service, the shared backend SG, each load
//! balancer's SG list, and the aggregated rules on node (target) SGs.
//!
//! Pure and synchronous; the Ingresses and the Services are modelled side by side (`build`),
//! the rest on one thread. Reads the manifests, the settings, and account facts
//! that files cannot give (node ENIs, subnets, VPC CIDRs, custom SGs); never the state
//! reader. Mirrors the controller's `pkg/ingress/model_build_*.go` (`ingress`),
//! `pkg/service/model_build_*.go` (`service`) and `pkg/networking/networking_manager.go`
//! (`node_rules`).

pub mod annotations;
mod builder;
mod coordination;
mod custom_groups;
mod desired;
mod gateway;
mod ingress;
mod ingress_class;
mod node_rules;
mod ports;
mod prefix_lists;
mod scope;
mod service;
mod sg_less;
mod subnets;
mod target_group_bindings;
mod target_rules;
mod target_sgs;

use crate::manifest::{InputError, Manifests};
use crate::settings::Settings;
use crate::sg::Account;

pub(crate) use builder::{
    go_list, managed_group_tags, merge_first_wins, port_and_path_mtu_rules, with_provenance, Builder, Index,
};
pub use custom_groups::referenced_groups;
pub use desired::{
    frontend_address, gateway_address, service_frontend_address, Desired, DesiredGroup, GroupRole, LbKind,
    LoadBalancer, ObjectKind, UnresolvedRule, Warning,
};
pub use prefix_lists::referenced_prefix_lists;
pub use target_rules::{TargetPort, TargetRule};

/// Builds the desired state. Fails on the first input the controller would reject.
pub fn build(manifests: &Manifests, settings: &Settings, account: &Account) -> Result<Desired, InputError> {
    build_with(manifests, settings, account, false)
}

/// Every error the manifests alone can cause, before any AWS call: bad input must never
/// reach the account (fail closed). Linear, like `build`.
pub fn preflight(manifests: &Manifests, settings: &Settings) -> Result<(), InputError> {
    build_with(manifests, settings, &Account::default(), true).map(|_| ())
}

fn build_with(
    manifests: &Manifests,
    settings: &Settings,
    account: &Account,
    preflight: bool,
) -> Result<Desired, InputError> {
    let index = Index::new(manifests, account);
    let backend = builder::backend_ref(settings);
    let fresh = || Builder {
        settings,
        account,
        manifests,
        index: &index,
        backend: backend.clone(),
        desired: Desired::default(),
        backend_needed: false,
        target_rules: Vec::new(),
        preflight,
    };
    let mut builder = fresh();
    scope::warn_unseen(&mut builder);
    // The Ingresses and the Services are modelled apart, each on a core, and joined in that
    // order, so the result and the first error are those of modelling them one after the
    // other. At 20,000 objects (AMD machine, 2026-12-06) the Ingresses take 115 ms and the
    // Services 75 ms; side by side the 100-file plan went 1.14 → 1.09 s (medians of eleven
    // alternating runs; docs/performance.md).
    let (albs, nlbs) = rayon::join(
        || {
            let mut albs = fresh();
            ingress::build_all(&mut albs).map(|()| albs)
        },
        || {
            let mut nlbs = fresh();
            // The Gateways' groups have addresses of their own; they join the Services' side.
            service::build_all(&mut nlbs).and_then(|()| gateway::build_all(&mut nlbs)).map(|()| nlbs)
        },
    );
    let (albs, mut nlbs) = (albs?, nlbs?);
    builder::address_apart(&albs.desired.security_groups, &mut nlbs.desired.security_groups);
    builder.absorb(albs);
    builder.absorb(nlbs);
    if builder.backend_needed && settings.backend_security_group.is_none() {
        builder.desired.security_groups.push(builder::backend_group(settings));
    }
    target_group_bindings::add_rules(&mut builder)?;
    node_rules::place(&mut builder)?;
    let mut desired = builder.desired;
    desired.security_groups.sort_by(|a, b| a.address.cmp(&b.address));
    desired.load_balancers.sort_by(|a, b| (a.kind, &a.stack, a.object_kind).cmp(&(b.kind, &b.stack, b.object_kind)));
    desired.unresolved.sort();
    desired.unresolved.dedup();
    desired.warnings.sort();
    desired.warnings.dedup();
    Ok(desired)
}
