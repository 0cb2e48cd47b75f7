#!/usr/bin/env bash
# Compares the speed of two versions of policyc in one run: the working
# tree's release binary against an older commit's (built in a temporary
# worktree), on the same inputs, runs alternating between the two so that
# a machine's drift affects both alike. Prints, for each command and each
# version, the median wall time, user CPU time (the program's own work:
# system time, mostly writing and renaming thousands of files, varies by
# seconds between runs on a shared machine) and peak memory (max RSS).
#
#   benches/compare.sh [OLD_REV] [RUNS]      (default: HEAD~1, 7 runs)
#   OLD_BIN=/path/to/old/policyc [OLD_EXAMPLE=DIR] benches/compare.sh - [RUNS]
#
# The old binary builds the example project as it was at its commit (from
# its worktree, or OLD_EXAMPLE, a checkout of it): an older policyc may not
# read today's sources. A command that fails is reported, never timed.
#
# Inputs: the example project; a synthetic project of 2 documents × 100
# regions × 10 locales (2,000 document pages), first unreleased, then
# released (by the old binary) and edited, which makes every page compare
# its text with its release. Runs in /dev/shm when the machine has it.
# Needs GNU time (/usr/bin/time).
set -euo pipefail
rev=${1:-HEAD~1}
runs=${2:-7}
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
# On tmpfs where there is one, so that the disk does not blur the timings.
work=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'git -C "$here" worktree remove --force "$work/old-src" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

old_bin=${OLD_BIN:-}
[[ -n $old_bin ]] || old_bin=$(scripts/old-policyc.sh "$rev" "$work/old-src")
echo "building the new policyc (working tree)"
cargo build --release --quiet --bin policyc --example generate
new_bin=$here/target/release/policyc
export SOURCE_DATE_EPOCH=1796342400 NO_COLOR=1

mkdir -p "$work/example" "$work/old-example"
# copy_example FROM TO: the example project's sources (those it has: an
# older example may lack facts/).
copy_example() {
    local part
    mkdir -p "$2"
    for part in policyc.yaml policies regions facts templates history; do
        [[ ! -e $1/$part ]] || cp -r "$1/$part" "$2/"
    done
}
copy_example . "$work/example"
old_example=${OLD_EXAMPLE:-}
[[ -n $old_example || ! -d $work/old-src ]] || old_example=$work/old-src
copy_example "${old_example:-.}" "$work/old-example"
target/release/examples/generate "$work/unreleased" 2 100 10
target/release/examples/generate "$work/released" 2 100 10
"$old_bin" --root "$work/released" release --date 2026-11-01 --message First >/dev/null
find "$work/released/policies" -name '*.md' | sort | head -n 1 | xargs sed -i '0,/the/s//THE/'

# median LIST...: the middle value.
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# mb KB: kilobytes as megabytes.
mb() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }

# compare NAME OLD_ROOT NEW_ROOT ARGS...: times the command with each
# binary (the old one in OLD_ROOT), alternating.
compare() {
    local name=$1 old_root=$2 new_root=$3
    shift 3
    local -a old_t new_t old_c new_c old_m new_m
    local side bin root
    for side in old new; do
        bin=$old_bin root=$old_root
        [[ $side == new ]] && bin=$new_bin root=$new_root
        if ! "$bin" --root "$root" "$@" >/dev/null 2>"$work/err"; then
            printf '%-34s %s policyc failed, not timed: %s\n' "$name" "$side" "$(head -n 3 "$work/err" | tr '\n' ' ')"
            return
        fi
    done
    for _ in $(seq "$runs"); do
        for side in old new; do
            bin=$old_bin root=$old_root
            [[ $side == new ]] && bin=$new_bin root=$new_root
            local line
            /usr/bin/time -o "$work/time" -f '%e %M %U %S' "$bin" --root "$root" "$@" >/dev/null 2>&1 || true
            local wall mem user
            read -r wall mem user _ < <(tail -n 1 "$work/time")
            local cpu
            cpu=$user
            if [[ $side == old ]]; then
                old_t+=("$wall") old_c+=("$cpu") old_m+=("$mem")
            else
                new_t+=("$wall") new_c+=("$cpu") new_m+=("$mem")
            fi
        done
    done
    printf '%-34s old %6.2f s (user %5.2f s) %6s MB   new %6.2f s (user %5.2f s) %6s MB\n' "$name" \
        "$(median "${old_t[@]}")" "$(median "${old_c[@]}")" "$(mb "$(median "${old_m[@]}")")" \
        "$(median "${new_t[@]}")" "$(median "${new_c[@]}")" "$(mb "$(median "${new_m[@]}")")"
}

echo "median of $runs runs each, alternating (wall time, user CPU time, peak memory):"
compare "build example" "$work/old-example" "$work/example" build --quiet
compare "build 2000 pages" "$work/unreleased" "$work/unreleased" build --quiet
compare "build 2000 pages, released+edited" "$work/released" "$work/released" build --quiet
compare "diff 2000 pages since release" "$work/released" "$work/released" diff
compare "release --dry-run 2000 pages" "$work/released" "$work/released" release --dry-run
