//! ALB IngressGroups: membership and order, the managed frontend SG (name, tags, rules
//! from listen ports and inbound CIDRs / prefix lists merged across members), the LB's SG
//! list, and the TargetGroupBinding rules for each backend Service.
//!
//! Mirrors `pkg/ingress/group_loader.go`, `model_build_listener.go`, `model_builder.go:
//! mergeListenPortConfigs`, `model_build_managed_sg.go`, `model_build_load_balancer.go`,
//! `model_build_tags.go`, `model_build_target_group.go`.

use super::coordination;
use super::custom_groups::resolve_custom_groups;
use super::ingress_class::{classify, Classification};
use super::ports::{find_service_port, node_port, target_ports, ServiceBackendPortRef};
use super::target_rules::{from_security_group, Origin, TargetPort, TgProtocol};
use super::{go_list, managed_group_tags, Builder, DesiredGroup, GroupRole, LbKind, LoadBalancer};
use crate::manifest::annotations::{Annotations, INGRESS_PREFIX};
use crate::manifest::objects::IngressClassParams;
use crate::manifest::{name_of, namespace_of, InputError, Object};
use crate::settings::{Scheme, TargetType};
use crate::sg::{naming, tags, Cidr, Peer, Protocol, Provenance, Rule, Tags};
use k8s_openapi::api::core::v1::{Service, ServicePort};
use k8s_openapi::api::networking::v1::{Ingress, IngressBackend};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::collections::{BTreeMap, BTreeSet};

const MAX_GROUP_NAME: usize = 63;

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

/// Per-port settings of one Ingress (`listenPortConfig`).
#[derive(Clone, Debug, Default)]
struct PortConfig {
    protocol: String,
    cidr_v4: Vec<String>,
    cidr_v6: Vec<String>,
    prefix_lists: Vec<String>,
    /// Who listens on the port (merged: every member that does).
    listeners: Vec<Provenance>,
    /// Where the port's sources come from.
    sources_from: String,
}

pub fn build_all(builder: &mut Builder<'_>) -> Result<(), InputError> {
    build_all_splitting_from(builder, crate::parallel::WORTH_SPLITTING)
}

