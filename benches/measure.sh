#!/usr/bin/env bash
# Median wall time and peak memory (max RSS) of `policyc build` with the
# release binary, on the example project and on a synthetic project of
# 2 documents × 100 regions × 10 locales (2,000 document pages).
# Usage: benches/measure.sh [RUNS]   (default 7). Needs GNU time (/usr/bin/time).
set -euo pipefail
runs=${1:-7}
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
cargo build --release --quiet --bin policyc --example generate
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/example"
for part in policyc.yaml policies regions facts templates; do
    [[ ! -e $part ]] || cp -r "$part" "$work/example/"
done
target/release/examples/generate "$work/synthetic" 2 100 10

measure() {
  local name=$1 root=$2
  local times=() mems=()
  target/release/policyc --root "$root" build --quiet # warm-up, and an existing out/ to replace
  for _ in $(seq "$runs"); do
    # The previous output is removed by a process the build leaves running:
    # each timed build starts once it is gone, as a user's next one would.
    for _ in $(seq 100); do
      compgen -G "$root/.policyc-old-*" >/dev/null || break
      sleep 0.1
    done
    local line
    line=$( { /usr/bin/time -f '%e %M' target/release/policyc --root "$root" build --quiet; } 2>&1 | tail -n 1)
    times+=("${line% *}")
    mems+=("${line#* }")
  done
  local t m
  t=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  m=$(printf '%s\n' "${mems[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1024}')
  local pages
  pages=$(grep -c '"path"' "$root/out/manifest.json")
  echo "$name: $pages document pages, median of $runs builds: ${t} s, peak memory ${m} MB"
}

measure example "$work/example"
measure "2 docs x 100 regions x 10 locales" "$work/synthetic"

# The diff: `policyc diff` on a 60 KB and a 1 MB pair of policy versions
# and on the slow shapes of benches/diff.rs,
# beside `git diff --no-index --word-diff` on the same files.
median_ms() {
  local runs=$1; shift
  local samples=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    samples+=("$(( (end - start) / 1000 ))")
  done
  printf '%s\n' "${samples[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}
for kb in 60 1024; do
  target/release/examples/generate --diff-pair "$work/pair-$kb" "$kb"
  old="$work/pair-$kb/old.md" new="$work/pair-$kb/new.md"
  ours=$(median_ms 21 target/release/policyc diff "$old" "$new")
  git=$(median_ms 21 git diff --no-index --word-diff "$old" "$new")
  echo "diff of a ${kb} KB pair, median of 21 runs (whole process): policyc diff ${ours} ms, git diff --no-index --word-diff ${git} ms"
done
# The shapes that used to be slow (see testkit/src/diff_shapes.rs).
for shape in rewrite-60KB rewrite-1MB one-section-1600-changed one-word-in-86-paragraphs renumbered-800-headings; do
  target/release/examples/generate --diff-shape "$work/$shape" "$shape"
  old="$work/$shape/old.md" new="$work/$shape/new.md"
  ours=$(median_ms 21 target/release/policyc diff "$old" "$new")
  git=$(median_ms 21 git diff --no-index --word-diff "$old" "$new")
  echo "diff of ${shape}, median of 21 runs (whole process): policyc diff ${ours} ms, git diff --no-index --word-diff ${git} ms"
done
