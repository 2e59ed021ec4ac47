#!/usr/bin/env bash
# package.sh VERSION TARGET BINARY OUT_DIR: packs a built sgctl for a release, as the release
# workflow does for each target: OUT_DIR/<archive> holding <stem>/ with the binary, the
# README, the licence, the changelog and the shell completions, and OUT_DIR/<archive>.sha256
# (`<hex>  <archive>`, as sha256sum -c reads it).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=scripts/release/names.sh
. "$root/scripts/release/names.sh"

version="${1#v}" target="$2" binary="$3" out="$4"
stem="$(archive_stem "$version" "$target")"
archive="$(archive_name "$version" "$target")"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/$stem/completions"
cp "$binary" "$work/$stem/$(binary_name "$target")"
cp "$root/README.md" "$root/LICENSE" "$root/CHANGELOG.md" "$work/$stem/"
cp "$root"/completions/* "$work/$stem/completions/"
rm -f "$out/$archive"
case "$archive" in
  *.zip) (cd "$work" && if command -v 7z >/dev/null 2>&1; then 7z a -bso0 -tzip "$out/$archive" "$stem"; else zip -qr "$out/$archive" "$stem"; fi) ;;
  *) tar -C "$work" -czf "$out/$archive" "$stem" ;;
esac
echo "$(sha256_of "$out/$archive")  $archive" > "$out/$archive.sha256"
echo "$out/$archive"