/// `build_all`, in two halves from `split_from` groups on.
fn build_all_splitting_from(builder: &mut Builder<'_>, split_from: usize) -> Result<(), InputError> {
    let manifests = builder.manifests;
    let mut groups: BTreeMap<String, (bool, Vec<Member<'_>>)> = BTreeMap::new();
    for ingress in &manifests.ingresses {
        if ingress.value.metadata.deletion_timestamp.is_some() {
            continue;
        }
        let params = match classify(ingress, manifests, &builder.settings.ingress_class)? {
            Classification::Managed { params, assumed_class } => {
                if assumed_class {
                    let class = &builder.settings.ingress_class;
                    builder.warn(
                        "ingress-class-assumed",
                        format!("IngressClass {class} is not in the input; assuming the one the controller's Helm chart creates (controller ingress.k8s.aws/alb, no parameters). Add it to the input (kubectl get ingressclass {class} -o yaml) to plan from what the cluster really has"),
                        None,
                    );
                }
                params
            }
            Classification::NotOurs => continue,
        };
        let key = format!("{}/{}", namespace_of(&ingress.value.metadata), name_of(&ingress.value.metadata));
        let mut member = Member { ingress, params, key, order: 0 };
        let (explicit, stack) = group_id(&member)?;
        member.order = group_order(&member)?;
        groups.entry(stack).or_insert_with(|| (explicit, Vec::new())).1.push(member);
    }
    // Each group only adds groups, load balancers, target rules and warnings, so a big
    // cluster's groups are built in two halves on two cores (ALBs are most of the model's
    // work) and the later half absorbed after the first: the same desired state, and the
    // same first error, as one by one.
    let mut first: Vec<(String, (bool, Vec<Member<'_>>))> = groups.into_iter().collect();
    if first.len() < split_from {
        return build_groups(builder, first);
    }
    let second = first.split_off(first.len() / 2);
    let mut later = builder.fresh();
    let (first_built, second_built) = std::thread::scope(|scope| {
        let second_built = scope.spawn(|| build_groups(&mut later, second));
        let first_built = build_groups(builder, first);
        (first_built, second_built.join().expect("the ALB model does not panic"))
    });
    first_built?;
    second_built?;
    builder.absorb(later);
    Ok(())
}

/// Builds the groups in the order given, each from its members in the controller's order.
fn build_groups(builder: &mut Builder<'_>, groups: Vec<(String, (bool, Vec<Member<'_>>))>) -> Result<(), InputError> {
    for (stack, (explicit, mut members)) in groups {
        members.sort_by(|a, b| (a.order, &a.key).cmp(&(b.order, &b.key)));
        build_group(builder, &stack, explicit, &members)?;
    }
    Ok(())
}

/// The group ID: IngressClassParams `group.name`, then the `group.name` annotation, then
/// the implicit group of the Ingress itself. Returns (explicit, stack string).
fn group_id(member: &Member<'_>) -> Result<(bool, String), InputError> {
    let explicit = match member.params.and_then(|p| p.spec.group.as_ref()) {
        Some(group) => Some(group.name.clone()),
        None => member.annotations().string("group.name"),
    };
    match explicit {
        Some(name) => {
            validate_group_name(&name).map_err(|message| {
                member
                    .error(format!("invalid ingress group: {message}"))
                    .annotation(member.annotations().key("group.name"))
            })?;
            Ok((true, name))
        }
        None => Ok((false, member.key.clone())),
    }
}

fn validate_group_name(name: &str) -> Result<(), String> {
    let bytes = name.as_bytes();
    let allowed = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-' || *b == b'.';
    let alnum = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let valid = !bytes.is_empty() && bytes.iter().all(allowed) && alnum(&bytes[0]) && alnum(&bytes[bytes.len() - 1]);
    if !valid {
        return Err("groupName must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character".into());
    }
    if name.len() > MAX_GROUP_NAME {
        return Err(format!("groupName must be no more than {MAX_GROUP_NAME} characters"));
    }
    Ok(())
}

fn group_order(member: &Member<'_>) -> Result<i64, InputError> {
    let order = member.annotations().int64("group.order").map_err(|message| {
        member.error(format!("failed to load Ingress group order for ingress: {}: {message}", member.key))
    })?;
    match order {
        Some(order) if !(-1000..=1000).contains(&order) => Err(member.error(format!(
            "explicit Ingress group order must be within [-1000:1000], Ingress: {}, order: {order}",
            member.key
        ))),
        Some(order) => Ok(order),
        None => Ok(0),
    }
}

fn build_group(
    builder: &mut Builder<'_>,
    stack: &str,
    explicit: bool,
    members: &[Member<'_>],
) -> Result<(), InputError> {
    let settings = builder.settings;
    let first = &members[0];
    let address = super::frontend_address(stack);
    let custom = custom_group_tokens(members)?;
    let manage_backend = manage_backend_rules(members)?.unwrap_or(settings.enable_manage_backend_security_group_rules);
    let scheme = group_scheme(members, settings.default_scheme)?;
    let ip_address_type = group_ip_address_type(members)?;
    let dualstack = ip_address_type.starts_with("dualstack");
    let ports = merged_listen_ports(builder, members, settings.feature_gates.enable_certificate_management)?;
    let group_tags = group_tags(members, &settings.external_managed_tags)?;
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
            let (rules, provenance) = super::with_provenance(managed_rules(&ports, dualstack));
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
        stack: stack.to_string(),
        scheme,
        security_groups: attachment.load_balancer_groups,
        source: first.ingress.source.clone(),
    });
    for member in members {
        target_group_rules(builder, member, attachment.target_source.as_ref(), dualstack)?;
    }
    Ok(())
}

