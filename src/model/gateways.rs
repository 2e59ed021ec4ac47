//! Gateways, which sgctl does not model yet (the controller's Gateway API controllers,
//! `pkg/gateway/`): where the input or the account shows some, the backend SG they may use is
//! kept, as the controller keeps it for them (`backend_sg_provider.go: checkGatewayListForUnmapped`),
//! and the rules it is the source of on target SGs are not revoked: sgctl cannot tell which
//! of them a Gateway's target groups need. Additions are still planned. A warning names what
//! was found.

use super::Builder;
use crate::sg::tags;

/// Notes the Gateways of the input and of the account, if any.
pub fn keep_what_gateways_may_use(builder: &mut Builder<'_>) {
    let cluster = builder.settings.cluster_name.as_str();
    let mut found: Vec<String> =
        builder.manifests.gateway_api.iter().map(|(object, source)| format!("{object} ({source})")).collect();
    for group in &builder.account.security_groups {
        if group.tags.get(tags::CLUSTER).map(String::as_str) != Some(cluster) {
            continue;
        }
        for key in tags::GATEWAY_STACKS {
            if let Some(stack) = group.tags.get(key) {
                found.push(format!("security group {} ({key} {stack})", group.id));
            }
        }
    }
    if found.is_empty() {
        return;
    }
    builder.desired.keeps_backend = true;
    builder.desired.keeps_backend_sourced_rules = true;
    let more = found.len().saturating_sub(5);
    found.truncate(5);
    let listed = if more > 0 { format!("{}, and {more} more", found.join(", ")) } else { found.join(", ") };
    builder.warn(
        "gateway-not-modelled",
        format!("Gateways use this cluster's security groups ({listed}), and sgctl does not model the Gateway API yet: the backend SG is kept and no node rule sourced from it is revoked (additions are still planned)"),
        None,
    );
}
