#!/usr/bin/env bash
# Shows that two versions of policyc produce the same bytes: builds an older
# commit (default: origin/main, else HEAD~1) into a temporary directory, then
# runs it and the working tree's release binary on the same inputs and
# compares everything they write and print.
#
#   scripts/same-output.sh [OLD_REV]
#   OLD_BIN=/path/to/old/policyc scripts/same-output.sh   # skip building the old one
#
# Inputs: the example project (as committed, with its history/), every
# fixture project under tests/fixtures/ that builds, a synthetic project of
# 2 documents × 100 regions × 10 locales (2,000 document pages) before and
# after a release, a small project with awkward link definitions and an
# unclosed fence before and after a release, and every pair under tests/fixtures/diff/ in each `diff`
# format. Outputs compared: the whole out/ tree of `build`, what `check`,
# `diff`, `release --dry-run`, `show` and `build --frozen` print, and their
# exit codes. Exits 1 on the first difference, naming it.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
work=$(mktemp -d)
trap 'git -C "$here" worktree remove --force "$work/old-src" >/dev/null 2>&1 || true; [[ -n ${KEEP:-} ]] && echo "kept $work" || rm -rf "$work"' EXIT

old_bin=${OLD_BIN:-}
if [[ -z $old_bin ]]; then
    rev=${1:-}
    if [[ -z $rev ]]; then
        rev=$(git rev-parse --verify --quiet origin/main || git rev-parse HEAD~1)
    fi
    old_bin=$(scripts/old-policyc.sh "$rev" "$work/old-src")
fi
echo "building the new policyc (working tree)"
cargo build --release --quiet --bin policyc --example generate
new_bin=$here/target/release/policyc
generate=$here/target/release/examples/generate

# One fixed day, so that dates in force are the same for both.
export SOURCE_DATE_EPOCH=1796342400 # 2026-12-04
export NO_COLOR=1
today=2026-12-04
compared=0

# run SIDE NAME ARGS...: runs one binary, keeping its stdout, stderr and exit code.
run() {
    local side=$1 name=$2
    shift 2
    local bin=$old_bin
    [[ $side == new ]] && bin=$new_bin
    mkdir -p "$work/$side/runs"
    local rc=0
    "$bin" "$@" >"$work/$side/runs/$name.out" 2>"$work/$side/runs/$name.err" || rc=$?
    echo "$rc" >"$work/$side/runs/$name.rc"
}

# normal SIDE FILE: what a run printed, with the parts that may differ masked.
normal() {
    sed -e "s|$work/$1|WORK|g" -e 's/ in [0-9.]* s$/ in T s/' "$work/$1/runs/$2"
}

# both NAME ARGS...: runs both binaries with the same arguments ({side} in an
# argument becomes old or new) and compares what they printed.
both() {
    local name=$1
    shift
    for side in old new; do
        local args=()
        for a in "$@"; do args+=("${a//\{side\}/$side}"); done
        run "$side" "$name" "${args[@]}"
    done
    for part in out err rc; do
        # Paths of the temporary projects differ by side, and so do the
        # times `build` prints; the rest must not.
        if ! diff -q <(normal old "$name.$part") <(normal new "$name.$part") >/dev/null; then
            echo "DIFFERENT: $name ($part)"
            diff <(normal old "$name.$part") <(normal new "$name.$part") | head -n 20
            exit 1
        fi
    done
    compared=$((compared + 1))
}

# same_tree NAME: compares the out/ trees the two sides built for NAME.
same_tree() {
    local name=$1
    if ! diff -r -q "$work/old/$name/out" "$work/new/$name/out" >/dev/null; then
        echo "DIFFERENT: the out/ of $name"
        diff -r -q "$work/old/$name/out" "$work/new/$name/out" | head -n 20
        exit 1
    fi
    echo "same: out/ of $name ($(find "$work/new/$name/out" -type f | wc -l) files)"
    compared=$((compared + 1))
}

# project NAME DIR: a copy of DIR for each side.
project() {
    local name=$1 dir=$2
    for side in old new; do
        mkdir -p "$work/$side/$name"
        cp -r "$dir"/. "$work/$side/$name/"
        rm -rf "$work/$side/$name/out"
    done
}

