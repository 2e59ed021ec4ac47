//! Gateways: which Gateways the controller's ALB and NLB Gateway controllers reconcile, and for
//! each the managed frontend SG (per valid listener, `sourceRanges`, prefix lists, ICMP), the
//! load balancer's SG list, and the target rules of every route backend's target group.
//!
//! Mirrors `controllers/gateway/gateway_controller.go` (`reconcileHelper`) and
//! `pkg/gateway/model/` (`base_model_builder.go`, `model_build_security_group.go`,
//! `model_build_target_group.go`, `model_build_target_group_binding_network.go`), with the
//! steps in `config` (classes and LoadBalancerConfigurations), `listeners`, `routes`, `checks`,
//! `managed_sg` and `targets`.

mod checks;
mod config;
mod listeners;
mod managed_sg;
mod routes;
mod targets;

use super::coordination;
use super::custom_groups::resolve_custom_groups;
use super::{gateway_address, managed_group_tags, Builder, DesiredGroup, GroupRole, LbKind, LoadBalancer, ObjectKind};
use crate::manifest::gateway_api::{Gateway, GatewayClass, LoadBalancerConfigurationSpec, SubnetConfiguration};
use crate::manifest::{name_of, namespace_of, InputError, Manifests, Object};
use crate::settings::Scheme;
use crate::sg::{naming, tags, Cidr};

/// The controller names of the two Gateway controllers (`controller_constants.go`).
pub const ALB_CONTROLLER: &str = "gateway.k8s.aws/alb";
pub const NLB_CONTROLLER: &str = "gateway.k8s.aws/nlb";

/// Which of the two Gateway controllers reconciles a Gateway.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LbType {
    Alb,
    Nlb,
}

impl LbType {
    /// The tracking tag keys of its groups (`ALBGatewayTagPrefix`, `NLBGatewayTagPrefix`).
    pub fn tag_keys(self) -> (&'static str, &'static str) {
        match self {
            LbType::Alb => (tags::GATEWAY_ALB_STACK, tags::GATEWAY_ALB_RESOURCE),
            LbType::Nlb => (tags::GATEWAY_NLB_STACK, tags::GATEWAY_NLB_RESOURCE),
        }
    }
}

/// One Gateway the controller reconciles.
#[derive(Debug)]
pub struct Gw<'a> {
    pub object: &'a Object<Gateway>,
    pub manifests: &'a Manifests,
    pub namespace: &'a str,
    pub name: &'a str,
    /// `namespace/name`: the stack.
    pub key: String,
    pub lb_type: LbType,
}

impl Gw<'_> {
    pub fn error(&self, message: impl Into<String>) -> InputError {
        InputError::new(message).at(&self.object.source).object(format!("Gateway {}", self.key))
    }
}

/// The controller a GatewayClass names, when it is one of the two and its gate is on.
fn controller_of(builder: &Builder<'_>, class: &GatewayClass) -> Option<LbType> {
    let gates = &builder.settings.feature_gates;
    match class.spec.controller_name.as_str() {
        ALB_CONTROLLER if gates.alb_gateway_api => Some(LbType::Alb),
        NLB_CONTROLLER if gates.nlb_gateway_api => Some(LbType::Nlb),
        _ => None,
    }
}

pub fn build_all(builder: &mut Builder<'_>) -> Result<(), InputError> {
    let manifests = builder.manifests;
    for gateway in &manifests.gateways {
        let metadata = &gateway.value.metadata;
        let (namespace, name) = (namespace_of(metadata), name_of(metadata));
        if !builder.settings.watches(namespace) {
            continue;
        }
        let key = format!("{namespace}/{name}");
        let class_name = gateway.value.spec.gateway_class_name.as_str();
        // Fail closed, as for an Ingress's class: a class that lives in the cluster but not
        // in the input would otherwise read as "not the controller's", and its SG as an orphan.
        let Some(class) = manifests.gateway_classes.iter().find(|class| name_of(&class.value.metadata) == class_name)
        else {
            return Err(InputError::new(format!("GatewayClass {class_name:?} of Gateway {key} is not in the input"))
                .at(&gateway.source)
                .object(format!("Gateway {key}"))
                .hint("add the GatewayClass (kubectl get gatewayclass -o yaml): without it sgctl cannot tell whether the controller reconciles this Gateway"));
        };
        let Some(lb_type) = controller_of(builder, &class.value) else { continue };
        let gw = Gw { object: gateway, manifests, namespace, name, key, lb_type };
        if metadata.deletion_timestamp.is_some() {
            refuse_protected_deletion(&gw, class)?;
            continue;
        }
        if is_dry_run(&gw) {
            dry_run(builder, &gw, class)?;
            continue;
        }
        build_one(builder, &gw, class)?;
    }
    Ok(())
}

