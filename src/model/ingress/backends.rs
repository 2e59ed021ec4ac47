//! Where an Ingress's backends lead: a Service port, or, for a `use-annotation` backend, the
//! action of its `alb.ingress.kubernetes.io/actions.<name>` annotation (a forward to Services
//! or to target groups by ARN or name, a redirect, a fixed response). Only forwards to
//! Services get target groups and so node rules. A missing Service or action is answered
//! with a fixed 503 where the controller tolerates it (`--tolerate-non-existent-backend-*`);
//! otherwise it is the controller's error, wrapped `ingress: ns/name: ` on rule paths.
//!
//! Mirrors `pkg/ingress/enhanced_backend_builder.go` (`Build`, `buildActionViaAnnotation`,
//! `loadBackendServices`) and `pkg/ingress/config_types.go` (`Action` and its validation).

use super::Member;
use crate::manifest::InputError;
use crate::model::ports::ServiceBackendPortRef;
use crate::model::Builder;
use k8s_openapi::api::networking::v1::IngressBackend;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeSet;

/// A Service port a forward leads to.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct ServicePortRef {
    pub service: String,
    pub port: ServiceBackendPortRef,
}

/// Where the backends of one Ingress lead.
#[derive(Debug, Default)]
pub(super) struct Routes {
    /// The Service ports that get target groups, each once.
    pub services: BTreeSet<ServicePortRef>,
    /// Services that are not in the input, answered with a 503 (their rules are unknown).
    pub missing: BTreeSet<String>,
    /// Some forward leads to several target groups (what `WeightedTargetGroups` gates).
    pub weighted_forward: bool,
}

/// The routes of every backend of a member: the default backend, then every rule path.
pub(super) fn routes(builder: &mut Builder<'_>, member: &Member<'_>) -> Result<Routes, InputError> {
    let mut routes = Routes::default();
    let Some(spec) = member.ingress.value.spec.as_ref() else { return Ok(routes) };
    let paths = spec.rules.iter().flatten().filter_map(|rule| rule.http.as_ref()).flat_map(|http| http.paths.iter());
    // The default backend's errors are the controller's as they are; a rule path's are
    // wrapped by its rule builder.
    let backends = spec.default_backend.iter().map(|backend| (false, backend));
    for (on_rule_path, backend) in backends.chain(paths.map(|path| (true, &path.backend))) {
        route(builder, member, backend, &mut routes).map_err(|refusal| {
            let message = refusal.message;
            let message = if on_rule_path { format!("ingress: {}: {message}", member.key) } else { message };
            let error = member.error(message);
            match refusal.hint {
                Some(hint) => error.hint(hint),
                None => error,
            }
        })?;
    }
    Ok(routes)
}

/// The controller's error text for a backend, and what the user can do about it.
struct Refusal {
    message: String,
    hint: Option<String>,
}

impl From<String> for Refusal {
    fn from(message: String) -> Refusal {
        Refusal { message, hint: None }
    }
}

