#!/usr/bin/env bash
# install.sh: what the GitHub Action (action.yml) runs. Downloads the sgctl release archive
# for this runner, checks it against its published SHA-256, unpacks it and puts sgctl on
# PATH. Environment:
#   SGCTL_VERSION   the version to install (1.2.3 or v1.2.3)
#   SGCTL_RELEASES  where the releases are: https://github.com/OWNER/REPO/releases/download
#                   (a file:// URL works too, as the tests use it)
#   RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_PATH, GITHUB_OUTPUT: set by the runner
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scripts/release/names.sh
. "$here/names.sh"

version="${SGCTL_VERSION#v}"
if [ -z "$version" ]; then
  echo "install.sh: no sgctl version given" >&2
  exit 1
fi
target="$(target_for "$RUNNER_OS" "$RUNNER_ARCH")"
archive="$(archive_name "$version" "$target")"
url="$SGCTL_RELEASES/v$version/$archive"
dir="$RUNNER_TEMP/sgctl-$version"
mkdir -p "$dir"
echo "Downloading $url"
curl --fail --silent --show-error --location --retry 3 --output "$dir/$archive" "$url"
curl --fail --silent --show-error --location --retry 3 --output "$dir/$archive.sha256" "$url.sha256"
expected="$(cut -d' ' -f1 < "$dir/$archive.sha256")"
actual="$(sha256_of "$dir/$archive")"
if [ "$expected" != "$actual" ]; then
  echo "install.sh: $archive has SHA-256 $actual, but the release says $expected" >&2
  exit 1
fi
case "$archive" in
  *.zip) unzip -q -o "$dir/$archive" -d "$dir" ;;   # Git for Windows has unzip; its tar is GNU tar
  *) tar -xzf "$dir/$archive" -C "$dir" ;;
esac
bin="$dir/$(archive_stem "$version" "$target")"
"$bin/$(binary_name "$target")" --version
echo "$bin" >> "$GITHUB_PATH"
echo "version=$version" >> "$GITHUB_OUTPUT"
echo "path=$bin/$(binary_name "$target")" >> "$GITHUB_OUTPUT"
