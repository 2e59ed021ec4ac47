//! Any bytes, as a manifest file on standard input, through everything `sgctl plan` does
//! without AWS: loading (UTF-8, size cap, YAML, strict keys, Kubernetes types), the one
//! pipeline (pre-flight, the example account read through the port, the model, the diff,
//! the findings) and both renderings. It must never panic, hang or run out of memory, and the same input must
//! render byte-identically twice (determinism).

#![no_main]

use libfuzzer_sys::fuzz_target;
use sgctl::settings::Settings;
use sgctl::sg::Account;
use std::sync::OnceLock;

/// The bundled example account, so that manifests meet real groups, subnets and node SGs.
fn example_account() -> &'static Account {
    static ACCOUNT: OnceLock<Account> = OnceLock::new();
    ACCOUNT.get_or_init(|| {
        sgctl::state::read("examples/snapshot.json", include_str!("../../examples/snapshot.json"))
            .expect("the example snapshot is valid")
    })
}

/// The example's settings (`examples/sgctl.yaml`).
fn settings() -> Settings {
    let mut settings = Settings::for_cluster("prod");
    settings.vpc_id = Some("vpc-0a1b2c3d4e5f60718".to_string());
    settings.default_tags.insert("managed-by".to_string(), "platform-team".to_string());
    settings
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| tokio::runtime::Builder::new_current_thread().build().expect("a runtime"))
}

/// The text and JSON renderings of the plan, or `None` when the input is refused.
fn plan(data: &[u8]) -> Option<(String, String)> {
    // Errors are the expected outcome for most inputs; they must be errors, not panics.
    let manifests = sgctl::manifest::load(&["-".to_string()], &mut &data[..]).ok()?;
    let settings = settings();
    let planning = sgctl::pipeline::plan(manifests, &settings, example_account(), false);
    // The example account answers at once: the future completes on its first poll.
    let planned = runtime().block_on(planning).ok()?;
    let document = sgctl::document::build(&planned.plan);
    Some((sgctl::render::text::render(&document), sgctl::document::to_text(&document)))
}

fuzz_target!(|data: &[u8]| {
    let first = plan(data);
    if first.is_some() {
        assert_eq!(first, plan(data), "the same input planned twice rendered differently");
    }
});