/// One backend's route, added to `routes`; the controller's error text otherwise.
fn route(
    builder: &mut Builder<'_>,
    member: &Member<'_>,
    backend: &IngressBackend,
    routes: &mut Routes,
) -> Result<(), Refusal> {
    let Some(service) = &backend.service else { return Err(String::from("missing required \"service\" field").into()) };
    let port = service.port.as_ref();
    let tuples = match port.and_then(|port| port.name.as_deref()).filter(|name| !name.is_empty()) {
        Some("use-annotation") => match action(builder, member, &service.name)? {
            Some(tuples) => tuples,
            None => return Ok(()),
        },
        Some(name) => vec![Tuple::service(&service.name, ServiceBackendPortRef::Name(name.to_string()))],
        None => {
            let number = port.and_then(|port| port.number).unwrap_or(0);
            vec![Tuple::service(&service.name, ServiceBackendPortRef::Number(number))]
        }
    };
    // `loadBackendServices`: only a forward to one tuple of one Service is tolerated.
    let names: BTreeSet<&str> = tuples.iter().filter_map(|tuple| tuple.service_name.as_deref()).collect();
    let single = tuples.len() == 1 && names.len() == 1;
    let namespace = crate::manifest::namespace_of(&member.ingress.value.metadata);
    for name in &names {
        if builder.index.services.contains_key(&(namespace, *name)) {
            continue;
        }
        if single && builder.settings.tolerate_non_existent_backend_service {
            routes.missing.insert((*name).to_string());
            return Ok(());
        }
        let hint = if single {
            format!("add Service {namespace}/{name} to the input (kubectl get svc -n {namespace} {name} -o yaml), or set --tolerate-non-existent-backend-service=true as the controller has it by default")
        } else {
            format!("add Service {namespace}/{name} to the input (kubectl get svc -n {namespace} {name} -o yaml): the controller tolerates a missing Service only when a forward leads to that Service alone")
        };
        return Err(Refusal { message: format!("services \"{name}\" not found"), hint: Some(hint) });
    }
    routes.weighted_forward |= tuples.len() > 1;
    for tuple in tuples {
        if let (Some(service), Some(port)) = (tuple.service_name, tuple.service_port) {
            routes.services.insert(ServicePortRef { service, port });
        }
    }
    Ok(())
}

/// The target-group tuples of a `use-annotation` backend's action (none for a redirect, a
/// fixed response, or a forward to target groups by ARN or name), or `None` when the
/// annotation is missing and tolerated (a 503).
fn action(builder: &mut Builder<'_>, member: &Member<'_>, name: &str) -> Result<Option<Vec<Tuple>>, String> {
    let suffix = format!("actions.{name}");
    let annotations = member.annotations();
    let Some(raw) = annotations.raw(&suffix) else {
        if !builder.settings.tolerate_non_existent_backend_action {
            return Err(format!("missing {suffix} configuration"));
        }
        builder.warn(
            "backend-action-missing",
            format!("Ingress {} routes to action {name:?} (use-annotation), and no {} annotation defines it: the controller answers 503 (Backend action does not exist)", member.key, annotations.key(&suffix)),
            Some(&member.ingress.source),
        );
        return Ok(None);
    };
    let parsed = serde_json::from_str::<Value>(raw)
        .and_then(|value| Action::deserialize(go_json_keys(value)))
        .map_err(|error| format!("failed to parse json annotation, {}: {raw}: {error}", annotations.key(&suffix)))?;
    parsed.validate()?;
    Ok(Some(parsed.into_tuples()))
}

/// An action of the `actions.<name>` annotation (`config_types.go: Action`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Action {
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(rename = "targetGroupARN")]
    target_group_arn: Option<String>,
    target_group_name: Option<String>,
    fixed_response_config: Option<StatusConfig>,
    redirect_config: Option<StatusConfig>,
    forward_config: Option<ForwardConfig>,
}

/// The part of a fixed-response or redirect config the validation reads.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StatusConfig {
    #[serde(default)]
    status_code: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ForwardConfig {
    #[serde(default)]
    target_groups: Vec<Tuple>,
}

/// A target group of a forward (`TargetGroupTuple`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Tuple {
    #[serde(rename = "targetGroupARN")]
    target_group_arn: Option<String>,
    target_group_name: Option<String>,
    service_name: Option<String>,
    #[serde(default, deserialize_with = "service_port")]
    service_port: Option<ServiceBackendPortRef>,
    weight: Option<i64>,
}

impl Tuple {
    fn service(name: &str, port: ServiceBackendPortRef) -> Tuple {
        Tuple {
            target_group_arn: None,
            target_group_name: None,
            service_name: Some(name.to_string()),
            service_port: Some(port),
            weight: None,
        }
    }

