//! What the API server refuses in the fields sgctl reads, with its texts: a manifest it would
//! not admit is not planned (a plan of it would describe an object that cannot exist).
//! Service ports (number, node port, protocol, target port, names), Ingress backend ports and
//! container ports, as `k8s.io/kubernetes/pkg/apis/core/validation` and
//! `pkg/apis/networking/validation` check them.

use super::objects::TargetGroupBinding;
use k8s_openapi::api::core::v1::{Container, Node, PodSpec, Service};
use k8s_openapi::api::networking::v1::{Ingress, IngressBackend};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::collections::BTreeSet;

/// The API server's default `--service-node-port-range`.
const NODE_PORTS: std::ops::RangeInclusive<i32> = 30000..=32767;

fn port_number(field: &str, port: i32) -> Result<(), String> {
    if (1..=65535).contains(&port) {
        Ok(())
    } else {
        Err(format!("{field}: Invalid value: {port}: must be between 1 and 65535, inclusive"))
    }
}

/// `validation.IsValidPortName`: an IANA service name.
fn port_name(field: &str, name: &str) -> Result<(), String> {
    let invalid = |why: &str| Err(format!("{field}: Invalid value: {name:?}: {why}"));
    if name.len() > 15 {
        return invalid("must be no more than 15 characters");
    }
    if !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        return invalid("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }
    if !name.bytes().any(|b| b.is_ascii_lowercase()) {
        return invalid("must contain at least one letter (a-z)");
    }
    if name.starts_with('-') || name.ends_with('-') {
        return invalid("must not begin or end with a hyphen");
    }
    if name.contains("--") {
        return invalid("must not contain consecutive hyphens");
    }
    Ok(())
}

fn int_or_name(field: &str, port: &IntOrString) -> Result<(), String> {
    match port {
        IntOrString::Int(number) => port_number(field, *number),
        IntOrString::String(name) => port_name(field, name),
    }
}

/// `metadata.name` as a DNS-1035 label (a Service's) or a DNS-1123 subdomain (most kinds').
fn object_name(name: Option<&str>, generate_name: Option<&str>, label: bool) -> Result<(), String> {
    let Some(name) = name.filter(|name| !name.is_empty()) else {
        return match generate_name {
            Some(_) => Ok(()),
            None => Err("metadata.name: Required value: name or generateName is required".into()),
        };
    };
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let (bytes, first, last) = (name.as_bytes(), name.as_bytes()[0], name.as_bytes()[name.len() - 1]);
    if label {
        let valid = name.len() <= 63
            && first.is_ascii_lowercase()
            && alnum(last)
            && bytes.iter().all(|&b| alnum(b) || b == b'-');
        if !valid {
            return Err(format!("metadata.name: Invalid value: {name:?}: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"));
        }
        return Ok(());
    }
    let valid = name.len() <= 253
        && name.split('.').all(|part| {
            let part = part.as_bytes();
            !part.is_empty()
                && alnum(part[0])
                && alnum(part[part.len() - 1])
                && part.iter().all(|&b| alnum(b) || b == b'-')
        });
    if !valid {
        return Err(format!("metadata.name: Invalid value: {name:?}: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
    }
    Ok(())
}

/// A Service's name and ports: numbers, node ports, protocols, target ports and names.
pub fn service(service: &Service) -> Result<(), String> {
    let meta = &service.metadata;
    object_name(meta.name.as_deref(), meta.generate_name.as_deref(), true)?;
    let ports = service.spec.as_ref().and_then(|spec| spec.ports.as_deref()).unwrap_or_default();
    let mut names = BTreeSet::new();
    for (index, port) in ports.iter().enumerate() {
        let field = |name: &str| format!("spec.ports[{index}].{name}");
        port_number(&field("port"), port.port)?;
        match port.protocol.as_deref() {
            None | Some("TCP" | "UDP" | "SCTP") => {}
            Some(other) => {
                return Err(format!(
                    "{}: Unsupported value: {other:?}: supported values: \"SCTP\", \"TCP\", \"UDP\"",
                    field("protocol")
                ))
            }
        }
        if let Some(node_port) = port.node_port.filter(|&node_port| node_port != 0) {
            if !NODE_PORTS.contains(&node_port) {
                return Err(format!(
                    "{}: Invalid value: {node_port}: provided port is not in the valid range. The range of valid ports is {}-{}",
                    field("nodePort"),
                    NODE_PORTS.start(),
                    NODE_PORTS.end()
                ));
            }
        }
        if let Some(target) = &port.target_port {
            int_or_name(&field("targetPort"), target)?;
        }
        match port.name.as_deref().filter(|name| !name.is_empty()) {
            None if ports.len() > 1 => return Err(format!("{}: Required value", field("name"))),
            None => {}
            Some(name) if !names.insert(name) => return Err(format!("{}: Duplicate value: {name:?}", field("name"))),
            Some(_) => {}
        }
    }
    Ok(())
}

/// An Ingress's name and backend ports.
pub fn ingress(ingress: &Ingress) -> Result<(), String> {
    let meta = &ingress.metadata;
    object_name(meta.name.as_deref(), meta.generate_name.as_deref(), false)?;
    let Some(spec) = &ingress.spec else { return Ok(()) };
    let check = |field: String, backend: &IngressBackend| -> Result<(), String> {
        let Some(port) = backend.service.as_ref().and_then(|service| service.port.as_ref()) else { return Ok(()) };
        if let Some(number) = port.number {
            port_number(&format!("{field}.service.port.number"), number)?;
        }
        Ok(())
    };
    if let Some(backend) = &spec.default_backend {
        check("spec.defaultBackend".into(), backend)?;
    }
    for (r, rule) in spec.rules.iter().flatten().enumerate() {
        for (p, path) in rule.http.iter().flat_map(|http| http.paths.iter()).enumerate() {
            check(format!("spec.rules[{r}].http.paths[{p}].backend"), &path.backend)?;
        }
    }
    Ok(())
}

/// A pod spec's container ports (`field` is the path of the pod spec).
/// A TargetGroupBinding as its CRD's OpenAPI schema admits it
/// (`config/crd/bases/elbv2.k8s.aws_targetgroupbindings.yaml`): the enums and required keys.
pub fn target_group_binding(binding: &TargetGroupBinding) -> Result<(), String> {
    let meta = &binding.metadata;
    object_name(meta.name.as_deref(), meta.generate_name.as_deref(), false)?;
    let spec = &binding.spec;
    let one_of = |field: &str, value: &Option<String>, allowed: &[&str]| match value.as_deref() {
        Some(value) if !allowed.contains(&value) => {
            let allowed: Vec<String> = allowed.iter().map(|a| format!("{a:?}")).collect();
            Err(format!("{field}: Unsupported value: {value:?}: supported values: {}", allowed.join(", ")))
        }
        _ => Ok(()),
    };
    one_of("spec.targetType", &spec.target_type, &["instance", "ip"])?;
    one_of("spec.ipAddressType", &spec.ip_address_type, &["ipv4", "ipv6"])?;
    let Some(service_ref) = &spec.service_ref else { return Err("spec.serviceRef: Required value".into()) };
    if service_ref.name.is_empty() {
        return Err("spec.serviceRef.name: Required value".into());
    }
    if service_ref.port.is_none() {
        return Err("spec.serviceRef.port: Required value".into());
    }
    for (index, rule) in spec.networking.iter().flat_map(|n| n.ingress.iter()).enumerate() {
        let field = |name: &str| format!("spec.networking.ingress[{index}].{name}");
        if rule.from.is_none() {
            return Err(format!("{}: Required value", field("from")));
        }
        let Some(ports) = &rule.ports else { return Err(format!("{}: Required value", field("ports"))) };
        for (port_index, port) in ports.iter().enumerate() {
            one_of(&format!("{}[{port_index}].protocol", field("ports")), &port.protocol, &["TCP", "UDP"])?;
        }
    }
    Ok(())
}

/// A Node's name (a DNS-1123 subdomain).
pub fn node(node: &Node) -> Result<(), String> {
    object_name(node.metadata.name.as_deref(), node.metadata.generate_name.as_deref(), false)
}

pub fn pod_spec(field: &str, spec: &PodSpec) -> Result<(), String> {
    let lists = [
        ("containers", spec.containers.as_slice()),
        ("initContainers", spec.init_containers.as_deref().unwrap_or_default()),
    ];
    for (list, containers) in lists {
        for (c, container) in containers.iter().enumerate() {
            container_ports(&format!("{field}.{list}[{c}]"), container)?;
        }
    }
    Ok(())
}

fn container_ports(field: &str, container: &Container) -> Result<(), String> {
    for (index, port) in container.ports.iter().flatten().enumerate() {
        port_number(&format!("{field}.ports[{index}].containerPort"), port.container_port)?;
        if let Some(name) = &port.name {
            port_name(&format!("{field}.ports[{index}].name"), name)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service_with(ports: &str) -> Service {
        serde_json::from_str(&format!(r#"{{"metadata": {{"name": "s"}}, "spec": {{"ports": {ports}}}}}"#)).unwrap()
    }

    #[test]
    fn names_are_dns_labels_or_subdomains() {
        let named = |name: &str| -> Service {
            serde_json::from_str(&format!(r#"{{"metadata": {{"name": "{name}"}}}}"#)).unwrap()
        };
        assert_eq!(service(&named("my-app-1")), Ok(()));
        assert!(service(&named("MyAppSvc"))
            .unwrap_err()
            .starts_with("metadata.name: Invalid value: \"MyAppSvc\": a DNS-1035 label"));
        assert!(service(&named("1app")).is_err(), "a label starts with a letter");
        assert!(service(&named("app.v1")).is_err(), "a label has no dot");
        let unnamed: Service = serde_json::from_str(r#"{"metadata": {}}"#).unwrap();
        assert_eq!(service(&unnamed).unwrap_err(), "metadata.name: Required value: name or generateName is required");
        let ingress_named = |name: &str| -> Ingress {
            serde_json::from_str(&format!(r#"{{"metadata": {{"name": "{name}"}}}}"#)).unwrap()
        };
        assert_eq!(ingress(&ingress_named("web.v1")), Ok(()));
        assert!(ingress(&ingress_named("Web")).unwrap_err().contains("a lowercase RFC 1123 subdomain"));
    }

    #[test]
    fn service_ports_are_checked_as_the_api_server_checks_them() {
        let cases: &[(&str, Result<(), &str>)] = &[
            (r#"[{"port": 80}]"#, Ok(())),
            (r#"[{"port": 70000}]"#, Err("spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive")),
            (r#"[{"port": 0}]"#, Err("spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive")),
            (r#"[{"port": 80, "protocol": "HTTP"}]"#, Err("spec.ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"")),
            (r#"[{"port": 80, "protocol": "tcp"}]"#, Err("spec.ports[0].protocol: Unsupported value: \"tcp\": supported values: \"SCTP\", \"TCP\", \"UDP\"")),
            (r#"[{"port": 80, "nodePort": 8080}]"#, Err("spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767")),
            (r#"[{"port": 80, "nodePort": 0}]"#, Ok(())),
            (r#"[{"port": 80, "targetPort": "Http"}]"#, Err("spec.ports[0].targetPort: Invalid value: \"Http\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")),
            (r#"[{"port": 80, "targetPort": "8080"}]"#, Err("spec.ports[0].targetPort: Invalid value: \"8080\": must contain at least one letter (a-z)")),
            (r#"[{"port": 80, "targetPort": "a-very-long-port-name"}]"#, Err("spec.ports[0].targetPort: Invalid value: \"a-very-long-port-name\": must be no more than 15 characters")),
            (r#"[{"port": 80, "targetPort": "web--1"}]"#, Err("spec.ports[0].targetPort: Invalid value: \"web--1\": must not contain consecutive hyphens")),
            (r#"[{"port": 80, "targetPort": 65536}]"#, Err("spec.ports[0].targetPort: Invalid value: 65536: must be between 1 and 65535, inclusive")),
            (r#"[{"port": 80, "name": "a"}, {"port": 81}]"#, Err("spec.ports[1].name: Required value")),
            (r#"[{"port": 80, "name": "a"}, {"port": 81, "name": "a"}]"#, Err("spec.ports[1].name: Duplicate value: \"a\"")),
            (r#"[{"port": 80, "name": "a", "targetPort": "web"}, {"port": 81, "name": "b", "nodePort": 30081}]"#, Ok(())),
        ];
        for (ports, expected) in cases {
            assert_eq!(service(&service_with(ports)), expected.map_err(str::to_string), "{ports}");
        }
    }

    #[test]
    fn ingress_backend_ports_and_container_ports_are_checked() {
        let ingress: Ingress = serde_json::from_str(
            r#"{"metadata": {"name": "i"}, "spec": {"rules": [{"http": {"paths": [{"pathType": "Prefix", "backend": {"service": {"name": "s", "port": {"number": 0}}}}]}}]}}"#,
        )
        .unwrap();
        assert_eq!(
            super::ingress(&ingress).unwrap_err(),
            "spec.rules[0].http.paths[0].backend.service.port.number: Invalid value: 0: must be between 1 and 65535, inclusive"
        );
        let spec: PodSpec = serde_json::from_str(
            r#"{"containers": [{"name": "c", "ports": [{"containerPort": 8080, "name": "HTTP"}]}]}"#,
        )
        .unwrap();
        assert_eq!(
            pod_spec("spec.template.spec", &spec).unwrap_err(),
            "spec.template.spec.containers[0].ports[0].name: Invalid value: \"HTTP\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"
        );
    }
}
