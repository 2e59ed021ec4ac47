//! The sgctl binary: everything lives in the library; this only hands over the exit code
//! and picks the allocator.

/// mimalloc instead of glibc's malloc: a big plan allocates and frees millions of small
/// strings, and glibc's allocator was about a quarter of its time (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    sgctl::cli::main()
}
