//! Which Ingresses the controller manages, and with which IngressClassParams
//! (`pkg/ingress/group_loader.go: classifyIngress`, `pkg/ingress/class_loader.go: Load`).
//!
//! The `kubernetes.io/ingress.class` annotation wins over `spec.ingressClassName`. A class
//! name the input does not define is an error here (the controller would skip the Ingress,
//! and a file-based plan would then destroy its SG): fail closed. The one exception is the
//! class the controller's Helm chart creates, named after `--ingress-class`; it is assumed,
//! with a warning.

use crate::manifest::objects::IngressClassParams;
use crate::manifest::{name_of, namespace_of, InputError, Manifests, Object};
use k8s_openapi::api::networking::v1::Ingress;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use std::collections::BTreeMap;

const ALB_CONTROLLER: &str = "ingress.k8s.aws/alb";
const CLASS_ANNOTATION: &str = "kubernetes.io/ingress.class";
const DEFAULT_CLASS_ANNOTATION: &str = "ingressclass.kubernetes.io/is-default-class";

/// The outcome for one Ingress.
#[derive(Debug)]
pub enum Classification<'a> {
    /// `assumed_class`: the class is not in the input and is taken to be the one the
    /// controller's Helm chart creates (named after `--ingress-class`).
    Managed { params: Option<&'a IngressClassParams>, assumed_class: bool },
    /// Not the controller's, and why (said to the user when the Ingress carries the
    /// controller's annotations).
    NotOurs(String),
}

pub fn classify<'a>(
    ingress: &Object<Ingress>,
    manifests: &'a Manifests,
    ingress_class_flag: &str,
) -> Result<Classification<'a>, InputError> {
    let metadata = &ingress.value.metadata;
    let object = format!("Ingress {}/{}", namespace_of(metadata), name_of(metadata));
    let invalid = |message: String| {
        InputError::new(format!("invalid ingress class: {message}")).at(&ingress.source).object(object.clone())
    };
    if let Some(annotation) = metadata.annotations.as_ref().and_then(|a| a.get(CLASS_ANNOTATION)) {
        // `class_annotation_matcher.go: Matches`: an empty flag matches the value `alb`.
        let matches = annotation == ingress_class_flag || (ingress_class_flag.is_empty() && annotation == "alb");
        return Ok(if matches {
            Classification::Managed { params: None, assumed_class: false }
        } else {
            Classification::NotOurs(format!(
                "its {CLASS_ANNOTATION} annotation is {annotation:?}, and the controller's --ingress-class is {ingress_class_flag:?}"
            ))
        });
    }
    let class_name = match ingress.value.spec.as_ref().and_then(|spec| spec.ingress_class_name.clone()) {
        Some(name) => name,
        None => {
            // The API server's DefaultIngressClass admission plugin fills in the default class.
            let defaults: Vec<_> = manifests
                .ingress_classes
                .iter()
                .filter(|class| {
                    class
                        .value
                        .metadata
                        .annotations
                        .as_ref()
                        .and_then(|a| a.get(DEFAULT_CLASS_ANNOTATION))
                        .map(String::as_str)
                        == Some("true")
                })
                .collect();
            match defaults.as_slice() {
                // `manageIngressesWithoutIngressClass`: only with an empty --ingress-class.
                [] if ingress_class_flag.is_empty() => {
                    return Ok(Classification::Managed { params: None, assumed_class: false })
                }
                [] => {
                    return Ok(Classification::NotOurs(
                        "it names no IngressClass (spec.ingressClassName or the kubernetes.io/ingress.class annotation), and no IngressClass in the input is marked default".into(),
                    ))
                }
                [only] => name_of(&only.value.metadata).to_string(),
                _ => {
                    return Err(InputError::new(
                        "several IngressClasses are marked default (ingressclass.kubernetes.io/is-default-class); the API server would pick one by creation time",
                    )
                    .at(&ingress.source)
                    .object(object)
                    .hint("set spec.ingressClassName on the Ingress"))
                }
            }
        }
    };
    let Some(class) = manifests.ingress_classes.iter().find(|class| name_of(&class.value.metadata) == class_name)
    else {
        // The controller's Helm chart creates an IngressClass named after its `ingressClass`
        // value (controller ingress.k8s.aws/alb, no parameters) and passes the same value as
        // --ingress-class; `kubectl get ingress,svc -o yaml` does not include it.
        if class_name == ingress_class_flag {
            return Ok(Classification::Managed { params: None, assumed_class: true });
        }
        return Err(invalid(format!("ingressclasses.networking.k8s.io \"{class_name}\" not found")).hint(
            "add the IngressClass to the input (kubectl get ingressclass -o yaml); sgctl does not guess which controller owns a class",
        ));
    };
    let spec = class.value.spec.as_ref();
    let controller = spec.and_then(|s| s.controller.as_deref()).unwrap_or("");
    if controller != ALB_CONTROLLER {
        return Ok(Classification::NotOurs(format!(
            "its IngressClass {class_name} belongs to controller {controller:?}, not {ALB_CONTROLLER}"
        )));
    }
    let Some(parameters) = spec.and_then(|s| s.parameters.as_ref()) else {
        return Ok(Classification::Managed { params: None, assumed_class: false });
    };
    if parameters.api_group.as_deref() != Some("elbv2.k8s.aws") || parameters.kind != "IngressClassParams" {
        return Err(invalid(format!("IngressClass {class_name} references unknown parameters")));
    }
    let Some(params) = manifests.ingress_class_params.iter().find(|p| name_of(&p.value.metadata) == parameters.name)
    else {
        return Err(invalid(format!("ingressclassparams.elbv2.k8s.aws \"{}\" not found", parameters.name))
            .hint("add the IngressClassParams to the input"));
    };
    if let Some(selector) = &params.value.spec.namespace_selector {
        let namespace = namespace_of(metadata);
        let labels = namespace_labels(namespace);
        if !selector_matches(selector, &labels) {
            return Err(invalid(format!("namespaceSelector of IngressClassParams {} mismatch", parameters.name)));
        }
    }
    Ok(Classification::Managed { params: Some(&params.value), assumed_class: false })
}

/// A namespace's labels. sgctl does not read Namespace objects; the API server always sets
/// `kubernetes.io/metadata.name`, which is what namespace selectors usually match.
fn namespace_labels(namespace: &str) -> BTreeMap<String, String> {
    BTreeMap::from([("kubernetes.io/metadata.name".to_string(), namespace.to_string())])
}

/// `metav1.LabelSelectorAsSelector(...).Matches(labels)`.
pub fn selector_matches(selector: &LabelSelector, labels: &BTreeMap<String, String>) -> bool {
    static NONE: BTreeMap<String, String> = BTreeMap::new();
    let expressions =
        selector.match_expressions.iter().flatten().map(|expression| {
            (&expression.key, &expression.operator, expression.values.as_deref().unwrap_or_default())
        });
    super::target_rules::selector_matches(selector.match_labels.as_ref().unwrap_or(&NONE), expressions, labels)
}