    fn validate(&self) -> Result<(), String> {
        let by_target_group = self.target_group_arn.is_some() || self.target_group_name.is_some();
        match (self.service_name.is_some(), by_target_group) {
            (false, false) => return Err("missing serviceName or targetGroupARN/targetGroupName".into()),
            (true, true) => return Err("either serviceName or targetGroupARN/targetGroupName can be specified".into()),
            _ => {}
        }
        if self.service_name.is_some() && self.service_port.is_none() {
            return Err("missing servicePort".into());
        }
        Ok(())
    }
}

/// `servicePort` as a number or a text, a text of digits read as the number
/// (`normalizeServicePortForBackwardsCompatibility`: `intstr.Parse`).
fn service_port<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<ServiceBackendPortRef>, D::Error> {
    Ok(match Option::<Value>::deserialize(deserializer)? {
        None | Some(Value::Null) => None,
        Some(Value::Number(number)) => {
            let number = number.as_i64().and_then(|n| i32::try_from(n).ok());
            Some(ServiceBackendPortRef::Number(
                number.ok_or_else(|| serde::de::Error::custom("servicePort out of range"))?,
            ))
        }
        Some(Value::String(text)) => Some(match text.parse::<i32>() {
            Ok(number) => ServiceBackendPortRef::Number(number),
            Err(_) => ServiceBackendPortRef::Name(text),
        }),
        Some(other) => {
            return Err(serde::de::Error::custom(format!("servicePort must be a number or a string, not {other}")))
        }
    })
}

impl Action {
    /// `Action.validate`, with the controller's texts.
    fn validate(&self) -> Result<(), String> {
        let status = |config: &Option<StatusConfig>, what: &str| match config {
            None => Err(format!("missing {what}")),
            Some(config) if config.status_code.is_empty() => Err(format!("invalid {what}: statusCode is required")),
            Some(_) => Ok(()),
        };
        match self.kind.as_str() {
            "fixed-response" => status(&self.fixed_response_config, "FixedResponseConfig"),
            "redirect" => status(&self.redirect_config, "RedirectConfig"),
            "forward" => {
                let simplified = self.target_group_arn.is_some() || self.target_group_name.is_some();
                match (&self.forward_config, simplified) {
                    (None, false) => Err("missing ForwardConfig or TargetGroupARN/TargetGroupName".into()),
                    (Some(_), true) => {
                        Err("either ForwardConfig or TargetGroupARN/TargetGroupName can be specified".into())
                    }
                    (None, true) => Ok(()),
                    (Some(forward), false) => {
                        for tuple in &forward.target_groups {
                            tuple
                                .validate()
                                .map_err(|why| format!("invalid ForwardConfig: invalid TargetGroupTuple: {why}"))?;
                        }
                        if forward.target_groups.len() > 1 && forward.target_groups.iter().any(|t| t.weight.is_none()) {
                            return Err(
                                "invalid ForwardConfig: weight must be set when route to multiple target groups".into(),
                            );
                        }
                        Ok(())
                    }
                }
            }
            other => Err(format!("unknown action type: {other}")),
        }
    }

    /// The target-group tuples the action forwards to (a simplified forward is one tuple by
    /// ARN or name; redirects and fixed responses have none).
    fn into_tuples(self) -> Vec<Tuple> {
        match (self.kind.as_str(), self.forward_config) {
            ("forward", Some(forward)) => forward.target_groups,
            _ => Vec::new(),
        }
    }
}