/// A Gateway being deleted whose load balancer has deletion protection cannot be deleted
/// (`base_model_builder.go: Build`); any other leaves, and its groups with it.
fn refuse_protected_deletion(gw: &Gw<'_>, class: &Object<GatewayClass>) -> Result<(), InputError> {
    let Ok(config) = config::resolve(gw, class) else { return Ok(()) };
    let protected = config
        .spec
        .load_balancer_attributes
        .iter()
        .flatten()
        .any(|attribute| attribute.key == "deletion_protection.enabled" && attribute.value == "true");
    if protected {
        return Err(gw
            .error(format!("Unable to delete gateway {} because deletion protection is enabled.", gw.key))
            .hint(
            "set deletion_protection.enabled to false in its LoadBalancerConfiguration's loadBalancerAttributes first",
        ));
    }
    Ok(())
}

/// `dryrun.go: isDryRunEnabled`: annotated `gateway.k8s.aws/dry-run: "true"` before its
/// controller put its finalizer on it.
fn is_dry_run(gw: &Gw<'_>) -> bool {
    let metadata = &gw.object.value.metadata;
    let finalizer = match gw.lb_type {
        LbType::Alb => ALB_CONTROLLER,
        LbType::Nlb => NLB_CONTROLLER,
    };
    let annotated = metadata.annotations.as_ref().and_then(|a| a.get("gateway.k8s.aws/dry-run")).map(String::as_str)
        == Some("true");
    annotated && !metadata.finalizers.iter().flatten().any(|f| f == finalizer)
}

/// A dry run builds the model, whose errors stand and which allocates the backend SG when the
/// Gateway would use it, but deploys nothing: no managed SG, no load balancer, no node rule.
fn dry_run<'a>(builder: &mut Builder<'a>, gw: &Gw<'a>, class: &'a Object<GatewayClass>) -> Result<(), InputError> {
    let (groups, balancers, rules) =
        (builder.desired.security_groups.len(), builder.desired.load_balancers.len(), builder.target_rules.len());
    build_one(builder, gw, class)?;
    builder.desired.security_groups.truncate(groups);
    builder.desired.load_balancers.truncate(balancers);
    builder.target_rules.truncate(rules);
    builder.warn(
        "gateway-dry-run",
        format!("Gateway {} is a dry run (gateway.k8s.aws/dry-run: \"true\", and the controller's finalizer is not on it yet): the controller builds its model, which needs the backend SG, and deploys nothing else: no managed SG, no node rule", gw.key),
        Some(&gw.object.source),
    );
    Ok(())
}

