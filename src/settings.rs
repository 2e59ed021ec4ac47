//! Settings: the cluster name, VPC, the controller flags and feature gates that touch
//! security groups, and the node SGs. Built once by the CLI from flags, `sgctl.yaml` and
//! the environment, validated here as the controller validates its own flags
//! (`pkg/config/controller_config.go: Validate`), with its error texts.

use crate::sg::tags::{self, Tags};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scheme {
    Internal,
    InternetFacing,
}

impl Scheme {
    pub fn parse(text: &str) -> Option<Scheme> {
        match text {
            "internal" => Some(Scheme::Internal),
            "internet-facing" => Some(Scheme::InternetFacing),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Internal => "internal",
            Scheme::InternetFacing => "internet-facing",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetType {
    Instance,
    Ip,
}

impl TargetType {
    pub fn parse(text: &str) -> Option<TargetType> {
        match text {
            "instance" => Some(TargetType::Instance),
            "ip" => Some(TargetType::Ip),
            _ => None,
        }
    }
}

/// The controller's feature gates that change security groups (`pkg/config/feature_gates.go`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeatureGates {
    pub nlb_security_group: bool,
    pub enable_default_tags_low_priority: bool,
    pub enable_tcp_udp_listener: bool,
    pub enable_ip_target_type: bool,
    pub service_type_load_balancer_only: bool,
    pub enable_certificate_management: bool,
    /// `EnableServiceController`: false sets up no Service reconciler (no NLB is modelled).
    pub enable_service_controller: bool,
    /// `WeightedTargetGroups`: false fails a forward to several target groups at deploy time.
    pub weighted_target_groups: bool,
    /// `EndpointsFailOpen`: with no ready node, the nodes whose readiness is unknown are targets.
    pub endpoints_fail_open: bool,
    /// `ALBGatewayAPI`, `NLBGatewayAPI`: false sets up no ALB (NLB) Gateway controller.
    pub alb_gateway_api: bool,
    pub nlb_gateway_api: bool,
    /// `GatewayListenerSet`: false loads no ListenerSet.
    pub gateway_listener_set: bool,
}

impl Default for FeatureGates {
    fn default() -> Self {
        FeatureGates {
            nlb_security_group: true,
            enable_default_tags_low_priority: false,
            enable_tcp_udp_listener: false,
            enable_ip_target_type: true,
            service_type_load_balancer_only: false,
            enable_certificate_management: false,
            enable_service_controller: true,
            weighted_target_groups: true,
            endpoints_fail_open: true,
            alb_gateway_api: true,
            nlb_gateway_api: true,
            gateway_listener_set: true,
        }
    }
}

impl FeatureGates {
    /// Applies `Name=bool` pairs. Gates sgctl does not model are returned, so the caller
    /// can say they were ignored; a value that is not a Go boolean is an error.
    pub fn apply(&mut self, pairs: &BTreeMap<String, String>) -> Result<Vec<String>, SettingsError> {
        let mut ignored = Vec::new();
        for (name, raw) in pairs {
            let value = crate::go::parse_bool(raw).ok_or_else(|| {
                SettingsError(format!(
                    "invalid value of {name}: {raw}, err: strconv.ParseBool: parsing \"{raw}\": invalid syntax"
                ))
            })?;
            match name.as_str() {
                "NLBSecurityGroup" => self.nlb_security_group = value,
                "EnableDefaultTagsLowPriority" => self.enable_default_tags_low_priority = value,
                "EnableTCPUDPListener" => self.enable_tcp_udp_listener = value,
                "EnableIPTargetType" => self.enable_ip_target_type = value,
                "ServiceTypeLoadBalancerOnly" => self.service_type_load_balancer_only = value,
                "EnableCertificateManagement" => self.enable_certificate_management = value,
                "EnableServiceController" => self.enable_service_controller = value,
                "WeightedTargetGroups" => self.weighted_target_groups = value,
                "EndpointsFailOpen" => self.endpoints_fail_open = value,
                "ALBGatewayAPI" => self.alb_gateway_api = value,
                "NLBGatewayAPI" => self.nlb_gateway_api = value,
                "GatewayListenerSet" => self.gateway_listener_set = value,
                _ => ignored.push(name.clone()),
            }
        }
        Ok(ignored)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub cluster_name: String,
    pub vpc_id: Option<String>,
    pub enable_backend_security_group: bool,
    pub backend_security_group: Option<String>,
    pub enable_manage_backend_security_group_rules: bool,
    pub disable_restricted_sg_rules: bool,
    pub default_tags: Tags,
    pub external_managed_tags: Vec<String>,
    pub default_scheme: Scheme,
    pub default_target_type: TargetType,
    pub load_balancer_class: String,
    pub ingress_class: String,
    pub feature_gates: FeatureGates,
    pub service_target_eni_security_group_tags: Tags,
    pub enable_service_mutator_webhook: bool,
    /// `--tolerate-non-existent-backend-service`: a forward to one missing Service answers 503.
    pub tolerate_non_existent_backend_service: bool,
    /// `--tolerate-non-existent-backend-action`: a `use-annotation` backend without its
    /// `actions.<name>` annotation answers 503.
    pub tolerate_non_existent_backend_action: bool,
    /// `--watch-namespace`: the one namespace whose Ingresses, Services and
    /// TargetGroupBindings the controller sees (`None`: all).
    pub watch_namespace: Option<String>,
    pub node_security_groups: Vec<String>,
    /// Feature gates given that do not change security groups: the plan says they were ignored.
    pub ignored_feature_gates: Vec<String>,
}

impl Settings {
    /// Whether the controller sees namespaced objects of `namespace` (`--watch-namespace`:
    /// its cache holds that one namespace; cluster-scoped objects stay visible).
    pub fn watches(&self, namespace: &str) -> bool {
        self.watch_namespace.as_deref().is_none_or(|watched| watched == namespace)
    }

    /// The controller's defaults for a cluster.
    pub fn for_cluster(cluster_name: impl Into<String>) -> Settings {
        Settings {
            cluster_name: cluster_name.into(),
            vpc_id: None,
            enable_backend_security_group: true,
            backend_security_group: None,
            enable_manage_backend_security_group_rules: false,
            disable_restricted_sg_rules: false,
            default_tags: Tags::new(),
            external_managed_tags: Vec::new(),
            default_scheme: Scheme::Internal,
            default_target_type: TargetType::Instance,
            load_balancer_class: "service.k8s.aws/nlb".to_string(),
            ingress_class: "alb".to_string(),
            feature_gates: FeatureGates::default(),
            service_target_eni_security_group_tags: Tags::new(),
            enable_service_mutator_webhook: true,
            tolerate_non_existent_backend_service: true,
            tolerate_non_existent_backend_action: true,
            watch_namespace: None,
            node_security_groups: Vec::new(),
            ignored_feature_gates: Vec::new(),
        }
    }

    /// The controller's start-up validation (`ControllerConfig.Validate`), in its order and
    /// with its texts: `validate_tags`, then the default target type (which the caller
    /// parses with `parse_default_target_type`), then `validate_rest`.
    pub fn validate(&self) -> Result<(), SettingsError> {
        self.validate_tags()?;
        self.validate_rest()
    }

    /// The cluster name, then the tag flags: default tags against the tracking keys, external
    /// managed tags against them, then the two flags against each other.
    pub fn validate_tags(&self) -> Result<(), SettingsError> {
        if self.cluster_name.is_empty() {
            return Err(SettingsError("kubernetes cluster name must be specified".into()));
        }
        if let Some(key) = self.default_tags.keys().find(|key| tags::TRACKING_KEYS.contains(&key.as_str())) {
            return Err(SettingsError(format!("tag key {key} cannot be specified in default-tags flag")));
        }
        if let Some(key) = self.external_managed_tags.iter().find(|key| tags::TRACKING_KEYS.contains(&key.as_str())) {
            return Err(SettingsError(format!("tag key {key} cannot be specified in external-managed-tags flag")));
        }
        if let Some(key) = self.external_managed_tags.iter().find(|key| self.default_tags.contains_key(*key)) {
            return Err(SettingsError(format!(
                "tag key {key} cannot be specified in both default-tags and external-managed-tags flag"
            )));
        }
        Ok(())
    }

    /// `--default-target-type`, with the controller's text.
    pub fn parse_default_target_type(raw: &str) -> Result<TargetType, SettingsError> {
        TargetType::parse(raw).ok_or_else(|| {
            SettingsError(format!("invalid value {raw} for default target type (expected instance or ip)"))
        })
    }

    /// The backend SG flags, and sgctl's own `--node-security-group`.
    pub fn validate_rest(&self) -> Result<(), SettingsError> {
        if let Some(id) = &self.backend_security_group {
            if !id.starts_with("sg-") {
                return Err(SettingsError(format!("invalid value {id} for backend security group id")));
            }
        }
        if self.enable_manage_backend_security_group_rules && !self.enable_backend_security_group {
            return Err(SettingsError(
                "backend security group must be enabled when manage backend security group rule is enabled".into(),
            ));
        }
        for id in &self.node_security_groups {
            if !id.starts_with("sg-") {
                return Err(SettingsError(format!(
                    "invalid value {id} for --node-security-group: expected a security group id (sg-...)"
                )));
            }
        }
        Ok(())
    }
}

/// A setting the controller would refuse to start with; the text is the controller's.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SettingsError(pub String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controller_validation_texts() {
        let mut settings = Settings::for_cluster("");
        assert_eq!(settings.validate().unwrap_err().0, "kubernetes cluster name must be specified");
        settings.cluster_name = "prod".into();
        settings.default_tags.insert(tags::CLUSTER.into(), "x".into());
        assert_eq!(
            settings.validate().unwrap_err().0,
            "tag key elbv2.k8s.aws/cluster cannot be specified in default-tags flag"
        );
        settings.default_tags.clear();
        settings.backend_security_group = Some("my-sg".into());
        assert_eq!(settings.validate().unwrap_err().0, "invalid value my-sg for backend security group id");
        settings.backend_security_group = None;
        settings.enable_backend_security_group = false;
        settings.enable_manage_backend_security_group_rules = true;
        assert!(settings.validate().unwrap_err().0.starts_with("backend security group must be enabled"));
    }

    #[test]
    fn tag_flags_are_checked_in_the_controllers_order() {
        let mut settings = Settings::for_cluster("prod");
        settings.default_tags.insert("team".into(), "a".into());
        settings.external_managed_tags = vec!["team".into(), tags::SERVICE_STACK.into()];
        // The tracking-key check runs over every external key before the collision check.
        assert_eq!(
            settings.validate().unwrap_err().0,
            "tag key service.k8s.aws/stack cannot be specified in external-managed-tags flag"
        );
        settings.external_managed_tags.pop();
        assert_eq!(
            settings.validate().unwrap_err().0,
            "tag key team cannot be specified in both default-tags and external-managed-tags flag"
        );
        assert_eq!(
            Settings::parse_default_target_type("pod").unwrap_err().0,
            "invalid value pod for default target type (expected instance or ip)"
        );
    }

    #[test]
    fn feature_gates_parse_go_booleans() {
        let mut gates = FeatureGates::default();
        let pairs =
            BTreeMap::from([("NLBSecurityGroup".to_string(), "F".to_string()), ("Other".to_string(), "1".to_string())]);
        assert_eq!(gates.apply(&pairs).unwrap(), vec!["Other".to_string()]);
        assert!(!gates.nlb_security_group);
        let bad = BTreeMap::from([("NLBSecurityGroup".to_string(), "yes".to_string())]);
        assert!(gates.apply(&bad).is_err());
    }
}
