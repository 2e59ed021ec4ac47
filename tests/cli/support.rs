//! A small fluent runner for the `sgctl` binary: isolated from the caller's environment
//! (no `SGCTL_*` or `AWS_*` variables leak in; the instance metadata service is always
//! disabled), run in a chosen folder, with optional stdin.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[derive(Debug)]
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

#[derive(Debug)]
pub struct Sgctl {
    args: Vec<String>,
    dir: PathBuf,
    stdin: Option<String>,
    env: Vec<(String, String)>,
}

pub fn sgctl<I, S>(args: I) -> Sgctl
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    Sgctl {
        args: args.into_iter().map(|a| a.as_ref().to_string()).collect(),
        dir: repo_root(),
        stdin: None,
        env: Vec::new(),
    }
}

impl Sgctl {
    pub fn in_dir(mut self, dir: &Path) -> Self {
        self.dir = dir.to_path_buf();
        self
    }

    pub fn stdin(mut self, text: &str) -> Self {
        self.stdin = Some(text.to_string());
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.into(), value.into()));
        self
    }

    pub fn run(self) -> Outcome {
        let mut command = Command::new(env!("CARGO_BIN_EXE_sgctl"));
        command.args(&self.args).current_dir(&self.dir).env_clear();
        if let Ok(path) = std::env::var("PATH") {
            command.env("PATH", path);
        }
        // No test may send a packet to the instance metadata service (or anywhere but 127.0.0.1).
        command.env("AWS_EC2_METADATA_DISABLED", "true");
        command.envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        command.stdin(if self.stdin.is_some() { Stdio::piped() } else { Stdio::null() });
        command.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = command.spawn().expect("sgctl runs");
        if let Some(text) = &self.stdin {
            child.stdin.take().expect("stdin").write_all(text.as_bytes()).expect("stdin written");
        }
        let output = child.wait_with_output().expect("sgctl finishes");
        Outcome {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).expect("utf-8 stdout"),
            stderr: String::from_utf8(output.stderr).expect("utf-8 stderr"),
        }
    }
}
