//! Files generated from the clap definition: shell completions (committed under
//! `completions/`) and man pages (committed under `docs/man/`). The tests regenerate them
//! and fail when the committed files differ; `SGCTL_BLESS=1` rewrites them.

use super::args::Cli;
use clap::CommandFactory;
use clap_complete::Shell;

/// The shells sgctl ships completions for, with the file each goes to.
pub const SHELLS: [(Shell, &str); 5] = [
    (Shell::Bash, "sgctl.bash"),
    (Shell::Zsh, "_sgctl"),
    (Shell::Fish, "sgctl.fish"),
    (Shell::PowerShell, "_sgctl.ps1"),
    (Shell::Elvish, "sgctl.elv"),
];

pub fn completion(shell: Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "sgctl", &mut out);
    out
}

/// `sgctl.1` and one page per command (`sgctl-plan.1`, …, `sgctl-state-pull.1`).
pub fn man_pages() -> Vec<(String, Vec<u8>)> {
    // The release alone, not the commit `sgctl --version` adds: the committed pages would
    // otherwise differ after every commit.
    let command = Cli::command().version(env!("CARGO_PKG_VERSION"));
    let mut pages = Vec::new();
    render(&command, "sgctl", &mut pages);
    pages
}

fn render(command: &clap::Command, name: &str, pages: &mut Vec<(String, Vec<u8>)>) {
    let named = command.clone().name(name.to_string()).display_name(name.replace('-', " "));
    let mut out = Vec::new();
    if clap_mangen::Man::new(named).render(&mut out).is_ok() {
        pages.push((format!("{name}.1"), out));
    }
    for sub in command.get_subcommands().filter(|sub| sub.get_name() != "help") {
        render(sub, &format!("{name}-{}", sub.get_name()), pages);
    }
}
