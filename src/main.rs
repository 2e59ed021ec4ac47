//! The sgctl binary: everything lives in the library; this only hands over the exit code.

fn main() -> std::process::ExitCode {
    sgctl::cli::main()
}