/// The action's keys as Go's `encoding/json` matches them: a key equal to a field name but
/// for case is that field (`TargetGroupArn`, `ServiceName` work); the exact name wins.
fn go_json_keys(value: Value) -> Value {
    const FIELDS: &[&str] = &[
        "type",
        "targetGroupARN",
        "targetGroupName",
        "fixedResponseConfig",
        "redirectConfig",
        "forwardConfig",
        "statusCode",
        "targetGroups",
        "serviceName",
        "servicePort",
        "weight",
    ];
    match value {
        Value::Object(map) => {
            let mut exact = serde_json::Map::new();
            let mut folded = Vec::new();
            for (key, value) in map {
                let value = go_json_keys(value);
                match FIELDS.iter().find(|field| field.eq_ignore_ascii_case(&key)) {
                    Some(field) if *field == key => {
                        exact.insert(key, value);
                    }
                    Some(field) => folded.push((field.to_string(), value)),
                    None => {
                        exact.insert(key, value);
                    }
                }
            }
            for (field, value) in folded {
                exact.entry(field).or_insert(value);
            }
            Value::Object(exact)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(go_json_keys).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A forward entry as (serviceName, servicePort).
    type Entry = (Option<String>, Option<ServiceBackendPortRef>);

    fn parsed(raw: &str) -> Result<Vec<Entry>, String> {
        let value: Value = serde_json::from_str(raw).map_err(|e| e.to_string())?;
        let action = Action::deserialize(go_json_keys(value)).map_err(|e| e.to_string())?;
        action.validate()?;
        Ok(action.into_tuples().into_iter().map(|tuple| (tuple.service_name, tuple.service_port)).collect())
    }

    #[test]
    fn actions_are_read_and_checked_as_the_controller_reads_them() {
        let number = |n| Some(ServiceBackendPortRef::Number(n));
        let weighted = r#"{"type":"forward","forwardConfig":{"targetGroups":[{"serviceName":"blue","servicePort":"80","weight":0},{"serviceName":"green","servicePort":"http","weight":100}]}}"#;
        assert_eq!(
            parsed(weighted).unwrap(),
            vec![
                (Some("blue".into()), number(80)),
                (Some("green".into()), Some(ServiceBackendPortRef::Name("http".into())))
            ]
        );
        // Go's case-insensitive keys; a forward by ARN, a redirect and a fixed response open nothing.
        let camel = r#"{"Type":"forward","ForwardConfig":{"TargetGroups":[{"ServiceName":"web","ServicePort":8080}]}}"#;
        assert_eq!(parsed(camel).unwrap(), vec![(Some("web".into()), number(8080))]);
        assert_eq!(parsed(r#"{"type":"forward","TargetGroupArn":"arn:aws:elasticloadbalancing:x"}"#).unwrap(), vec![]);
        assert_eq!(parsed(r#"{"type":"redirect","redirectConfig":{"statusCode":"HTTP_301"}}"#).unwrap(), vec![]);
        let errors: &[(&str, &str)] = &[
            (r#"{"type":"forwarded"}"#, "unknown action type: forwarded"),
            (r#"{"type":"fixed-response"}"#, "missing FixedResponseConfig"),
            (r#"{"type":"redirect","redirectConfig":{}}"#, "invalid RedirectConfig: statusCode is required"),
            (r#"{"type":"forward"}"#, "missing ForwardConfig or TargetGroupARN/TargetGroupName"),
            (r#"{"type":"forward","targetGroupName":"tg","forwardConfig":{}}"#, "either ForwardConfig or TargetGroupARN/TargetGroupName can be specified"),
            (r#"{"type":"forward","forwardConfig":{"targetGroups":[{"weight":1}]}}"#, "invalid ForwardConfig: invalid TargetGroupTuple: missing serviceName or targetGroupARN/targetGroupName"),
            (r#"{"type":"forward","forwardConfig":{"targetGroups":[{"serviceName":"a","targetGroupARN":"arn"}]}}"#, "invalid ForwardConfig: invalid TargetGroupTuple: either serviceName or targetGroupARN/targetGroupName can be specified"),
            (r#"{"type":"forward","forwardConfig":{"targetGroups":[{"serviceName":"a"}]}}"#, "invalid ForwardConfig: invalid TargetGroupTuple: missing servicePort"),
            (r#"{"type":"forward","forwardConfig":{"targetGroups":[{"serviceName":"a","servicePort":80},{"serviceName":"b","servicePort":80,"weight":1}]}}"#, "invalid ForwardConfig: weight must be set when route to multiple target groups"),
        ];
        for (raw, error) in errors {
            assert_eq!(parsed(raw).unwrap_err(), *error, "{raw}");
        }
    }
}
