#!/usr/bin/env bash
# Runs policyc's fuzz targets (fuzz/fuzz_targets/) with cargo-fuzz and
# libFuzzer: one target, or each in turn, for MINUTES minutes each.
#
#   scripts/fuzz.sh                  # every target, 3 minutes each
#   scripts/fuzz.sh document 10      # one target, 10 minutes
#   scripts/fuzz.sh all 1            # every target, 1 minute each
#
# Targets: document (the Markdown source parser), supplement (supplements
# applied to a document), yaml (policyc.yaml and region files), diff (two
# Markdown texts compared) and request (the preview's request handling).
#
# Needs the nightly toolchain (`rustup toolchain install nightly`) and
# cargo-fuzz, which it installs when missing. One process, one core, at
# most 2 GB per target. The seed corpus is made fresh each run in
# fuzz/corpus/<target>/ from the example project, tests/fixtures/ and the
# inputs that once crashed (tests/fixtures/fuzz/<target>/); what the fuzzer
# finds is added there. Crashes land in fuzz/artifacts/<target>/: copy each
# into tests/fixtures/fuzz/<target>/, where the test `hardening_fuzz` runs
# it on stable, then fix it. Exits 1 if any target crashed or could not
# run.
#
# Environment: SANITIZER (default none: safe Rust gains little from ASan
# and runs several times faster without it), FUZZ_ARGS (more libFuzzer
# options).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

targets=(document supplement yaml diff request)
target=${1:-all}
minutes=${2:-3}
if [[ $target != all && ! " ${targets[*]} " == *" $target "* ]]; then
    echo "error: unknown target \`$target\`; use one of: ${targets[*]}, all" >&2
    exit 2
fi
if ! [[ $minutes =~ ^[0-9]+$ ]] || ((minutes < 1)); then
    echo "error: MINUTES must be a whole number of minutes, at least 1 (got \`$minutes\`)" >&2
    exit 2
fi
[[ $target == all ]] || targets=("$target")

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    echo "error: fuzzing needs the nightly Rust toolchain (libFuzzer's instrumentation is nightly-only)." >&2
    echo "       Install it with \`rustup toolchain install nightly\`, then run this again." >&2
    echo "       The inputs that once crashed are tested on stable by \`cargo test --test testsuite hardening_fuzz\`." >&2
    exit 1
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "cargo-fuzz is not installed; installing it from crates.io"
    cargo install cargo-fuzz --locked
fi

sep=$'\n%%%%\n'

# max_len: the longest input each target is given, in bytes.
max_len() {
    case $1 in
        document | yaml) echo 4096 ;;
        supplement | diff) echo 8192 ;;
        request) echo 1024 ;;
    esac
}

# seed TARGET: writes stdin as the next seed of TARGET's corpus (numbered
# from a file, since the end of a pipeline runs in a subshell).
seed() {
    local count=fuzz/corpus/$1.seeds n
    n=$(cat "$count" 2>/dev/null || echo 0)
    cat >"fuzz/corpus/$1/seed-$n"
    echo $((n + 1)) >"$count"
}

