# shellcheck shell=bash
# The names of sgctl's release archives, in one place: sourced by package.sh (which the
# release workflow runs to make them) and by install.sh (which the GitHub Action runs to
# fetch them), so the two cannot disagree. tests/cli/release.rs checks both against the
# workflow's build matrix.

# The Rust targets released, one per runner OS and architecture that GitHub offers.
SGCTL_TARGETS="x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu x86_64-apple-darwin aarch64-apple-darwin x86_64-pc-windows-msvc"

# target_for RUNNER_OS RUNNER_ARCH: the target whose archive runs there (the values of the
# runner context: Linux, macOS, Windows; X64, ARM64).
target_for() {
  case "$1/$2" in
    Linux/X64) echo x86_64-unknown-linux-gnu ;;
    Linux/ARM64) echo aarch64-unknown-linux-gnu ;;
    macOS/X64) echo x86_64-apple-darwin ;;
    macOS/ARM64) echo aarch64-apple-darwin ;;
    Windows/X64) echo x86_64-pc-windows-msvc ;;
    *) echo "sgctl has no release for $1 on $2 (released: $SGCTL_TARGETS)" >&2; return 1 ;;
  esac
}

# archive_stem VERSION TARGET: the archive's name without its suffix, and its top folder
# (VERSION without the v: 0.1.0).
archive_stem() {
  echo "sgctl-v$1-$2"
}

# archive_suffix TARGET: .zip on Windows, .tar.gz elsewhere.
archive_suffix() {
  case "$1" in
    *-windows-*) echo .zip ;;
    *) echo .tar.gz ;;
  esac
}

# archive_name VERSION TARGET
archive_name() {
  echo "$(archive_stem "$1" "$2")$(archive_suffix "$2")"
}

# binary_name TARGET: sgctl, or sgctl.exe on Windows.
binary_name() {
  case "$1" in
    *-windows-*) echo sgctl.exe ;;
    *) echo sgctl ;;
  esac
}

# sha256_of FILE: the hex SHA-256 of FILE (sha256sum on Linux and Windows' Git Bash,
# shasum on macOS).
sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}
