#!/usr/bin/env bash
# Regenerates the screenshots of the README's quick tour:
#   docs/tour-page.png             a rendered document page of the example
#   docs/tour-preview-redline.png  the preview's redline of an unreleased edit
#   docs/languages-de-DE.png, docs/languages-ja-JP.png, docs/languages-ar-EG.png
#                                  the twelve-language fixture's privacy policy
#                                  in German, Japanese and Arabic (mirrored)
# It builds policyc (debug; or uses $POLICYC), builds the example into a
# temporary folder, starts `policyc serve` on a copy of the example with an
# edit, and captures both with headless Chromium (`chromium --headless
# --screenshot`). Not run in CI: the pictures are committed, and a new
# Chromium draws text a little differently each time.
#
# Usage: scripts/screenshots.sh
# Environment: POLICYC (a policyc binary), POLICYC_CHROMIUM (a Chromium).
set -euo pipefail

cd "$(dirname "$0")/.."
REPO=$PWD
TODAY=2026-12-01          # after the example's first release
SIZE=1100,820             # the browser window, in CSS pixels
PAGE=us/en-US/privacy/    # the page both pictures show

fail() { echo "screenshots.sh: $*" >&2; exit 1; }

CHROMIUM=${POLICYC_CHROMIUM:-}
if [[ -z $CHROMIUM ]]; then
    for name in chromium chromium-browser google-chrome; do
        if command -v "$name" >/dev/null; then CHROMIUM=$(command -v "$name"); break; fi
    done
fi
[[ -n $CHROMIUM && -x $CHROMIUM ]] ||
    fail "Chromium was not found: install it (apt-get install chromium) or set POLICYC_CHROMIUM to its path"
command -v curl >/dev/null || fail "curl was not found: install it (apt-get install curl)"

if [[ -z ${POLICYC:-} ]]; then
    cargo build --quiet --bin policyc
    POLICYC=$REPO/target/debug/policyc
fi
[[ -x $POLICYC ]] || fail "$POLICYC is not an executable policyc"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/policyc-screenshots.XXXXXX")
SERVER=
cleanup() {
    if [[ -n $SERVER ]]; then
        kill "$SERVER" 2>/dev/null || true
        wait "$SERVER" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# Chromium refuses to run as root with its sandbox.
SANDBOX=()
if [[ $(id -u) == 0 ]]; then SANDBOX=(--no-sandbox); fi

# shot URL FILE: a picture of the top of URL's page.
shot() {
    "$CHROMIUM" --headless "${SANDBOX[@]}" --disable-gpu --hide-scrollbars \
        --no-first-run --user-data-dir="$WORK/profile" \
        --force-device-scale-factor=1 --window-size="$SIZE" \
        --screenshot="$2" "$1" >"$WORK/chromium.log" 2>&1 ||
        { cat "$WORK/chromium.log" >&2; fail "Chromium could not capture $1"; }
    [[ -s $2 ]] || fail "Chromium wrote no $2"
    echo "wrote ${2#"$REPO"/} ($(($(wc -c <"$2") / 1024)) KB)"
}

# 1. A document page, as `policyc build` writes it.
"$POLICYC" --root "$REPO" build --quiet --today "$TODAY" --out "$WORK/site"
shot "file://$WORK/site/${PAGE}index.html" "$REPO/docs/tour-page.png"

# 2. The preview of an edit not yet released, with its redline shown.
mkdir "$WORK/project"
cp -R policyc.yaml policies regions facts templates history "$WORK/project/"
doc="$WORK/project/policies/privacy/en-US.md"
sed -i.orig \
    -e 's/the web app, our website,/the web app, the browser extension, our website,/' \
    -e 's/Information reaches us in three ways/Information reaches us in four ways/' \
    -e 's/you give it to us, your device/you give it to us, you connect another service, your device/' \
    "$doc"
cmp -s "$doc" "$doc.orig" && fail "the edit no longer matches policies/privacy/en-US.md; update this script"
rm "$doc.orig"

"$POLICYC" --root "$WORK/project" serve --port 0 --today "$TODAY" 2>"$WORK/serve.log" &
SERVER=$!
url=
for _ in $(seq 1 300); do
    url=$(sed -n 's/^Serving .* at \(http:[^ ]*\)$/\1/p' "$WORK/serve.log")
    [[ -n $url ]] && break
    kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/serve.log" >&2; fail "policyc serve stopped"; }
    sleep 0.1
done
[[ -n $url ]] || { cat "$WORK/serve.log" >&2; fail "policyc serve did not start within 30 s"; }

# The redline opens with the banner's button, which a headless screenshot
# cannot press: take the page the preview serves and show its redline in
# place of the text, as the button does, loading everything else from it.
curl -fsS "$url$PAGE" -o "$WORK/draft.html" || fail "the preview did not serve /$PAGE"
grep -q 'id="policyc-redline"' "$WORK/draft.html" ||
    fail "the preview shows no redline on /$PAGE: is the edit a text change?"
sed -i \
    -e "s|<head>|<head>\n<base href=\"$url$PAGE\">|" \
    -e 's|\(<section id="policyc-redline"[^>]*\) hidden>|\1>|' \
    -e 's|aria-pressed="false"|aria-pressed="true"|' \
    -e 's|<article|<article hidden|' \
    -e 's|<nav class="other-languages"|<nav hidden class="other-languages"|' \
    -e '/__policyc\/live.js/d' \
    "$WORK/draft.html"
shot "file://$WORK/draft.html" "$REPO/docs/tour-preview-redline.png"

# 3. One policy in three scripts and both directions: the twelve-language
# fixture (tests/fixtures/worldwide), as `policyc build` writes it.
mkdir "$WORK/worldwide"
cp -R tests/fixtures/worldwide/. "$WORK/worldwide/"
"$POLICYC" --root "$WORK/worldwide" build --quiet --out "$WORK/worldwide-site"
for locale in de-DE ja-JP ar-EG; do
    shot "file://$WORK/worldwide-site/global/$locale/privacy/index.html" "$REPO/docs/languages-$locale.png"
done
