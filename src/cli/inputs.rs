//! What every planning command starts from: the settings (flag, then `sgctl.yaml`, then the
//! environment), the AWS options, the manifests, and the live side, a snapshot file or the
//! account; and the one library call that plans them (`pipeline::plan`).

use super::args::CommonArgs;
use super::config::{self, ConfigFile};
use crate::aws::AwsOptions;
use crate::manifest::Manifests;
use crate::pipeline::Planned;
use crate::settings::Settings;
use crate::sg::Account;
use anyhow::{Context, Result};

/// The settings and AWS options of one run, with the settings file they came from.
#[derive(Debug)]
pub struct Inputs {
    pub settings: Settings,
    pub aws: AwsOptions,
    config: ConfigFile,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

impl Inputs {
    pub fn load(common: &CommonArgs) -> Result<Inputs> {
        let config = ConfigFile::load(common.config.as_deref())?;
        let settings = config::settings(&common.settings, &config, &env)?;
        let aws = config::aws_options(&common.aws, &config, &env)?;
        Ok(Inputs { settings, aws, config })
    }

    /// The snapshot to plan against: `--state`, else the `state` key, else `SGCTL_STATE`.
    pub fn snapshot_path(&self, flag: Option<&String>) -> Result<Option<String>> {
        config::state_path(flag, &self.config, &env)
    }
}

/// Where the account is, alone (applying a saved plan needs no settings).
pub fn aws_options(common: &CommonArgs) -> Result<AwsOptions> {
    config::aws_options(&common.aws, &ConfigFile::load(common.config.as_deref())?, &env)
}

/// The manifests under `paths` (`-` reads standard input); `-v` says what was read.
pub fn load_manifests(paths: &[String]) -> Result<Manifests> {
    let manifests = tracing::debug_span!("loading the manifests")
        .in_scope(|| crate::manifest::load(paths, &mut std::io::stdin().lock()))?;
    tracing::info!(
        "sgctl: read {} Ingresses, {} Services, {} IngressClasses, {} IngressClassParams, {} workloads",
        manifests.ingresses.len(),
        manifests.services.len(),
        manifests.ingress_classes.len(),
        manifests.ingress_class_params.len(),
        manifests.pod_templates.len()
    );
    if !manifests.skipped.is_empty() {
        let kinds: Vec<String> = manifests.skipped.iter().map(|(kind, count)| format!("{kind} {count}")).collect();
        let total: usize = manifests.skipped.values().sum();
        tracing::info!("sgctl: skipped {total} objects of kinds sgctl does not model: {}", kinds.join(", "));
    }
    Ok(manifests)
}

pub fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread().enable_all().build()?)
}

pub fn read_snapshot(path: &str) -> Result<Account> {
    let _reading = tracing::debug_span!("reading the snapshot").entered();
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read snapshot {path}"))?;
    Ok(crate::state::read(path, &text)?)
}

/// Connects to AWS. Bad input is refused first (`model::preflight`): without it, a user with
/// no credentials or region would be told about those instead of about the manifests.
pub async fn connect(inputs: &Inputs, manifests: &Manifests) -> Result<crate::aws::Aws> {
    crate::model::preflight(manifests, &inputs.settings)?;
    Ok(crate::aws::connect(&inputs.aws).await?)
}

/// Plans the manifests under `paths` against the snapshot at `snapshot`, or against the live
/// account.
pub fn plan(inputs: &Inputs, paths: &[String], snapshot: Option<&str>, additive: bool) -> Result<Planned> {
    let settings = &inputs.settings;
    // The snapshot is read on the other core while the manifests load: 40 ms of a plan
    // at 20,000 objects (docs/performance.md). A manifest error is still the one reported.
    let (manifests, account) = match snapshot {
        Some(path) => {
            let (manifests, account) = rayon::join(|| load_manifests(paths), || read_snapshot(path));
            (manifests?, Some(account?))
        }
        None => (load_manifests(paths)?, None),
    };
    runtime()?.block_on(async {
        match account {
            Some(account) => Ok(crate::pipeline::plan(manifests, settings, &account, additive).await?),
            None => {
                let aws = connect(inputs, &manifests).await?;
                let planned = crate::pipeline::plan(manifests, settings, &aws, additive).await?;
                tracing::info!("sgctl: {} EC2 requests to {}", aws.ec2_requests(), aws.region);
                Ok(planned)
            }
        }
    })
}