mkdir -p "$work/src/example"
cp -r policyc.yaml policies regions facts templates history "$work/src/example/"
"$generate" "$work/src/synthetic" 2 100 10
projects=(example synthetic)
project example "$work/src/example"
project synthetic "$work/src/synthetic"
for fixture in tests/fixtures/*/; do
    name=fixture-$(basename "$fixture")
    [[ -f $fixture/policyc.yaml ]] || continue
    project "$name" "$fixture"
    projects+=("$name")
done

for name in "${projects[@]}"; do
    both "check-$name" --root "$work/{side}/$name" check --format json --today "$today"
    both "check-human-$name" --root "$work/{side}/$name" check --today "$today"
    both "build-$name" --root "$work/{side}/$name" build --today "$today"
    if [[ -f $work/new/$name/out/manifest.json ]]; then
        same_tree "$name"
    fi
    both "diff-$name" --root "$work/{side}/$name" diff --format json
    both "release-dry-$name" --root "$work/{side}/$name" release --dry-run --today "$today"
done

# The synthetic project released, then edited: change pages, feeds, "What
# changed", frozen failures and the release diff. The release itself is
# recorded by the old binary and copied, so both sides read the same history.
run old release-synthetic --root "$work/old/synthetic" release --date 2026-11-01 --message "First"
rm -rf "$work/new/synthetic/history"
cp -r "$work/old/synthetic/history" "$work/new/synthetic/history"
for side in old new; do
    f=$(find "$work/$side/synthetic/policies" -name 'en-US.md' | sort | head -n 1)
    sed -i '0,/the/s//THE/' "$f"
    g=$(find "$work/$side/synthetic/regions" -name '*.md' | sort | head -n 1)
    [[ -n $g ]] && printf '\nOne more sentence for this region.\n' >>"$g"
done
run old release-synthetic-2 --root "$work/old/synthetic" release --date 2026-11-20 --effective 2026-12-10 --message "Second"
rm -rf "$work/new/synthetic/history"
cp -r "$work/old/synthetic/history" "$work/new/synthetic/history"
for side in old new; do
    f=$(find "$work/$side/synthetic/policies" -name 'de-DE.md' | sort | head -n 1)
    sed -i '0,/a/s//A/' "$f"
done
both build-synthetic-released --root "$work/{side}/synthetic" build --today "$today"
same_tree synthetic
both build-synthetic-after-effective --root "$work/{side}/synthetic" build --today 2026-12-24
same_tree synthetic
both frozen-synthetic --root "$work/{side}/synthetic" build --frozen --today "$today"
for format in text markdown json html; do
    both "diff-synthetic-$format" --root "$work/{side}/synthetic" diff --format "$format"
done
both release-dry-synthetic-2 --root "$work/{side}/synthetic" release --dry-run --today "$today"
both verify-synthetic --root "$work/{side}/synthetic" verify
first=$(find "$work/new/synthetic/policies" -mindepth 1 -maxdepth 1 -type d | sort | head -n 1)
both show-synthetic --root "$work/{side}/synthetic" show "$(basename "$first")" --region global --locale en-US --at "$today"

# A project with the shapes that reading each piece of a variant cannot
# settle alone: a link definition a variable writes, a supplement replacing
# the section that holds the base's definitions, a supplement section placed
# mid-page that leaves a code fence open. Released by the old binary, then
# edited, so that builds, diffs and a release compare it with its history.
tricky=$work/src/tricky
mkdir -p "$tricky/policies/privacy" "$tricky/regions/west"
cat >"$tricky/policyc.yaml" <<'YAML'
name: Tricky Legal
default_locale: en-US
locales: [en-US]
variables:
  company: Quillfeather Kites
  link: https://kites.example/rules
YAML
printf 'name: Everywhere\nlocales: [en-US]\n' >"$tricky/regions/global.yaml"
printf 'name: West\nparent: global\n' >"$tricky/regions/west.yaml"
cat >"$tricky/policies/privacy/en-US.md" <<'MD'
---
title: Privacy at {{ company }}
---
Read [our rules][rules] and [the terms][terms].

## Collect {#collect}

We keep [logs][rules] for a month.

[rules]: {{ link }}

## Contact {#contact}

Write to us.

[terms]: https://kites.example/terms
[rules]: https://kites.example/old-rules
MD
cat >"$tricky/regions/west/privacy.en-US.md" <<'MD'
## Contact {#contact}

Write to {{ company }} in the west, see [the terms][terms].

## Western rights {#western after=collect}

```
a fence this file never closes
MD
project tricky "$tricky"
both check-tricky --root "$work/{side}/tricky" check --format json --today "$today"
both build-tricky --root "$work/{side}/tricky" build --today "$today"
same_tree tricky
run old release-tricky --root "$work/old/tricky" release --date 2026-11-01 --message "First"
rm -rf "$work/new/tricky/history"
cp -r "$work/old/tricky/history" "$work/new/tricky/history"
for side in old new; do
    sed -i 's/for a month/for thirty days/' "$work/$side/tricky/policies/privacy/en-US.md"
    sed -i 's|https://kites.example/rules|https://kites.example/rules-2|' "$work/$side/tricky/policyc.yaml"
done
both build-tricky-edited --root "$work/{side}/tricky" build --today "$today"
same_tree tricky
for format in text markdown json html; do
    both "diff-tricky-$format" --root "$work/{side}/tricky" diff --format "$format"
done
both release-dry-tricky --root "$work/{side}/tricky" release --dry-run --today "$today"
both frozen-tricky --root "$work/{side}/tricky" build --frozen --today "$today"
# `diff` against the last release never reads the date.
SOURCE_DATE_EPOCH=yesterday both diff-tricky-bad-epoch --root "$work/{side}/tricky" diff
# A supplement that is a symbolic link is reported, not read.
for side in old new; do
    mv "$work/$side/tricky/regions/west/privacy.en-US.md" "$work/$side/tricky/elsewhere.md"
    ln -s ../../elsewhere.md "$work/$side/tricky/regions/west/privacy.en-US.md"
done
both check-tricky-symlink --root "$work/{side}/tricky" check --today "$today"

# The live preview: the example with one unreleased edit (its pages carry
# the draft banner and redline), every page fetched from both servers.
serve_pids=()
for side in old new; do
    sed -i 's/please write to/please write to us at/' "$work/$side/example/policies/privacy/en-US.md"
    bin=$old_bin
    [[ $side == new ]] && bin=$new_bin
    "$bin" --root "$work/$side/example" serve --port 0 --today "$today" >"$work/$side/serve.log" 2>&1 &
    serve_pids+=($!)
done
trap 'kill "${serve_pids[@]}" 2>/dev/null || true; git -C "$here" worktree remove --force "$work/old-src" >/dev/null 2>&1 || true; [[ -n ${KEEP:-} ]] && echo "kept $work" || rm -rf "$work"' EXIT
for side in old new; do
    for _ in $(seq 200); do grep -q '^Built ' "$work/$side/serve.log" && break; sleep 0.1; done
    port=$(sed -n 's|^Serving .* at http://127.0.0.1:\([0-9]*\)/$|\1|p' "$work/$side/serve.log")
    [[ -n $port ]] || { cat "$work/$side/serve.log"; echo "policyc serve ($side) did not start" >&2; exit 1; }
    mkdir -p "$work/$side/served"
    (cd "$work/new/example/out" && find . -type f | sed 's|^\./||' | sort) | while read -r page; do
        curl -fsS "http://127.0.0.1:$port/$page" \
            | sed 's/data-build="[^"]*"/data-build="B"/' >"$work/$side/served/$(echo "$page" | tr / _)"
    done
done
if ! diff -r -q "$work/old/served" "$work/new/served" >/dev/null; then
    echo "DIFFERENT: the pages served by the preview"
    diff -r "$work/old/served" "$work/new/served" | head -n 20
    exit 1
fi
grep -q 'class="policyc-draft"' "$work/new/served/us-ca_en-US_privacy_index.html" \
    || { echo "the edited page has no draft banner" >&2; exit 1; }
echo "same: $(find "$work/new/served" -type f | wc -l) pages served by the preview"
compared=$((compared + 1))

for case in tests/fixtures/diff/*/; do
    name=$(basename "$case")
    for format in text markdown json html; do
        both "diff-$name-$format" diff "$case/old.md" "$case/new.md" --format "$format"
    done
done

echo "OK: $compared outputs compared, all identical"
