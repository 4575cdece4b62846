#!/usr/bin/env bash
# Times opsbook's planner against Taskwarrior 2.6 on a year of history.
#
# Generates, in a temporary folder, 365 plan files × 30 tasks with their ticks (most done, some
# not done then done the next day, a few dropped, a few left open), builds opsbook in release mode,
# installs Debian's taskwarrior when missing, imports 11,000 pending Taskwarrior tasks, then runs
# `opsbook done ID` vs `task ID done` and `opsbook today` vs `task next`, alternating, for several
# rounds, and prints the medians. opsbook is built the way it is installed, with the Swift runtime
# and Foundation linked statically (`--static-swift-stdlib`: start-up falls from about 10 ms to 5 ms);
# the shared-library build is timed alongside.
#
# Usage: bench/planner.sh [rounds]   (default 15; SCRATCH=path picks the release build folders,
# path and path-static)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-15}"
scratch="${SCRATCH:-.build}"

scripts/install-deps build
if ! command -v task >/dev/null; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq taskwarrior >&2
fi
swift build -c release --static-swift-stdlib --product opsbook --scratch-path "$scratch-static" >&2
swift build -c release --product opsbook --scratch-path "$scratch" >&2
opsbook="$(cd "$scratch-static/release" && pwd)/opsbook"
dynamic="$(cd "$scratch/release" && pwd)/opsbook"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 bench/planner_bench.py "$opsbook" "$work" "$rounds" "$dynamic"
