//! The NLB's scheme (the `scheme` annotation, else the legacy `internal` one, else the
//! default) and its source ranges (`spec.loadBalancerSourceRanges`, else the annotation),
//! canonical, with the controller's errors.
//!
//! Mirrors `pkg/service/model_build_load_balancer.go` (`buildLoadBalancerScheme`) and
//! `model_build_managed_sg.go` (`buildCIDRsFromSourceRanges`).

use super::Nlb;
use crate::manifest::InputError;
use crate::model::Builder;
use crate::settings::Scheme;
use crate::sg::Cidr;

pub(super) fn scheme(nlb: &Nlb<'_>, default: Scheme) -> Result<Scheme, InputError> {
    let annotations = nlb.annotations();
    if let Some(raw) = annotations.string("aws-load-balancer-scheme") {
        return Scheme::parse(&raw)
            .ok_or_else(|| nlb.annotation_error("aws-load-balancer-scheme", format!("unknown scheme: {raw}")));
    }
    match annotations
        .bool("aws-load-balancer-internal")
        .map_err(|m| nlb.annotation_error("aws-load-balancer-internal", m))?
    {
        Some(true) => Ok(Scheme::Internal),
        Some(false) => Ok(Scheme::InternetFacing),
        None => Ok(default),
    }
}

/// Source ranges: `spec.loadBalancerSourceRanges`, else the annotation; canonical CIDRs.
/// An empty result means "use the default".
pub(super) fn source_ranges(
    builder: &mut Builder<'_>,
    nlb: &Nlb<'_>,
    dualstack: bool,
    sg_mode: bool,
) -> Result<Vec<String>, InputError> {
    let from_spec =
        nlb.service.value.spec.as_ref().and_then(|s| s.load_balancer_source_ranges.clone()).unwrap_or_default();
    let (raw, suffix) = if from_spec.is_empty() {
        (
            nlb.annotations().string_list("load-balancer-source-ranges").unwrap_or_default(),
            Some("load-balancer-source-ranges"),
        )
    } else {
        (from_spec, None)
    };
    let mut result = Vec::new();
    for text in raw {
        if text.contains(':') && !dualstack && sg_mode {
            return Err(nlb.error(format!("unsupported v6 cidr {text} when lb is not dualstack")));
        }
        let cidr = Cidr::parse(&text).map_err(|message| {
            let error = nlb
                .error(format!("invalid source range: {message}"))
                .hint("each source range must be a CIDR such as 203.0.113.0/24");
            match suffix {
                Some(suffix) => error.annotation(nlb.annotations().key(suffix)),
                None => error.annotation("spec.loadBalancerSourceRanges"),
            }
        })?;
        result.push(builder.canonical_cidr(&cidr, &text, &nlb.service.source));
    }
    Ok(result)
}
