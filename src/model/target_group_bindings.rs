//! TargetGroupBindings written by hand (or by a generator sgctl does not model): their
//! `spec.networking` joins the cluster-wide aggregation of target rules exactly as the
//! controller's networking manager expands it. Bindings carrying an Ingress, Service or Gateway stack
//! label are the controller's own output, replaced by what the model computes from the
//! Ingresses and Services (unless their generator does not run). Admission refusals and
//! reconcile errors are the controller's texts; a binding whose Service is not in the input
//! has rules files cannot tell, listed as unknown so that nothing they need is revoked.
//!
//! Mirrors `pkg/networking/networking_manager.go` (`computeIngressPermissionsForTGBNetworking`,
//! `computePermissionsForPeerPort`, `computeNumericalPorts`),
//! `webhooks/elbv2/targetgroupbinding_validator.go` and `targetgroupbinding_mutator.go`
//! (admission), and `pkg/backend/endpoint_resolver.go` (the Service and its port).

use super::ingress_class::selector_matches;
use super::ports::resolve_named_port;
use super::target_rules::{LabelSet, PodSelection, TargetPort, TargetRule, Targets as RuleTargets};
use super::Builder;
use crate::manifest::objects::{TgbPeer, TgbPort};
use crate::manifest::{namespace_of, namespaced_name, InputError, Object, TargetGroupBinding};
use crate::sg::{tags, Cidr, GroupRef, Peer, Protocol, Provenance};
use k8s_openapi::api::core::v1::Service;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Stack labels of the bindings the Ingress and Service model builders generate
/// (`pkg/deploy/tracking/provider.go: StackLabels`).
const INGRESS_LABELS: [&str; 3] =
    ["ingress.k8s.aws/stack", "ingress.k8s.aws/stack-namespace", "ingress.k8s.aws/stack-name"];
const SERVICE_LABELS: [&str; 2] = ["service.k8s.aws/stack-namespace", "service.k8s.aws/stack-name"];
/// Those of the Gateway model builders (the Gateway is the stack: `namespace/name`).
const ALB_GATEWAY_LABELS: [&str; 2] = ["gateway.k8s.aws.alb/stack-namespace", "gateway.k8s.aws.alb/stack-name"];
const NLB_GATEWAY_LABELS: [&str; 2] = ["gateway.k8s.aws.nlb/stack-namespace", "gateway.k8s.aws.nlb/stack-name"];

/// Adds the target rules of every binding the model does not generate itself.
pub(super) fn add_rules(builder: &mut Builder<'_>) -> Result<(), InputError> {
    let manifests = builder.manifests;
    refuse_shared_target_groups(&manifests.target_group_bindings)?;
    for binding in &manifests.target_group_bindings {
        let metadata = &binding.value.metadata;
        if metadata.deletion_timestamp.is_some() || !builder.settings.watches(namespace_of(metadata)) {
            continue;
        }
        let labels = metadata.labels.as_ref();
        let has = |keys: &[&str]| keys.iter().any(|key| labels.is_some_and(|labels| labels.contains_key(*key)));
        // A generated binding is the model's, while its controller is on; with it off, the
        // binding stays and is reconciled as it is, like a hand-written one.
        let gates = &builder.settings.feature_gates;
        let generated = has(&INGRESS_LABELS)
            || (has(&SERVICE_LABELS) && gates.enable_service_controller)
            || (has(&ALB_GATEWAY_LABELS) && gates.alb_gateway_api)
            || (has(&NLB_GATEWAY_LABELS) && gates.nlb_gateway_api);
        if generated {
            continue;
        }
        Binding { object: binding, key: namespaced_name(metadata) }.add_rules(builder)?;
    }
    Ok(())
}

/// `checkExistingTargetGroups`: one target group bound twice, unless every binding of it is
/// multi-cluster.
fn refuse_shared_target_groups(bindings: &[Object<TargetGroupBinding>]) -> Result<(), InputError> {
    let mut by_arn: BTreeMap<&str, Vec<&Object<TargetGroupBinding>>> = BTreeMap::new();
    for binding in bindings {
        if let Some(arn) = binding.value.spec.target_group_arn.as_deref().filter(|arn| !arn.is_empty()) {
            by_arn.entry(arn).or_default().push(binding);
        }
    }
    for (arn, bound) in by_arn {
        let multi_cluster = bound.iter().all(|b| b.value.spec.multi_cluster_target_group == Some(true));
        if bound.len() > 1 && !multi_cluster {
            let others: Vec<String> =
                bound[..bound.len() - 1].iter().map(|b| namespaced_name(&b.value.metadata)).collect();
            let last = bound[bound.len() - 1];
            return Err(InputError::new(format!(
                "TargetGroup {arn} is already bound to following TargetGroupBindings [{}]. Please enable MultiCluster mode on all TargetGroupBindings referencing {arn} or choose a different Target Group ARN.",
                others.join(" ")
            ))
            .at(&last.source)
            .object(format!("TargetGroupBinding {}", namespaced_name(&last.value.metadata))));
        }
    }
    Ok(())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Targets {
    Instance,
    Ip,
    /// No `targetType`: the controller's webhook fills it in from the target group, which
    /// files do not show.
    Unknown,
}

struct Binding<'a> {
    object: &'a Object<TargetGroupBinding>,
    key: String,
}

