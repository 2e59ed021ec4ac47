#!/usr/bin/env bash
# notes.sh VERSION [CHANGELOG]: the release notes of VERSION, its section of the changelog
# (keep-a-changelog: `## [1.2.3] - 2026-12-06` up to the next `## [`). Fails when the
# changelog has no such section, so that a tag cannot be released without its notes.
set -euo pipefail
version="${1#v}"
changelog="${2:-$(cd "$(dirname "$0")/../.." && pwd)/CHANGELOG.md}"
notes="$(awk -v heading="## [$version]" '
  index($0, "## [") == 1 { inside = (index($0, heading) == 1); next }
  inside { print }
' "$changelog")"
if [ -z "$(printf '%s' "$notes" | tr -d '[:space:]')" ]; then
  echo "notes.sh: $changelog has no section \"## [$version]\" (rename [Unreleased] to [$version] - DATE first)" >&2
  exit 1
fi
printf '%s\n' "$notes" | sed -e '/./,$!d'
