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
    let read = wanted(settings, manifests);
    hashing_beside(account, || {
        let desired =
            timed("model", || crate::model::build(manifests, settings, account)).map_err(|e| anyhow::anyhow!(e))?;
        finish(desired, read, settings, account, additive)
    })
}

/// A plan that failed: the error, and the manifests when the model failed before it was
/// done with them (the caller may need them to report the error as it would otherwise).
#[derive(Debug)]
pub struct Failed {
    pub error: anyhow::Error,
    pub manifests: Option<Manifests>,
}

/// `plan_against` for a caller done with the manifests once the plan is made: they are
/// handed to `dispose` as soon as the model is built, so that the memory they free is
/// what the diff, the findings and the document then use (fresh memory costs time:
/// docs/performance.md). `read` is `wanted(settings, &manifests)`, which the caller has already computed to read
/// the account.
pub fn plan_against_consuming(
    manifests: Manifests,
    read: Wanted,
    settings: &Settings,
    account: &Account,
    additive: bool,
    dispose: impl FnOnce(Manifests),
) -> Result<Plan, Failed> {
    hashing_beside(account, move || match timed("model", || crate::model::build(&manifests, settings, account)) {
        Err(error) => Err(Failed { error: anyhow::anyhow!(error), manifests: Some(manifests) }),
        Ok(desired) => {
            dispose(manifests);
            finish(desired, read, settings, account, additive).map_err(|error| Failed { error, manifests: None })
        }
    })
}

/// Runs `plan` while the account's fingerprint and digests are hashed on another core (they
/// need nothing else), and fills them in.
fn hashing_beside<E>(account: &Account, plan: impl FnOnce() -> Result<Plan, E>) -> Result<Plan, E> {
    let (planned, (fingerprint, digests)) = std::thread::scope(|scope| {
        let fingerprint = scope.spawn(|| timed("fingerprint", || crate::state::fingerprint_and_digests(account)));
        let planned = plan();
        (planned, fingerprint.join().expect("hashing the account does not panic"))
    });
    let mut plan = planned?;
    plan.fingerprint = fingerprint;
    plan.digests = digests;
    Ok(plan)
}

/// The diff and the findings of a desired state; `read` is what was read from the account.
fn finish(
    desired: crate::model::Desired,
    read: crate::state::Wanted,
    settings: &Settings,
    account: &Account,
    additive: bool,
) -> anyhow::Result<Plan> {
    let mut plan =
        timed("diff", || crate::plan::diff(desired, account, settings, additive)).map_err(|e| anyhow::anyhow!(e))?;
    plan.read = read;
    timed("findings", || crate::plan::findings::check(&mut plan, account, &settings.cluster_name));
    Ok(plan)
}
