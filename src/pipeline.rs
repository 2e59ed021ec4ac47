//! The whole planning pipeline behind one call, for the CLI and the tests: decide what to
//! read from the account, read it through any `Ec2Read` (live, snapshot, or fake), build the
//! desired state, diff.

use crate::ec2::Ec2Read;
use crate::manifest::Manifests;
use crate::plan::Plan;
use crate::settings::Settings;
use crate::sg::Account;
use crate::state::{fetch, Wanted};

/// What to read: the cluster's groups, plus those named by id or `Name` tag in the
/// manifests (custom SGs) and in the settings (backend and node SGs), and the prefix lists
/// the manifests name.
pub fn wanted(settings: &Settings, manifests: &Manifests) -> Wanted {
    let (mut group_ids, group_names) = crate::model::referenced_groups(manifests);
    group_ids.extend(settings.backend_security_group.iter().cloned());
    group_ids.extend(settings.node_security_groups.iter().cloned());
    Wanted {
        cluster: settings.cluster_name.clone(),
        vpc_id: settings.vpc_id.clone(),
        group_ids,
        group_names,
        prefix_list_ids: crate::model::referenced_prefix_lists(manifests),
    }
}

/// Reads the account and plans. Returns the account read too (for snapshots and apply).
pub async fn plan<E: Ec2Read>(
    manifests: &Manifests,
    settings: &Settings,
    ec2: &E,
    additive: bool,
) -> anyhow::Result<(Plan, Account)> {
    crate::model::preflight(manifests, settings).map_err(|e| anyhow::anyhow!(e))?;
    let account = fetch(ec2, &wanted(settings, manifests)).await?;
    let plan = plan_against(manifests, settings, &account, additive)?;
    Ok((plan, account))
}

/// Runs one stage of the pipeline and, at `-vv`, says how long it took (docs/performance.md
/// uses these to tell where the time of a big plan goes).
pub fn timed<T>(stage: &str, run: impl FnOnce() -> T) -> T {
    let started = std::time::Instant::now();
    let result = run();
    tracing::debug!("sgctl: {stage} took {:.1} ms", started.elapsed().as_secs_f64() * 1000.0);
    result
}

/// Plans against an account already read.
pub fn plan_against(
    manifests: &Manifests,
    settings: &Settings,
    account: &Account,
    additive: bool,
) -> anyhow::Result<Plan> {
    // The fingerprint hashes the whole account read; it needs nothing else, so it is
    // computed on another core while the model and the diff run.
    let (planned, (fingerprint, digests)) = std::thread::scope(|scope| {
        let fingerprint = scope.spawn(|| timed("fingerprint", || crate::state::fingerprint_and_digests(account)));
        let planned = timed("model", || crate::model::build(manifests, settings, account))
            .and_then(|desired| timed("diff", || crate::plan::diff(desired, account, settings, additive)));
        (planned, fingerprint.join().expect("hashing the account does not panic"))
    });
    let mut plan = planned.map_err(|e| anyhow::anyhow!(e))?;
    plan.fingerprint = fingerprint;
    plan.digests = digests;
    plan.read = wanted(settings, manifests);
    timed("findings", || crate::plan::findings::check(&mut plan, account, &settings.cluster_name));
    Ok(plan)
}
