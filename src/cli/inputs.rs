//! What every planning command starts from: the settings (flag, then `sgctl.yaml`, then the
//! environment), the AWS options, the manifests, and the live side, a snapshot file or the
//! account; and the one library call that plans them (`pipeline::plan`).

use super::args::{AwsArgs, CommonArgs, InputArgs};
use super::config::{self, ConfigFile};
use crate::aws::AwsOptions;
use crate::document::ObjectsDoc;
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
    /// `--cluster-export` files: the rest of the cluster, beneath the input.
    pub exports: Vec<String>,
    config: ConfigFile,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

impl Inputs {
    pub fn load(common: &CommonArgs) -> Result<Inputs> {
        Inputs::read(&common.input, &common.aws)
    }

    /// For a command that makes no AWS call (`diff`).
    pub fn offline(input: &InputArgs) -> Result<Inputs> {
        Inputs::read(input, &AwsArgs::default())
    }

    fn read(input: &InputArgs, aws: &AwsArgs) -> Result<Inputs> {
        let config = ConfigFile::load(input.config.as_deref())?;
        let settings = config::settings(&input.settings, &config, &env)?;
        let aws = config::aws_options(aws, &config, &env)?;
        let exports = config::cluster_exports(&input.cluster_export, &config, &env)?;
        Ok(Inputs { settings, aws, exports, config })
    }

    /// The objects to plan: those under `paths`, over the cluster exports' (when any are
    /// given), with how many came from each.
    pub fn manifests(&self, paths: &[String]) -> Result<Loaded> {
        let input = load_manifests(paths)?;
        Ok(over(self.export()?, input, None))
    }

    /// The objects of the cluster exports, when any are given.
    pub fn export(&self) -> Result<Option<Manifests>> {
        if self.exports.is_empty() {
            return Ok(None);
        }
        let export = tracing::debug_span!("loading the cluster export")
            .in_scope(|| crate::manifest::load(&self.exports, &mut std::io::stdin().lock()))
            .context("cannot read the cluster export")?;
        Ok(Some(export))
    }

    /// The snapshot to plan against: `--state`, else the `state` key, else `SGCTL_STATE`.
    pub fn snapshot_path(&self, flag: Option<&String>) -> Result<Option<String>> {
        config::state_path(flag, &self.config, &env)
    }
}

/// `input` over `export` (`manifest::beneath`), the export's objects that `taken_out` has
/// (the old side of a diff) removed first; without an export, `input` alone.
pub fn over(export: Option<Manifests>, input: Manifests, taken_out: Option<&Manifests>) -> Loaded {
    let Some(mut export) = export else {
        return Loaded { manifests: input, objects: None };
    };
    if let Some(old) = taken_out {
        export = export.without(&old.keys());
    }
    let from_input = input.object_count();
    let manifests = crate::manifest::beneath(export, input);
    let from_cluster_export = manifests.object_count() - from_input;
    tracing::info!("sgctl: {from_cluster_export} objects from the cluster export, {from_input} from the input");
    Loaded { manifests, objects: Some(ObjectsDoc { from_cluster_export, from_input }) }
}

/// The objects to plan, and how many came from a cluster export and from the input (when
/// an export was read).
#[derive(Debug)]
pub struct Loaded {
    pub manifests: Manifests,
    pub objects: Option<ObjectsDoc>,
}

/// Where the account is, alone (applying a saved plan needs no settings).
pub fn aws_options(common: &CommonArgs) -> Result<AwsOptions> {
    config::aws_options(&common.aws, &ConfigFile::load(common.input.config.as_deref())?, &env)
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
/// account, with how many objects came from a cluster export and from the input.
pub fn plan(
    inputs: &Inputs,
    paths: &[String],
    snapshot: Option<&str>,
    additive: bool,
) -> Result<(Planned, Option<ObjectsDoc>)> {
    let settings = &inputs.settings;
    // The snapshot is read on the other core while the manifests load: 40 ms of a plan
    // at 20,000 objects (docs/performance.md). A manifest error is still the one reported.
    let (loaded, account) = match snapshot {
        Some(path) => {
            let (loaded, account) = rayon::join(|| inputs.manifests(paths), || read_snapshot(path));
            (loaded?, Some(account?))
        }
        None => (inputs.manifests(paths)?, None),
    };
    let Loaded { manifests, objects } = loaded;
    let planned = runtime()?.block_on(async {
        match account {
            Some(account) => anyhow::Ok(crate::pipeline::plan(manifests, settings, &account, additive).await?),
            None => {
                let aws = connect(inputs, &manifests).await?;
                let planned = crate::pipeline::plan(manifests, settings, &aws, additive).await?;
                tracing::info!("sgctl: {} EC2 requests to {}", aws.ec2_requests(), aws.region);
                Ok(planned)
            }
        }
    })?;
    Ok((planned, objects))
}
