//! Settings from three places, in this precedence: the flag, the key of the same name in
//! `sgctl.yaml` (e.g. `cluster-name: prod`), the environment variable `SGCTL_<NAME>`
//! (e.g. `SGCTL_CLUSTER_NAME`). Validated into `Settings` with the controller's checks.

use super::args::SettingsArgs;
use crate::go::{parse_bool, parse_string_map, split_comma_separated};
use crate::settings::{Scheme, Settings};
use anyhow::{anyhow, bail, Context, Result};
use std::collections::BTreeMap;

/// Every key sgctl.yaml accepts (the flag names).
pub const KEYS: &[&str] = &[
    "cluster-name",
    "vpc-id",
    "enable-backend-security-group",
    "backend-security-group",
    "enable-manage-backend-security-group-rules",
    "disable-restricted-sg-rules",
    "default-tags",
    "external-managed-tags",
    "default-load-balancer-scheme",
    "default-target-type",
    "load-balancer-class",
    "ingress-class",
    "feature-gates",
    "service-target-eni-security-group-tags",
    "enable-service-mutator-webhook",
    "tolerate-non-existent-backend-service",
    "tolerate-non-existent-backend-action",
    "watch-namespace",
    "node-security-group",
    "state",
    "cluster-export",
    "profile",
    "region",
    "endpoint-url",
];

/// A config value: YAML scalars, lists and maps are all accepted where they make sense.
#[derive(Clone, Debug, PartialEq)]
enum ConfigValue {
    Text(String),
    List(Vec<String>),
    Map(BTreeMap<String, String>),
}

#[derive(Debug, Default)]
pub struct ConfigFile {
    values: BTreeMap<String, ConfigValue>,
    label: String,
}

impl ConfigFile {
    /// Reads `--config FILE`, or `sgctl.yaml` in the current folder when present.
    pub fn load(explicit: Option<&str>) -> Result<ConfigFile> {
        let path = match explicit {
            Some(path) => path.to_string(),
            None if std::path::Path::new("sgctl.yaml").exists() => "sgctl.yaml".to_string(),
            None => return Ok(ConfigFile::default()),
        };
        let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read config file {path}"))?;
        ConfigFile::parse(&path, &text)
    }

    pub fn parse(label: &str, text: &str) -> Result<ConfigFile> {
        let raw: BTreeMap<String, serde_yaml_ng::Value> = if text.trim().is_empty() {
            BTreeMap::new()
        } else {
            serde_yaml_ng::from_str(text).map_err(|e| anyhow!("{label}: invalid config: {e}"))?
        };
        let mut values = BTreeMap::new();
        for (key, value) in raw {
            if !KEYS.contains(&key.as_str()) {
                let nearest = KEYS.iter().min_by_key(|candidate| edit_distance(&key, candidate)).copied().unwrap_or("");
                bail!("{label}: unknown key {key:?}; did you mean {nearest:?}?");
            }
            let converted =
                convert(&value).ok_or_else(|| anyhow!("{label}: key {key}: expected a string, a list or a map"))?;
            values.insert(key, converted);
        }
        Ok(ConfigFile { values, label: label.to_string() })
    }
}

