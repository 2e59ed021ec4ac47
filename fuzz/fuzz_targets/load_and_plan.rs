//! Any bytes, as a manifest file on standard input, through everything `sgctl plan` does
//! without AWS: loading (UTF-8, size cap, YAML, strict keys, Kubernetes types), the
//! pre-flight, the model against the example account, the diff, the findings and both
//! renderings. It must never panic, hang or run out of memory, and the same input must
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

/// The text and JSON renderings of the plan, or `None` when the input is refused.
fn plan(data: &[u8]) -> Option<(String, String)> {
    // Errors are the expected outcome for most inputs; they must be errors, not panics.
    let manifests = sgctl::manifest::load(&["-".to_string()], &mut &data[..]).ok()?;
    let settings = settings();
    sgctl::model::preflight(&manifests, &settings).ok()?;
    let plan = sgctl::pipeline::plan_against(&manifests, &settings, example_account(), false).ok()?;
    let document = sgctl::render::json::document(&plan);
    let json = serde_json::to_string(&document).expect("a plan document always serialises");
    Some((sgctl::render::text::render(&document), json))
}

fuzz_target!(|data: &[u8]| {
    let first = plan(data);
    if first.is_some() {
        assert_eq!(first, plan(data), "the same input planned twice rendered differently");
    }
});