fn build_one<'a>(builder: &mut Builder<'a>, gw: &Gw<'a>, class: &'a Object<GatewayClass>) -> Result<(), InputError> {
    let settings = builder.settings;
    builder.desired.keeps_backend = true;
    let config = config::resolve(gw, class)?;
    let spec = &config.spec;
    let scheme = match spec.scheme.as_deref() {
        None => settings.default_scheme,
        Some("internal") => Scheme::Internal,
        Some("internet-facing") => Scheme::InternetFacing,
        Some(other) => return Err(gw.error(format!("unknown scheme: {other}"))),
    };
    let dualstack = match spec.ip_address_type.as_deref() {
        None | Some("ipv4") => false,
        Some("dualstack" | "dualstack-without-public-ipv4") => true,
        Some(other) => return Err(gw.error(format!("unknown IPAddressType: {other}"))),
    };
    validate_subnets(gw, spec, scheme)?;
    let user_tags = spec.tags.clone().unwrap_or_default();
    if let Some(key) = user_tags.keys().find(|key| settings.external_managed_tags.contains(key)) {
        return Err(gw.error(format!("external managed tag key {key} cannot be specified")));
    }
    let listeners = listeners::valid_listeners(builder, gw);
    let custom = spec.security_groups.clone().unwrap_or_default();
    let sg_less = gw.lb_type == LbType::Nlb && spec.disable_security_group == Some(true);
    let attachment = if sg_less {
        coordination::Attachment { load_balancer_groups: Vec::new(), target_source: None }
    } else if !custom.is_empty() {
        let what = format!("Gateway {}", gw.key);
        let resolved = resolve_custom_groups(builder, &custom, &gw.object.source, &what)?;
        let manage = spec.manage_backend_security_group_rules == Some(true);
        let field = "its LoadBalancerConfiguration's manageBackendSecurityGroupRules";
        coordination::custom(builder, resolved, manage, (&what, field), &gw.object.source).map_err(|()| {
            gw.error("backendSG feature is required to manage worker node SG rules when frontendSG manually specified")
        })?
    } else {
        let uid = gw.object.value.metadata.uid.clone().unwrap_or_default();
        if uid.is_empty() {
            builder.warn(
                "gateway-uid-missing",
                format!("Gateway {} has no metadata.uid; the managed SG name hashes the uid the API server will assign, so its name will differ (matching existing groups is by tags, so this plan is unaffected)", gw.key),
                Some(&gw.object.source),
            );
        }
        let prefix_lists = spec.security_group_prefixes.as_ref().filter(|lists| !lists.is_empty());
        if let (Some(lists), None) = (prefix_lists, &spec.source_ranges) {
            // `lbc-migrate` writes an Ingress's prefix lists this way, and on an Ingress they
            // replace the world; on a Gateway they do not (`pkg/ingress2gateway/translate`).
            builder.warn(
                "gateway-prefix-lists-open-to-world",
                format!(
                    "Gateway {} restricts its listeners to prefix lists ({}) but sets no sourceRanges: for a Gateway the controller still opens every listener to 0.0.0.0/0{}; an Ingress with the same prefix lists was not open to the world",
                    gw.key,
                    lists.join(", "),
                    if dualstack { " and ::/0" } else { "" }
                ),
                Some(&gw.object.source),
            );
        }
        let name = naming::nlb_sg_name(&settings.cluster_name, gw.namespace, gw.name, &uid);
        let sources = source_ranges(builder, gw, spec.source_ranges.as_deref())?;
        let rules = managed_sg::managed_rules(gw, spec, &sources, &listeners, dualstack);
        let (rules, provenance) = super::with_provenance(rules);
        let (stack_key, resource_key) = gw.lb_type.tag_keys();
        builder.desired.security_groups.push(DesiredGroup {
            address: gateway_address(&gw.key),
            role: GroupRole::Frontend { stack_key, resource_key, stack: gw.key.clone() },
            name: name.clone(),
            description: "[k8s] Managed SecurityGroup for LoadBalancer".into(),
            tags: managed_group_tags(settings, stack_key, resource_key, &gw.key, &user_tags),
            ingress: rules,
            source: Some(gw.object.source.clone()),
            provenance,
        });
        coordination::managed(builder, name)
    };
    builder.desired.load_balancers.push(LoadBalancer {
        kind: match gw.lb_type {
            LbType::Alb => LbKind::Alb,
            LbType::Nlb => LbKind::Nlb,
        },
        object_kind: ObjectKind::Gateway,
        stack: gw.key.clone(),
        scheme,
        security_groups: attachment.load_balancer_groups,
        source: gw.object.source.clone(),
    });
    let routed = routes::backends(gw, spec, &listeners)?;
    for (warning, source) in routed.dropped {
        builder.warn(
            "gateway-backend-dropped",
            format!("{warning}; the controller loads none of its backends"),
            Some(source),
        );
    }
    let frontend = targets::Frontend { peer: attachment.target_source.as_ref(), sg_less, scheme, dualstack };
    for backend in &routed.backends {
        targets::target_rules(builder, gw, &config, backend, &frontend)?;
    }
    Ok(())
}