fn scalar(value: &serde_yaml_ng::Value) -> Option<String> {
    match value {
        serde_yaml_ng::Value::String(text) => Some(text.clone()),
        serde_yaml_ng::Value::Bool(flag) => Some(flag.to_string()),
        serde_yaml_ng::Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

fn convert(value: &serde_yaml_ng::Value) -> Option<ConfigValue> {
    match value {
        serde_yaml_ng::Value::Sequence(items) => {
            items.iter().map(scalar).collect::<Option<Vec<_>>>().map(ConfigValue::List)
        }
        serde_yaml_ng::Value::Mapping(map) => map
            .iter()
            .map(|(k, v)| Some((scalar(k)?, scalar(v)?)))
            .collect::<Option<BTreeMap<_, _>>>()
            .map(ConfigValue::Map),
        other => scalar(other).map(ConfigValue::Text),
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            current.push((previous[j] + cost).min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// Where a setting's value came from, for error messages.
struct Lookup<'a> {
    config: &'a ConfigFile,
    env: &'a dyn Fn(&str) -> Option<String>,
}

impl Lookup<'_> {
    fn env_name(key: &str) -> String {
        format!("SGCTL_{}", key.to_ascii_uppercase().replace('-', "_"))
    }

    /// The flag's value, else the config key's, else the environment's, as (value, origin).
    fn text(&self, flag: Option<&String>, key: &str) -> Option<(ConfigValue, String)> {
        if let Some(value) = flag {
            return Some((ConfigValue::Text(value.clone()), format!("--{key}")));
        }
        if let Some(value) = self.config.values.get(key) {
            return Some((value.clone(), format!("{} key {key}", self.config.label)));
        }
        let name = Self::env_name(key);
        (self.env)(&name).map(|value| (ConfigValue::Text(value), name))
    }

    fn string(&self, flag: Option<&String>, key: &str) -> Result<Option<String>> {
        match self.text(flag, key) {
            None => Ok(None),
            Some((ConfigValue::Text(text), _)) => Ok(Some(text)),
            Some((_, origin)) => bail!("{origin}: expected a single value"),
        }
    }

    fn bool(&self, flag: Option<&String>, key: &str, default: bool) -> Result<bool> {
        match self.string(flag, key)? {
            None => Ok(default),
            Some(text) => parse_bool(&text).ok_or_else(|| {
                anyhow!("invalid argument {text:?} for --{key}: strconv.ParseBool: parsing {text:?}: invalid syntax")
            }),
        }
    }

    fn list(&self, flag: Option<&String>, key: &str) -> Result<Vec<String>> {
        Ok(match self.text(flag, key) {
            None => Vec::new(),
            Some((ConfigValue::Text(text), _)) => split_comma_separated(&text),
            Some((ConfigValue::List(items), _)) => items,
            Some((ConfigValue::Map(_), origin)) => bail!("{origin}: expected a list"),
        })
    }

    fn map(&self, flag: Option<&String>, key: &str) -> Result<BTreeMap<String, String>> {
        Ok(match self.text(flag, key) {
            None => BTreeMap::new(),
            Some((ConfigValue::Text(text), origin)) => {
                parse_string_map(&text).map_err(|item| anyhow!("{origin}: {item:?} must be formatted as key=value"))?
            }
            Some((ConfigValue::Map(map), _)) => map,
            Some((ConfigValue::List(items), origin)) => parse_string_map(&items.join(","))
                .map_err(|item| anyhow!("{origin}: {item:?} must be formatted as key=value"))?,
        })
    }
}

/// How to reach AWS: each of `--profile`, `--region`, `--endpoint-url`, else its
/// `sgctl.yaml` key, else `SGCTL_<NAME>`; what is still unset is left to the SDK's own
/// `AWS_*` variables and profile files. `AWS_MAX_ATTEMPTS` bounds retries (default 5).
pub fn aws_options(
    args: &super::args::AwsArgs,
    config: &ConfigFile,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<crate::aws::AwsOptions> {
    let lookup = Lookup { config, env };
    let max_attempts = match env("AWS_MAX_ATTEMPTS") {
        Some(raw) => raw.parse::<u32>().map_err(|_| anyhow!("AWS_MAX_ATTEMPTS must be a whole number, not {raw:?}"))?,
        None => 5,
    };
    Ok(crate::aws::AwsOptions {
        profile: lookup.string(args.profile.as_ref(), "profile")?,
        region: lookup.string(args.region.as_ref(), "region")?,
        endpoint_url: lookup.string(args.endpoint_url.as_ref(), "endpoint-url")?,
        max_attempts,
    })
}

/// The snapshot path: `--state`, else the `state` key, else `SGCTL_STATE`.
pub fn state_path(
    flag: Option<&String>,
    config: &ConfigFile,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<String>> {
    Lookup { config, env }.string(flag, "state")
}

/// The cluster exports read beneath the input: every `--cluster-export`, else the
/// `cluster-export` key (a path or a list), else `SGCTL_CLUSTER_EXPORT` (comma-separated).
pub fn cluster_exports(
    flags: &[String],
    config: &ConfigFile,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<String>> {
    if !flags.is_empty() {
        return Ok(flags.to_vec());
    }
    Lookup { config, env }.list(None, "cluster-export")
}

/// Builds validated settings (with the names of the feature gates sgctl ignores).
pub fn settings(args: &SettingsArgs, config: &ConfigFile, env: &dyn Fn(&str) -> Option<String>) -> Result<Settings> {
    let lookup = Lookup { config, env };
    let cluster = lookup.string(args.cluster_name.as_ref(), "cluster-name")?.unwrap_or_default();
    let mut settings = Settings::for_cluster(cluster);
    settings.vpc_id = lookup.string(args.vpc_id.as_ref(), "vpc-id")?;
    settings.enable_backend_security_group =
        lookup.bool(args.enable_backend_security_group.as_ref(), "enable-backend-security-group", true)?;
    settings.backend_security_group =
        lookup.string(args.backend_security_group.as_ref(), "backend-security-group")?.filter(|s| !s.is_empty());
    settings.enable_manage_backend_security_group_rules = lookup.bool(
        args.enable_manage_backend_security_group_rules.as_ref(),
        "enable-manage-backend-security-group-rules",
        false,
    )?;
    settings.disable_restricted_sg_rules =
        lookup.bool(args.disable_restricted_sg_rules.as_ref(), "disable-restricted-sg-rules", false)?;
    settings.default_tags = lookup.map(args.default_tags.as_ref(), "default-tags")?;
    settings.external_managed_tags = lookup.list(args.external_managed_tags.as_ref(), "external-managed-tags")?;
    if let Some(raw) = lookup.string(args.default_load_balancer_scheme.as_ref(), "default-load-balancer-scheme")? {
        settings.default_scheme = Scheme::parse(&raw).ok_or_else(|| {
            anyhow!("invalid value {raw:?} for --default-load-balancer-scheme: expected internal or internet-facing")
        })?;
    }
    let default_target_type = lookup.string(args.default_target_type.as_ref(), "default-target-type")?;
    if let Some(class) = lookup.string(args.load_balancer_class.as_ref(), "load-balancer-class")? {
        settings.load_balancer_class = class;
    }
    if let Some(class) = lookup.string(args.ingress_class.as_ref(), "ingress-class")? {
        settings.ingress_class = class;
    }
    let gates = lookup.map(args.feature_gates.as_ref(), "feature-gates")?;
    settings.ignored_feature_gates = settings.feature_gates.apply(&gates)?;
    settings.service_target_eni_security_group_tags =
        lookup.map(args.service_target_eni_security_group_tags.as_ref(), "service-target-eni-security-group-tags")?;
    settings.enable_service_mutator_webhook =
        lookup.bool(args.enable_service_mutator_webhook.as_ref(), "enable-service-mutator-webhook", true)?;
    settings.tolerate_non_existent_backend_service = lookup.bool(
        args.tolerate_non_existent_backend_service.as_ref(),
        "tolerate-non-existent-backend-service",
        true,
    )?;
    settings.tolerate_non_existent_backend_action = lookup.bool(
        args.tolerate_non_existent_backend_action.as_ref(),
        "tolerate-non-existent-backend-action",
        true,
    )?;
    settings.watch_namespace =
        lookup.string(args.watch_namespace.as_ref(), "watch-namespace")?.filter(|namespace| !namespace.is_empty());
    settings.node_security_groups = if args.node_security_group.is_empty() {
        lookup.list(None, "node-security-group")?
    } else {
        args.node_security_group.clone()
    };
    // The controller's order: the tag flags, the default target type, the rest.
    settings.validate_tags()?;
    if let Some(raw) = default_target_type {
        settings.default_target_type = Settings::parse_default_target_type(&raw)?;
    }
    settings.validate_rest()?;
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::TargetType;

    #[test]
    fn flag_beats_config_beats_environment() {
        let config = ConfigFile::parse("sgctl.yaml", "cluster-name: from-config\nvpc-id: vpc-config\n").unwrap();
        let env = |name: &str| match name {
            "SGCTL_VPC_ID" => Some("vpc-env".to_string()),
            "SGCTL_DEFAULT_TARGET_TYPE" => Some("ip".to_string()),
            _ => None,
        };
        let args = SettingsArgs { cluster_name: Some("from-flag".into()), ..SettingsArgs::default() };
        let settings = super::settings(&args, &config, &env).unwrap();
        assert_eq!(settings.cluster_name, "from-flag");
        assert_eq!(settings.vpc_id.as_deref(), Some("vpc-config"));
        assert_eq!(settings.default_target_type, TargetType::Ip);
    }

    #[test]
    fn unknown_keys_name_the_nearest() {
        let error = ConfigFile::parse("sgctl.yaml", "cluster-nmae: x\n").unwrap_err().to_string();
        assert_eq!(error, "sgctl.yaml: unknown key \"cluster-nmae\"; did you mean \"cluster-name\"?");
    }

    #[test]
    fn yaml_maps_and_lists_are_accepted() {
        let config =
            ConfigFile::parse("c", "cluster-name: c\ndefault-tags: {team: web}\nnode-security-group: [sg-1, sg-2]\n")
                .unwrap();
        let settings = super::settings(&SettingsArgs::default(), &config, &|_| None).unwrap();
        assert_eq!(settings.default_tags["team"], "web");
        assert_eq!(settings.node_security_groups, vec!["sg-1", "sg-2"]);
    }
}
