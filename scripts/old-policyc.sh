#!/usr/bin/env bash
# Builds policyc as it was at a commit, in a git worktree at DIR, and prints
# the path of its release binary. The caller removes the worktree
# (`git worktree remove --force DIR`) when done.
#
#   scripts/old-policyc.sh REV DIR
set -euo pipefail
rev=$1
dir=$2
cd "$(dirname "$0")/.."
echo "building the old policyc at $(git rev-parse --short "$rev") (in $dir)" >&2
git worktree add --detach "$dir" "$rev" >/dev/null
(cd "$dir" && cargo build --release --quiet --bin policyc)
echo "$dir/target/release/policyc"
