//! Running a command for a figure: wall time, and peak memory (maximum resident set size)
//! when GNU time is installed (`/usr/bin/time`); otherwise the memory is reported unknown.
//! Medians over several runs.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One run of one command.
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    pub wall: Duration,
    /// Peak resident memory in bytes, when GNU time could tell.
    pub peak_bytes: Option<u64>,
    /// The command's own CPU time (user + system), when GNU time could tell.
    pub cpu: Option<Duration>,
}

const GNU_TIME: &str = "/usr/bin/time";

/// Runs `program args` with `env`, stdout discarded (the renderers run all the same);
/// returns the figure and stderr. Panics when the command fails: a figure of a failed run
/// would be a lie.
pub fn run(program: &str, args: &[String], env: &[(String, String)]) -> (Sample, String) {
    let report = std::env::temp_dir().join(format!("sgctl-bench-time-{}", std::process::id()));
    let with_time = Path::new(GNU_TIME).exists();
    let mut command = if with_time {
        let mut command = Command::new(GNU_TIME);
        command.args(["-f", "%M %U %S", "-o"]).arg(&report).arg(program);
        command
    } else {
        Command::new(program)
    };
    command.args(args).envs(env.iter().map(|(k, v)| (k, v))).stdin(Stdio::null()).stdout(Stdio::null());
    let started = Instant::now();
    let output = command.stderr(Stdio::piped()).output().unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    let wall = started.elapsed();
    assert!(
        output.status.success() || output.status.code() == Some(2),
        "{program} {args:?} failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let figures: Vec<String> = with_time
        .then(|| std::fs::read_to_string(&report).ok())
        .flatten()
        .and_then(|text| Some(text.lines().last()?.split_whitespace().map(str::to_string).collect()))
        .unwrap_or_default();
    let peak_bytes = figures.first().and_then(|kib| kib.parse::<u64>().ok()).map(|kib| kib * 1024);
    let cpu = match (
        figures.get(1).and_then(|u| u.parse::<f64>().ok()),
        figures.get(2).and_then(|s| s.parse::<f64>().ok()),
    ) {
        (Some(user), Some(system)) => Some(Duration::from_secs_f64(user + system)),
        _ => None,
    };
    let _ = std::fs::remove_file(&report);
    (Sample { wall, peak_bytes, cpu }, String::from_utf8_lossy(&output.stderr).into_owned())
}

/// The medians of several measurements taken in turns (one run of each, then again), so
/// that the machine's drift between minutes weighs on all of them alike: the ratios
/// between them are what the targets are about. The rounds vary their order so that each
/// command follows each other one about as often: on this machine a run pays for the
/// memory the run before it freed (docs/performance.md), and one fixed order would always
/// make the same command follow the same neighbour.
pub fn medians_in_turns(runs: usize, measures: &mut [&mut dyn FnMut() -> Sample]) -> Vec<Sample> {
    let count = measures.len();
    // Round g of each cycle takes the commands in steps of g (for two or three commands,
    // which are prime, every ordered pair of neighbours occurs once a cycle).
    let order: Vec<usize> = (1..count.max(2)).flat_map(|gap| (0..count).map(move |k| (k * gap) % count)).collect();
    let mut samples: Vec<Vec<Sample>> = measures.iter().map(|_| Vec::new()).collect();
    for &which in order.iter().cycle().take(runs.max(1) * count) {
        samples[which].push(measures[which]());
    }
    samples.into_iter().map(median_of).collect()
}

/// The medians of several measurements taken one command at a time, each after a warm-up
/// run that is not counted (as hyperfine does): each command meets the memory its own last
/// run left, not another program's (docs/performance.md says why that matters here).
pub fn medians_in_blocks(runs: usize, measures: &mut [&mut dyn FnMut() -> Sample]) -> Vec<Sample> {
    measures
        .iter_mut()
        .map(|measure| {
            measure();
            median_of((0..runs.max(1)).map(|_| measure()).collect())
        })
        .collect()
}

/// The median run (and the largest peak memory seen).
fn median_of(mut samples: Vec<Sample>) -> Sample {
    samples.sort_by_key(|sample| sample.wall);
    let peak_bytes = samples.iter().filter_map(|sample| sample.peak_bytes).max();
    let middle = samples[samples.len() / 2];
    Sample { wall: middle.wall, peak_bytes, cpu: middle.cpu }
}

pub fn seconds(duration: Duration) -> String {
    format!("{:.3} s", duration.as_secs_f64())
}

pub fn cpu(sample: &Sample) -> String {
    sample.cpu.map_or_else(|| "unknown (no GNU time)".into(), seconds)
}

pub fn megabytes(bytes: Option<u64>) -> String {
    match bytes {
        Some(bytes) => format!("{:.0} MB", bytes as f64 / 1_000_000.0),
        None => "unknown (no GNU time)".into(),
    }
}