/// `buildFrontendSGNameOrIDsFromAnnotation`: members that set `security-groups` must agree.
fn custom_group_tokens(members: &[Member<'_>]) -> Result<Option<Vec<String>>, InputError> {
    let mut chosen: Option<(Vec<String>, &Member<'_>)> = None;
    for member in members {
        let Some(tokens) = member.annotations().string_list("security-groups") else { continue };
        match &chosen {
            None => chosen = Some((tokens, member)),
            Some((first, _)) if *first != tokens => {
                return Err(member
                    .error(format!("conflicting securityGroups: {} | {}", go_list(first), go_list(&tokens)))
                    .annotation(member.annotations().key("security-groups")))
            }
            Some(_) => {}
        }
    }
    Ok(chosen.map(|(tokens, _)| tokens))
}

/// `buildManageSecurityGroupRulesFlag`: members with the annotation must agree.
fn manage_backend_rules(members: &[Member<'_>]) -> Result<Option<bool>, InputError> {
    let mut chosen = None;
    for member in members {
        let key = member.annotations().key("manage-backend-security-group-rules");
        let value = member
            .annotations()
            .bool("manage-backend-security-group-rules")
            .map_err(|message| member.error(message).annotation(key.clone()))?;
        match (chosen, value) {
            (_, None) => {}
            (None, Some(value)) => chosen = Some(value),
            (Some(first), Some(value)) if first != value => {
                return Err(member.error("conflicting manage backend security group rules settings").annotation(key))
            }
            _ => {}
        }
    }
    Ok(chosen)
}

/// The values members set explicitly (IngressClassParams first, then the annotation);
/// members that set nothing neither contribute nor conflict.
fn explicit_values(
    members: &[Member<'_>],
    from_params: impl Fn(&IngressClassParams) -> Option<String>,
    suffix: &str,
) -> BTreeSet<String> {
    members
        .iter()
        .filter_map(|member| member.params.and_then(&from_params).or_else(|| member.annotations().string(suffix)))
        .collect()
}

/// `buildLoadBalancerScheme`: one explicit scheme across the group, else the default.
fn group_scheme(members: &[Member<'_>], default: Scheme) -> Result<Scheme, InputError> {
    let first = &members[0];
    let explicit = explicit_values(members, |p| p.spec.scheme.clone(), "scheme");
    match explicit.len() {
        0 => Ok(default),
        1 => {
            let raw = explicit.first().cloned().unwrap_or_default();
            Scheme::parse(&raw).ok_or_else(|| first.error(format!("unknown scheme: {raw}")))
        }
        _ => Err(first.error(format!("conflicting scheme: {}", go_set(&explicit)))),
    }
}

/// `buildLoadBalancerIPAddressType`: one explicit type across the group, else ipv4.
fn group_ip_address_type(members: &[Member<'_>]) -> Result<String, InputError> {
    let first = &members[0];
    let explicit = explicit_values(members, |p| p.spec.ip_address_type.clone(), "ip-address-type");
    match explicit.len() {
        0 => Ok("ipv4".into()),
        1 => {
            let raw = explicit.first().cloned().unwrap_or_default();
            match raw.as_str() {
                "ipv4" | "dualstack" | "dualstack-without-public-ipv4" => Ok(raw),
                _ => Err(first.error(format!("unknown IPAddressType: {raw}"))),
            }
        }
        _ => Err(first.error(format!("conflicting IPAddressType: {}", set_list(&explicit)))),
    }
}

/// Go's `%v` of a `sets.String` (a map to empty structs): `map[a:{} b:{}]`.
fn go_set(set: &BTreeSet<String>) -> String {
    let items: Vec<String> = set.iter().map(|item| format!("{item}:{{}}")).collect();
    format!("map[{}]", items.join(" "))
}

/// `computeIngressListenPorts`: the listen-ports annotation, or 80/HTTP, or 443/HTTPS when
/// the Ingress has explicit certificates.
fn listen_ports(member: &Member<'_>, certificate_management: bool) -> Result<BTreeMap<i64, String>, InputError> {
    let annotations = member.annotations();
    let key = annotations.key("listen-ports");
    let Some(raw) = annotations.raw("listen-ports") else {
        let class_certs = member.params.and_then(|p| p.spec.certificate_arn.as_ref()).is_some_and(|c| !c.is_empty());
        let annotation_certs = annotations.string_list("certificate-arn").is_some_and(|c| !c.is_empty());
        let acm = certificate_management && annotations.bool("create-acm-cert").ok().flatten() == Some(true);
        return Ok(if class_certs || annotation_certs || acm {
            BTreeMap::from([(443, "HTTPS".to_string())])
        } else {
            BTreeMap::from([(80, "HTTP".to_string())])
        });
    };
    let entries: Vec<BTreeMap<String, i64>> = serde_json::from_str(raw).map_err(|error| {
        member.error(format!("failed to parse listen-ports configuration: `{raw}`: {error}")).annotation(key.clone())
    })?;
    if entries.is_empty() {
        return Err(member.error(format!("empty listen-ports configuration: `{raw}`")).annotation(key));
    }
    let mut ports = BTreeMap::new();
    for entry in entries {
        for (protocol, port) in entry {
            if !(1..=65535).contains(&port) {
                return Err(member.error(format!("listen port must be within [1, 65535]: {port}")).annotation(key));
            }
            if protocol != "HTTP" && protocol != "HTTPS" {
                return Err(member
                    .error(format!("listen protocol must be within [HTTP, HTTPS]: {protocol}"))
                    .annotation(key));
            }
            ports.insert(port, protocol);
        }
    }
    Ok(ports)
}

/// Per-port configs of every member, merged as `mergeListenPortConfigs` does.
fn merged_listen_ports(
    builder: &mut Builder<'_>,
    members: &[Member<'_>],
    certificate_management: bool,
) -> Result<BTreeMap<i64, PortConfig>, InputError> {
    let mut per_port: BTreeMap<i64, Vec<(&Member<'_>, PortConfig)>> = BTreeMap::new();
    for member in members {
        let (v4, v6) = inbound_cidrs(builder, member)?;
        let prefix_lists = prefix_lists(member);
        let listen = if member.annotations().exists("listen-ports") { "listen-ports" } else { "default listen port" };
        for (port, protocol) in listen_ports(member, certificate_management)? {
            let listener = Provenance {
                source: member.ingress.source.to_string(),
                object: format!("Ingress {}", member.key),
                reason: format!("{listen} {port}"),
            };
            let config = PortConfig {
                protocol,
                cidr_v4: v4.clone(),
                cidr_v6: v6.clone(),
                prefix_lists: prefix_lists.clone(),
                listeners: vec![listener],
                sources_from: String::new(),
            };
            per_port.entry(port).or_default().push((member, config));
        }
    }
    let mut merged = BTreeMap::new();
    for (port, configs) in per_port {
        let (first_member, first) = &configs[0];
        let mut cidrs: Option<(&Member<'_>, BTreeSet<String>, BTreeSet<String>)> = None;
        let mut lists: Option<(&Member<'_>, BTreeSet<String>)> = None;
        for (member, config) in &configs {
            if config.protocol != first.protocol {
                return Err(member.error(format!(
                    "conflicting protocol, {}: {} | {}: {}",
                    first_member.key, first.protocol, member.key, config.protocol
                )));
            }
            if !config.cidr_v4.is_empty() || !config.cidr_v6.is_empty() {
                let v4: BTreeSet<String> = config.cidr_v4.iter().cloned().collect();
                let v6: BTreeSet<String> = config.cidr_v6.iter().cloned().collect();
                match &cidrs {
                    None => cidrs = Some((member, v4, v6)),
                    Some((provider, m4, m6)) if *m4 != v4 || *m6 != v6 => {
                        return Err(member.error(format!(
                            "conflicting inbound-cidrs, {}: {}, {} | {}: {}, {}",
                            provider.key,
                            set_list(m4),
                            set_list(m6),
                            member.key,
                            set_list(&v4),
                            set_list(&v6)
                        )))
                    }
                    Some(_) => {}
                }
            }
            if !config.prefix_lists.is_empty() {
                let set: BTreeSet<String> = config.prefix_lists.iter().cloned().collect();
                match &lists {
                    None => lists = Some((member, set)),
                    Some((provider, merged_set)) if *merged_set != set => {
                        return Err(member.error(format!(
                            "conflicting inbound-prefix-lists, {}: {} | {}: {}",
                            provider.key,
                            set_list(merged_set),
                            member.key,
                            set_list(&set)
                        )))
                    }
                    Some(_) => {}
                }
            }
        }
        let mut from = Vec::new();
        if let Some((provider, _, _)) = &cidrs {
            from.push(format!("inbound-cidrs of Ingress {}", provider.key));
        }
        if let Some((provider, _)) = &lists {
            from.push(format!("security-group-prefix-lists of Ingress {}", provider.key));
        }
        let (mut v4, mut v6) = cidrs.map(|(_, v4, v6)| (v4, v6)).unwrap_or_default();
        let prefix = lists.map(|(_, set)| set).unwrap_or_default();
        if v4.is_empty() && v6.is_empty() && prefix.is_empty() {
            v4.insert("0.0.0.0/0".into());
            v6.insert("::/0".into());
            from.push("the controller's default (no inbound-cidrs or prefix lists)".into());
        }
        let listeners: Vec<Provenance> = configs.iter().flat_map(|(_, config)| config.listeners.clone()).collect();
        merged.insert(
            port,
            PortConfig {
                protocol: first.protocol.clone(),
                cidr_v4: v4.into_iter().collect(),
                cidr_v6: v6.into_iter().collect(),
                prefix_lists: prefix.into_iter().collect(),
                listeners,
                sources_from: from.join(", "),
            },
        );
    }
    Ok(merged)
}

fn set_list(set: &BTreeSet<String>) -> String {
    go_list(&set.iter().cloned().collect::<Vec<_>>())
}

/// `computeIngressExplicitInboundCIDRs`: IngressClassParams `inboundCIDRs`, else the
/// annotation; every entry must parse. Returns canonical (v4, v6).
fn inbound_cidrs(builder: &mut Builder<'_>, member: &Member<'_>) -> Result<(Vec<String>, Vec<String>), InputError> {
    let from_params = member.params.and_then(|p| p.spec.inbound_cidrs.clone()).filter(|c| !c.is_empty());
    let raw = match from_params {
        Some(cidrs) => cidrs,
        None => member.annotations().string_list("inbound-cidrs").unwrap_or_default(),
    };
    let (mut v4, mut v6) = (Vec::new(), Vec::new());
    for text in raw {
        let cidr = Cidr::parse(&text).map_err(|message| {
            member
                .error(format!("invalid inbound-cidrs settings on Ingress: {}: {message}", member.key))
                .annotation(member.annotations().key("inbound-cidrs"))
                .hint("each entry must be an IPv4 or IPv6 CIDR such as 10.0.0.0/8")
        })?;
        let canonical = builder.canonical_cidr(&cidr, &text, &member.ingress.source);
        if text.contains(':') {
            v6.push(canonical);
        } else {
            v4.push(canonical);
        }
    }
    Ok((v4, v6))
}

/// `computeIngressExplicitPrefixListIDs`.
fn prefix_lists(member: &Member<'_>) -> Vec<String> {
    let spec = member.params.map(|p| &p.spec);
    let from_params = spec
        .and_then(|s| {
            s.prefix_lists_ids.clone().filter(|l| !l.is_empty()).or_else(|| s.prefix_lists_ids_legacy.clone())
        })
        .filter(|l| !l.is_empty());
    match from_params {
        Some(lists) => lists,
        None => member.annotations().string_list("security-group-prefix-lists").unwrap_or_default(),
    }
}

/// `buildManagedSecurityGroupIngressPermissions`: per port, one rule per v4 CIDR, per v6 CIDR
/// when dual-stack, per prefix list. Always TCP.
fn managed_rules(ports: &BTreeMap<i64, PortConfig>, dualstack: bool) -> Vec<(Rule, Provenance)> {
    let mut rules = Vec::new();
    for (port, config) in ports {
        let port = *port as i32;
        let mut peers: Vec<Peer> = config.cidr_v4.iter().map(|cidr| Peer::CidrV4(cidr.clone())).collect();
        if dualstack {
            peers.extend(config.cidr_v6.iter().map(|cidr| Peer::CidrV6(cidr.clone())));
        }
        peers.extend(config.prefix_lists.iter().map(|list| Peer::PrefixList(list.clone())));
        for peer in peers {
            for listener in &config.listeners {
                let why = Provenance {
                    reason: format!("{}; source {peer}: {}", listener.reason, config.sources_from),
                    ..listener.clone()
                };
                rules.push((Rule::new(Protocol::Tcp, port, port, peer.clone()), why));
            }
        }
    }
    rules
}

/// `buildIngressGroupResourceTags`: per member, IngressClassParams tags over annotation
/// tags; a key with two values across members is an error.
fn group_tags(members: &[Member<'_>], external_managed: &[String]) -> Result<Tags, InputError> {
    let mut annotation_tags = Tags::new();
    let mut class_tags = Tags::new();
    for member in members {
        let key = member.annotations().key("tags");
        let raw =
            member.annotations().string_map("tags").map_err(|message| member.error(message).annotation(key.clone()))?;
        for (tag_key, tag_value) in raw.unwrap_or_default() {
            if external_managed.contains(&tag_key) {
                return Err(member
                    .error(format!("external managed tag key {tag_key} cannot be specified on Ingress {}", member.key))
                    .annotation(key));
            }
            if let Some(existing) = annotation_tags.get(&tag_key).filter(|existing| **existing != tag_value) {
                return Err(member
                    .error(format!("conflicting tag {tag_key}: {existing} | {tag_value}"))
                    .annotation(key));
            }
            annotation_tags.insert(tag_key, tag_value);
        }
        for tag in member.params.and_then(|p| p.spec.tags.as_ref()).into_iter().flatten() {
            class_tags.insert(tag.key.clone(), tag.value.clone());
        }
    }
    Ok(super::merge_first_wins(&class_tags, &annotation_tags))
}

/// Every Service backend an Ingress references: the default backend and every path.
fn service_backends(ingress: &Ingress) -> Vec<(String, ServiceBackendPortRef)> {
    let Some(spec) = ingress.spec.as_ref() else { return Vec::new() };
    let paths = spec.rules.iter().flatten().filter_map(|rule| rule.http.as_ref()).flat_map(|http| http.paths.iter());
    let backends = spec.default_backend.iter().chain(paths.map(|path| &path.backend));
    let mut found = BTreeSet::new();
    for backend in backends {
        if let Some(reference) = service_reference(backend) {
            found.insert(reference);
        }
    }
    found.into_iter().collect()
}

fn service_reference(backend: &IngressBackend) -> Option<(String, ServiceBackendPortRef)> {
    let service = backend.service.as_ref()?;
    let port = service.port.as_ref()?;
    let reference = match (&port.name, port.number) {
        (Some(name), _) if !name.is_empty() => ServiceBackendPortRef::Name(name.clone()),
        (_, Some(number)) => ServiceBackendPortRef::Number(number),
        _ => return None,
    };
    Some((service.name.clone(), reference))
}

/// The TGB networking rules of every target group of one member (spec §4.1).
fn target_group_rules(
    builder: &mut Builder<'_>,
    member: &Member<'_>,
    peer: Option<&Peer>,
    dualstack: bool,
) -> Result<(), InputError> {
    let settings = builder.settings;
    let namespace = namespace_of(&member.ingress.value.metadata).to_string();
    for (service_name, port_ref) in service_backends(&member.ingress.value) {
        if port_ref == ServiceBackendPortRef::Name("use-annotation".into()) {
            builder.warn(
                "action-backend-not-modelled",
                format!("Ingress {} routes to action {service_name:?} (use-annotation); sgctl does not model the target groups of actions, so their node rules are not in this plan", member.key),
                Some(&member.ingress.source),
            );
            continue;
        }
        let service = find_service(builder, &namespace, &service_name).ok_or_else(|| {
            member
                .error(format!("services \"{service_name}\" not found"))
                .hint(format!("add Service {namespace}/{service_name} to the input: the controller needs it to build the target group"))
        })?;
        let service_key = format!("{namespace}/{service_name}");
        let service_port = find_service_port(&service.value, &port_ref)
            .ok_or_else(|| member.error(format!("unable to find port {port_ref} on service {service_key}")))?;
        let service_annotations = Annotations::new(service.value.metadata.annotations.as_ref(), INGRESS_PREFIX);
        // Target-group annotations: the Service's value wins over the Ingress's.
        let merged = |suffix: &str| service_annotations.string(suffix).or_else(|| member.annotations().string(suffix));
        let target_type_raw = member.params.and_then(|p| p.spec.target_type.clone()).or_else(|| merged("target-type"));
        let target_type = match target_type_raw.as_deref() {
            None => settings.default_target_type,
            Some(raw) => TargetType::parse(raw).ok_or_else(|| member.error(format!("unknown targetType: {raw}")))?,
        };
        if target_type == TargetType::Ip && !settings.feature_gates.enable_ip_target_type {
            return Err(member.error("unsupported targetType: ip when EnableIPTargetType is false"));
        }
        if super::ports::has_ipv6_family(&service.value) && !dualstack {
            return Err(member.error("unsupported IPv6 configuration, lb not dual-stack"));
        }
        let Some(peer) = peer else { continue };
        let service_type =
            service.value.spec.as_ref().and_then(|s| s.type_.clone()).unwrap_or_else(|| "ClusterIP".into());
        let traffic_ports = match target_type {
            TargetType::Instance => {
                if service_type != "NodePort" && service_type != "LoadBalancer" {
                    return Err(member.error(format!(
                        "service {service_key} must be of type NodePort or LoadBalancer for instance target (it is {service_type})"
                    ))
                    .hint("use alb.ingress.kubernetes.io/target-type: ip, or change the Service type"));
                }
                vec![node_port(&service_key, service_port)]
            }
            TargetType::Ip => target_ports(builder.index, &service.value, service_port),
        };
        let health_check = match merged("healthcheck-port").as_deref() {
            None | Some("traffic-port") => None,
            Some(raw) => Some(match raw.parse::<i32>() {
                Ok(number) => TargetPort::Number(number),
                Err(_) => {
                    let named = find_service_port(&service.value, &ServiceBackendPortRef::Name(raw.to_string()))
                        .ok_or_else(|| {
                            member.error(format!("failed to resolve healthCheckPort {raw} on service {service_key}"))
                        })?;
                    named_health_check_port(member, &service_key, named, target_type, raw)?
                }
            }),
        };
        // `target-control-port.<service>.<service port number>`, Service annotation first.
        let control_key = format!("target-control-port.{service_name}.{}", service_port.port);
        let mut extra = Vec::new();
        if let Some(raw) = merged(&control_key) {
            if target_type == TargetType::Instance {
                return Err(member
                    .error("target control port is not supported for instance target target group")
                    .annotation(member.annotations().key(&control_key)));
            }
            let number = raw.parse::<i32>().map_err(|_| {
                member
                    .error(format!("invalid target control port {raw}"))
                    .annotation(member.annotations().key(&control_key))
            })?;
            extra.push(TargetPort::Number(number));
        }
        let why = Provenance {
            source: member.ingress.source.to_string(),
            object: format!("Ingress {}", member.key),
            reason: format!(
                "target group of Service {service_key} port {port_ref} ({})",
                if target_type == TargetType::Ip { "ip targets: targetPort" } else { "instance targets: nodePort" }
            ),
        };
        for traffic in &traffic_ports {
            let rules = from_security_group(
                peer,
                TgProtocol::Tcp,
                traffic,
                health_check.as_ref(),
                &extra,
                !settings.disable_restricted_sg_rules,
                &Origin { source: member.ingress.source.clone(), why: why.clone() },
            );
            builder.target_rules.extend(rules);
        }
    }
    Ok(())
}

/// A health-check port named after a Service port: its nodePort for instance targets, its
/// numeric targetPort for ip targets (a targetPort that is itself a name is an error).
fn named_health_check_port(
    member: &Member<'_>,
    service_key: &str,
    port: &ServicePort,
    target_type: TargetType,
    raw: &str,
) -> Result<TargetPort, InputError> {
    match target_type {
        TargetType::Instance => Ok(node_port(service_key, port)),
        TargetType::Ip => match &port.target_port {
            None => Ok(TargetPort::Number(port.port)),
            Some(IntOrString::Int(number)) => Ok(TargetPort::Number(*number)),
            Some(IntOrString::String(text)) => text.parse::<i32>().map(TargetPort::Number).map_err(|_| {
                member.error(format!(
                    "cannot use named healthcheck-port {raw} with ip targets: the targetPort of Service {service_key} port {raw} is the name {text:?}"
                ))
            }),
        },
    }
}

fn find_service<'a>(builder: &Builder<'a>, namespace: &str, name: &str) -> Option<&'a Object<Service>> {
    builder.index.services.get(&(namespace, name)).copied()
}

#[cfg(test)]
mod tests {
    use super::validate_group_name;
    use crate::manifest::{InputError, Manifests};
    use crate::model::{Builder, Desired, Index};
    use crate::settings::Settings;
    use crate::sg::Account;

    /// The ALB part of the model of `text`, its groups built one by one or in two halves.
    fn albs(text: &str, split_from: usize) -> Result<(Desired, usize, bool), InputError> {
        let mut manifests = Manifests::default();
        crate::manifest::load::load_text("albs.yaml", text, &mut manifests).unwrap();
        let (settings, account) = (Settings::for_cluster("c"), Account::default());
        let index = Index::new(&manifests, &account);
        let mut builder = Builder {
            settings: &settings,
            account: &account,
            manifests: &manifests,
            index: &index,
            backend: crate::model::backend_ref(&settings),
            desired: Desired::default(),
            backend_needed: false,
            target_rules: Vec::new(),
            preflight: true,
        };
        super::build_all_splitting_from(&mut builder, split_from)?;
        Ok((builder.desired, builder.target_rules.len(), builder.backend_needed))
    }

    #[test]
    fn groups_built_in_two_halves_are_those_built_one_by_one() {
        let mut text = String::from(
            "apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: alb}\nspec: {controller: ingress.k8s.aws/alb}\n",
        );
        for i in 0..9 {
            // Implicit groups, and one explicit group whose members fall in both halves.
            let (cidr, group) = match i % 3 {
                0 => ("10.9.0.0/16".to_string(), "\n    alb.ingress.kubernetes.io/group.name: shared"),
                _ => (format!("10.0.{i}.0/24"), ""),
            };
            text.push_str(&format!(
                "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: ing{i}\n  namespace: ns\n  annotations:\n    alb.ingress.kubernetes.io/inbound-cidrs: {cidr}{group}\nspec:\n  ingressClassName: alb\n  defaultBackend: {{service: {{name: svc, port: {{number: 80}}}}}}\n"
            ));
        }
        text.push_str("---\napiVersion: v1\nkind: Service\nmetadata: {name: svc, namespace: ns}\nspec: {type: NodePort, ports: [{port: 80, nodePort: 30080}]}\n");
        let one_by_one = albs(&text, usize::MAX).unwrap();
        assert_eq!(one_by_one.0.security_groups.len(), 7, "six implicit groups and the shared one");
        assert_eq!(albs(&text, 2).unwrap(), one_by_one);
        // A bad Ingress in each half: the first half's error, as one by one.
        let bad = text.replace("10.0.1.0/24", "10.0.1.0/33").replace("10.0.8.0/24", "10.0.8.0/33");
        let first_error = albs(&bad, usize::MAX).unwrap_err();
        assert!(first_error.to_string().contains("ns/ing1"), "{first_error}");
        assert_eq!(albs(&bad, 2).unwrap_err(), first_error);
    }

    #[test]
    fn group_names_follow_the_controller() {
        assert!(validate_group_name("my-team.awesome-group").is_ok());
        assert!(validate_group_name("a").is_ok());
        assert!(validate_group_name("-a").is_err());
        assert!(validate_group_name("A").is_err());
        assert!(validate_group_name("a.").is_err());
        assert!(validate_group_name(&"a".repeat(64)).unwrap_err().contains("no more than 63"));
    }
}