# The example project and each fixture project.
projects=(. tests/fixtures/*/)

make_seeds() {
    local t=$1 dir=fuzz/corpus/$1
    mkdir -p "$dir"
    rm -f "$dir"/seed-* "$dir.seeds"
    case $t in
        document)
            while IFS= read -r -d '' f; do
                seed "$t" <"$f"
            done < <(find policies regions tests/fixtures -name '*.md' -size -4k -print0 | sort -z)
            ;;
        supplement)
            # Each supplement after its base document.
            for p in "${projects[@]}"; do
                while IFS= read -r -d '' f; do
                    local name=${f##*/} doc locale
                    doc=${name%%.*}
                    locale=${name#*.}
                    locale=${locale%.md}
                    local base=$p/policies/$doc/$locale.md
                    [[ -f $base ]] || continue
                    { cat "$base"; printf '%s' "$sep"; cat "$f"; } | seed "$t"
                done < <(find "$p/regions" -mindepth 2 -name '*.md' -print0 2>/dev/null | sort -z)
            done
            ;;
        yaml)
            for p in "${projects[@]}"; do
                [[ -f $p/policyc.yaml ]] || continue
                {
                    cat "$p/policyc.yaml"
                    for r in "$p"/regions/*.yaml; do
                        [[ -f $r ]] || continue
                        local id=${r##*/}
                        printf '%s%s\n' "$sep" "${id%.yaml}"
                        cat "$r"
                    done
                } | seed "$t"
            done
            ;;
        diff)
            for c in tests/fixtures/diff/*/; do
                { cat "$c/old.md"; printf '%s' "$sep"; cat "$c/new.md"; } | seed "$t"
            done
            for d in policies/*/; do
                { cat "$d/en-US.md"; printf '%s' "$sep"; cat "$d"/*.md | head -c 4000; } | seed "$t"
            done
            ;;
        request)
            local host=$'\nHost: 127.0.0.1:4000'
            for line in "GET /" "GET /us/en-US/privacy/" "GET /us/en-US/privacy" "HEAD /us/en-US/" \
                "GET /us/en-US/privacy/?q=1" "GET /style.css" "GET /manifest.json" "POST /" \
                "GET /%2e%2e/policyc.yaml" "GET /us/..%2f..%2fCargo.toml" "GET /nope/" \
                "GET /__policyc/live.js" "GET /__policyc/preview.css"; do
                printf '%s%s\n' "$line" "$host" | seed "$t"
            done
            printf 'GET /\nHost: evil.example\n' | seed "$t"
            printf 'GET /__policyc/live\nHost: [::1]:4000\nOrigin: http://evil.example\nConnection: Upgrade\nUpgrade: websocket\nSec-WebSocket-Version: 13\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\n' | seed "$t"
            ;;
    esac
    # The inputs that once crashed, so that their neighbourhood is explored.
    if [[ -d tests/fixtures/fuzz/$t ]]; then
        cp tests/fixtures/fuzz/"$t"/* "$dir"/ 2>/dev/null || true
    fi
}

# Many codegen units: the build takes minutes less, the run is barely slower.
build=(-s "${SANITIZER:-none}" --codegen-units 16)
crashed=()
failed=()
summary=()
for t in "${targets[@]}"; do
    make_seeds "$t"
    log=fuzz/artifacts/$t.log
    mkdir -p "fuzz/artifacts/$t"
    before=$(find "fuzz/artifacts/$t" -type f | wc -l)
    echo "==> fuzzing $t for $minutes minute(s) (seeds: $(find "fuzz/corpus/$t" -type f | wc -l))"
    status=0
    # shellcheck disable=SC2086 # FUZZ_ARGS is a list of options
    cargo +nightly fuzz run "${build[@]}" "$t" "fuzz/corpus/$t" -- \
        -max_total_time=$((minutes * 60)) -jobs=1 -workers=1 -rss_limit_mb=2048 \
        -max_len="$(max_len "$t")" -timeout=10 -print_final_stats=1 ${FUZZ_ARGS:-} \
        >"$log" 2>&1 || status=$?
    # With -jobs, libFuzzer writes the job's own output to fuzz-0.log.
    for job in fuzz-0.log fuzz/fuzz-0.log; do
        if [[ -f $job ]]; then
            cat "$job" >>"$log"
            rm -f "$job"
        fi
    done
    runs=$(grep -ao 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
    after=$(find "fuzz/artifacts/$t" -type f | wc -l)
    found=$((after - before))
    summary+=("$(printf '%-10s %12s executions  %3d new crash(es)  (log: %s)' "$t" "${runs:-?}" "$found" "$log")")
    if ((found > 0)); then
        crashed+=("$t")
        grep -a -m1 -B2 -A12 'panicked at\|ERROR: libFuzzer' "$log" || true
    elif ((status != 0)); then
        failed+=("$t")
        tail -20 "$log"
    fi
done
echo
printf '%s\n' "${summary[@]}"
if ((${#failed[@]} > 0)); then
    echo
    echo "could not run: ${failed[*]} (no crash input was written); see fuzz/artifacts/<target>.log"
fi
if ((${#crashed[@]} > 0)); then
    echo
    echo "crashes in: ${crashed[*]}; the inputs are in fuzz/artifacts/<target>/."
    echo "Copy each into tests/fixtures/fuzz/<target>/ and run \`cargo test --test testsuite hardening_fuzz\`."
    exit 1
fi
((${#failed[@]} == 0))
