//! The sgctl binary: everything lives in the library; this only hands over the exit code
//! and picks the allocator.

/// mimalloc instead of glibc's malloc: a big plan allocates and frees millions of small
/// strings; with glibc's allocator a 20,000-object plan in 100 files took 0.71 s instead of
/// 0.53 s, over its budget of 0.3 × PyYAML's 1.96 s (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    sgctl::cli::main()
}