impl Binding<'_> {
    fn error(&self, message: impl Into<String>) -> InputError {
        InputError::new(message).at(&self.object.source).object(format!("TargetGroupBinding {}", self.key))
    }

    fn why(&self, reason: String) -> Provenance {
        Provenance {
            source: self.object.source.to_string(),
            object: format!("TargetGroupBinding {}", self.key),
            reason,
        }
    }

    /// Admission (the webhooks), then the reconcile's checks, then the permissions.
    fn add_rules(&self, builder: &mut Builder<'_>) -> Result<(), InputError> {
        let spec = &self.object.value.spec;
        let named = |value: &Option<String>| value.as_deref().is_some_and(|v| !v.is_empty());
        if !named(&spec.target_group_arn) && !named(&spec.target_group_name) {
            return Err(self.error("must provide either TargetGroupARN or TargetGroupName"));
        }
        let targets = match spec.target_type.as_deref() {
            Some("instance") => Targets::Instance,
            Some("ip") => Targets::Ip,
            _ => Targets::Unknown,
        };
        if targets == Targets::Ip && spec.node_selector.is_some() {
            return Err(self.error("TargetGroupBinding cannot set NodeSelector when TargetType is ip"));
        }
        if targets == Targets::Instance && spec.iam_role_arn_to_assume.as_deref().is_some_and(|r| !r.is_empty()) {
            return Err(self.error("Unable to use instance target type while using assume role"));
        }
        if let Some(selector) = &spec.node_selector {
            if let Some(bad) = selector
                .match_expressions
                .iter()
                .flatten()
                .find(|e| !matches!(e.operator.as_str(), "In" | "NotIn" | "Exists" | "DoesNotExist"))
            {
                return Err(self.error(format!("{:?} is not a valid label selector operator", bad.operator)));
            }
        }
        // No networking: the binding contributes nothing (`fetchTGBsWithNetworking`).
        let Some(networking) = &spec.networking else { return Ok(()) };
        let namespace = namespace_of(&self.object.value.metadata);
        let service_ref = spec.service_ref.as_ref().expect("admitted bindings have a serviceRef");
        let service = builder.index.services.get(&(namespace, service_ref.name.as_str())).copied();
        let port_exists = |service: &Service| {
            let ports = service.spec.as_ref().and_then(|s| s.ports.as_deref()).unwrap_or_default();
            ports.iter().any(|port| match &service_ref.port {
                Some(IntOrString::Int(number)) => port.port == *number,
                Some(IntOrString::String(name)) => port.name.as_deref() == Some(name.as_str()),
                None => false,
            })
        };
        let missing = match service {
            None => Some(format!("its Service {namespace}/{} is not in the input", service_ref.name)),
            Some(service) if !port_exists(&service.value) => Some(format!(
                "its Service {namespace}/{} has no port {}",
                service_ref.name,
                port_text(service_ref.port.as_ref())
            )),
            Some(_) => None,
        };
        if let (Some(service), Targets::Instance) = (service, targets) {
            let service_type = service.value.spec.as_ref().and_then(|s| s.type_.as_deref()).unwrap_or("ClusterIP");
            if missing.is_none() && !matches!(service_type, "NodePort" | "LoadBalancer") {
                return Err(self.error(format!(
                    "service type must be either 'NodePort' or 'LoadBalancer': {namespace}/{}",
                    service_ref.name
                )));
            }
        }
        // Instance targets: the default node selector AND the binding's `nodeSelector`
        // (`GetTrafficProxyNodeSelector`); an unknown targetType is taken the same way.
        let selection = Arc::new(match targets {
            Targets::Ip => RuleTargets::Pods(service.and_then(|s| PodSelection::of_service(&s.value))),
            Targets::Instance | Targets::Unknown => RuleTargets::Nodes(
                spec.node_selector.as_ref().map(LabelSet::from_label_selector).filter(|s| !s.is_empty()),
            ),
        });
        for (rule_index, rule) in networking.ingress.iter().enumerate() {
            let peers = rule.from.as_deref().unwrap_or_default();
            let ports = rule.ports.as_deref().unwrap_or_default();
            for peer in peers {
                let peer = self.peer(builder, peer)?;
                for port in ports {
                    let protocol = match port.protocol.as_deref() {
                        Some("UDP") => Protocol::Udp,
                        _ => Protocol::Tcp,
                    };
                    let reason =
                        format!("networking.ingress[{rule_index}]: {protocol} port {}", port_text(port.port.as_ref()));
                    let resolved = match &missing {
                        // The controller finds no endpoints and cleans the binding up; the
                        // Service may exist in the cluster, so its rules are unknown here.
                        Some(why) => vec![TargetPort::Unknown {
                            code: "tgb-service-missing",
                            reason: format!(
                                "TargetGroupBinding {} admits {protocol} from {} but {why}: the controller adds its rules only while the Service and port exist; add the Service to the input (kubectl get svc -n {namespace} {} -o yaml)",
                                self.key,
                                peer,
                                service_ref.name
                            ),
                        }],
                        None => self.ports(builder, service.map(|s| &s.value), targets, port)?,
                    };
                    for port in resolved {
                        builder.target_rules.push(TargetRule {
                            protocol: protocol.clone(),
                            port,
                            peer: peer.clone(),
                            targets: selection.clone(),
                            source: self.object.source.clone(),
                            why: self.why(reason.clone()),
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// `computePermissionsForPeerPort`: the security group wins over the CIDR.
    fn peer(&self, builder: &mut Builder<'_>, peer: &TgbPeer) -> Result<Peer, InputError> {
        if let Some(group) = &peer.security_group {
            return Ok(Peer::Group(self.group(builder, &group.group_id)));
        }
        let Some(block) = &peer.ip_block else {
            return Err(self.error("either ipBlock or securityGroup should be specified"));
        };
        let cidr = Cidr::parse(&block.cidr).map_err(|message| self.error(message))?;
        let text = builder.canonical_cidr(&cidr, &block.cidr, &self.object.source);
        Ok(if block.cidr.contains(':') { Peer::CidrV6(text) } else { Peer::CidrV4(text) })
    }

    /// A source group by id; the cluster's backend SG, when the model uses it, as the model
    /// knows it, so that its rules merge with the Ingress and Service rules from it into one
    /// range per (protocol, source), as the controller merges them by group id.
    /// While a binding admits traffic from the backend SG, the SG is kept: its rules on the
    /// node SGs reference it, and EC2 refuses to delete a group other groups' rules name.
    fn group(&self, builder: &mut Builder<'_>, id: &str) -> GroupRef {
        let settings = builder.settings;
        let is_backend = settings.backend_security_group.as_deref() == Some(id)
            || builder.account.security_group(id).is_some_and(|group| {
                group.tags.get(tags::CLUSTER).map(String::as_str) == Some(settings.cluster_name.as_str())
                    && group.tags.get(tags::ELBV2_RESOURCE).map(String::as_str) == Some(tags::BACKEND_SG)
            });
        if is_backend {
            builder.desired.keeps_backend = true;
        }
        if is_backend && builder.backend_needed {
            builder.backend.clone()
        } else {
            GroupRef::by_id(id)
        }
    }

    /// `computeNumericalPorts`: a number verbatim, every port when omitted, a name resolved
    /// on the endpoint pods (ip targets only).
    fn ports(
        &self,
        builder: &Builder<'_>,
        service: Option<&Service>,
        targets: Targets,
        port: &TgbPort,
    ) -> Result<Vec<TargetPort>, InputError> {
        let name = match &port.port {
            None => return Ok(vec![TargetPort::All]),
            Some(IntOrString::Int(number)) => return Ok(vec![TargetPort::Number(*number)]),
            Some(IntOrString::String(name)) => name,
        };
        match targets {
            Targets::Instance => Err(self.error("named ports can only be used with pod endpoints")),
            Targets::Unknown => Ok(vec![TargetPort::unknown(format!(
                "TargetGroupBinding {} names port {name:?} and sets no targetType: the controller's webhook takes it from the target group, which files do not show (named ports work only for ip targets); set spec.targetType",
                self.key
            ))]),
            Targets::Ip => {
                let service = service.expect("a binding with a known Service");
                let resolved = resolve_named_port(builder.index, service, name);
                if resolved.is_empty() {
                    return Ok(vec![TargetPort::unknown(format!(
                        "port {name:?} of TargetGroupBinding {} names a container port, and no workload in the input that its Service selects has a port of that name; add the Deployment (or other workload) to the input",
                        self.key
                    ))]);
                }
                self.every_pod_has(builder, service, name)?;
                Ok(resolved.into_iter().map(TargetPort::Number).collect())
            }
        }
    }

    /// `LookupContainerPort`: every endpoint pod must define the named port.
    fn every_pod_has(&self, builder: &Builder<'_>, service: &Service, name: &str) -> Result<(), InputError> {
        let Some(selector) = service.spec.as_ref().and_then(|s| s.selector.as_ref()).filter(|s| !s.is_empty()) else {
            return Ok(());
        };
        let selector = k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector {
            match_labels: Some(selector.clone()),
            match_expressions: None,
        };
        let namespace = namespace_of(&service.metadata);
        let templates = builder.index.pod_templates.get(namespace).map(Vec::as_slice).unwrap_or_default();
        for template in templates.iter().filter(|t| selector_matches(&selector, &t.labels)) {
            if !template.named_ports.iter().any(|port| port.name == name) {
                return Err(self
                    .error(format!("unable to find port {name} on pod {namespace}/<a pod of {}>", template.owner))
                    .hint("every pod the Service selects must define the named container port"));
            }
        }
        Ok(())
    }
}

fn port_text(port: Option<&IntOrString>) -> String {
    match port {
        None => "(all)".into(),
        Some(IntOrString::Int(number)) => number.to_string(),
        Some(IntOrString::String(name)) => name.clone(),
    }
}