/// `sourceRanges` if present (even empty), else the world, as canonical CIDRs. The controller
/// does not check them; EC2 refuses a bad one when the rule is added, so sgctl refuses it now.
fn source_ranges(builder: &mut Builder<'_>, gw: &Gw<'_>, given: Option<&[String]>) -> Result<Vec<String>, InputError> {
    let Some(given) = given else { return Ok(vec!["0.0.0.0/0".into(), "::/0".into()]) };
    let mut canonical = Vec::with_capacity(given.len());
    for raw in given {
        let cidr = Cidr::parse(raw).map_err(|message| {
            gw.error(format!("invalid sourceRanges entry {raw:?} in its LoadBalancerConfiguration: {message}"))
                .hint("EC2 refuses the rule, so the controller's reconcile would fail")
        })?;
        canonical.push(builder.canonical_cidr(&cidr, raw, &gw.object.source));
    }
    Ok(canonical)
}

/// `model_build_subnet.go: validateSubnetsInput`: what `loadBalancerSubnets` may set, for which
/// load balancer, all or none of each.
fn validate_subnets(gw: &Gw<'_>, spec: &LoadBalancerConfigurationSpec, scheme: Scheme) -> Result<(), InputError> {
    let Some(subnets) = spec.load_balancer_subnets.as_ref().filter(|subnets| !subnets.is_empty()) else {
        return Ok(());
    };
    let nlb = gw.lb_type == LbType::Nlb;
    let first = &subnets[0];
    let fail = |message: &str| Err(gw.error(message));
    if first.eip_allocation.is_some() {
        if !nlb {
            return fail("EIP Allocation is only allowed for Network LoadBalancers");
        }
        if scheme != Scheme::InternetFacing {
            return fail("EIPAllocation can only be set for internet facing load balancers");
        }
    }
    if first.ipv6_allocation.is_some() {
        if !nlb {
            return fail("IPv6Allocation is only supported for Network LoadBalancers");
        }
        if spec.ip_address_type.as_deref() != Some("dualstack") {
            return fail("IPv6Allocation can only be set for dualstack load balancers");
        }
    }
    if first.private_ipv4_allocation.is_some() {
        if !nlb {
            return fail("PrivateIPv4Allocation is only supported for Network LoadBalancers");
        }
        if scheme != Scheme::Internal {
            return fail("PrivateIPv4Allocation can only be set for internal load balancers");
        }
    }
    if first.source_nat_ipv6_prefix.is_some() && !nlb {
        return fail("SourceNatIPv6Prefix is only supported for Network LoadBalancers");
    }
    let named = |s: &SubnetConfiguration| s.identifier.as_deref().is_some_and(|id| !id.is_empty());
    for subnet in subnets {
        let checks = [
            (named(subnet) != named(first), "Either specify all subnet identifiers or none."),
            (
                subnet.eip_allocation.is_some() != first.eip_allocation.is_some(),
                "Either specify all eip allocations or none.",
            ),
            (
                subnet.ipv6_allocation.is_some() != first.ipv6_allocation.is_some(),
                "Either specify all ipv6 allocations or none.",
            ),
            (
                subnet.private_ipv4_allocation.is_some() != first.private_ipv4_allocation.is_some(),
                "Either specify all private ipv4 allocations or none.",
            ),
            (
                subnet.source_nat_ipv6_prefix.is_some() != first.source_nat_ipv6_prefix.is_some(),
                "Either specify all source nat prefixes or none.",
            ),
        ];
        if let Some((_, message)) = checks.iter().find(|(differs, _)| *differs) {
            return fail(message);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::sg::naming;

    /// The spec's example (`model_build_security_group.go: buildManagedSecurityGroupName`):
    /// Gateway name, then namespace, then uid, hashed as for an NLB Service.
    #[test]
    fn the_managed_sg_name_hashes_name_namespace_and_uid() {
        let name = naming::nlb_sg_name("my-cluster", "my-namespace", "my-gw", "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b");
        assert_eq!(name, "k8s-mynamesp-mygw-e29098dd1b");
    }
}
