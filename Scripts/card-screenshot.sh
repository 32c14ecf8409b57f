#!/usr/bin/env bash
# Renders a sheet of diner cards (`canteen diner card … --out cards.html`) to a PNG with headless Chromium,
# the first A4 page at twice the pixels (1680 x 2500), so the barcodes can be looked at or read with zbarimg:
#
#   Scripts/card-screenshot.sh CARDS.html OUT.png
#   zbarimg --quiet --raw OUT.png        # one card code a line
#
# Environment: CHROMIUM (the browser binary).
set -euo pipefail

[[ $# -eq 2 ]] || { echo "Usage: $0 CARDS.html OUT.png" >&2; exit 64; }
case "$1" in -h|--help) echo "Usage: $0 CARDS.html OUT.png"; exit 0 ;; esac

browser=${CHROMIUM:-}
if [[ -z "$browser" ]]; then
    for name in chromium chromium-browser google-chrome-stable google-chrome; do
        if command -v "$name" >/dev/null 2>&1; then browser=$(command -v "$name"); break; fi
    done
fi
[[ -n "$browser" ]] || {
    echo "Error: Chromium not found (looked for chromium and chromium-browser)." >&2
    echo "Install it with: apt-get install chromium fonts-noto-cjk zbar-tools" >&2
    exit 69
}

[[ -f "$1" ]] || { echo "Error: no such file: $1" >&2; exit 66; }
[[ -d "$(dirname "$2")" ]] || { echo "Error: no such directory: $(dirname "$2")" >&2; exit 66; }
sheet="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
out="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"

# A profile of its own, so a browser already open is never disturbed; --no-sandbox because CI runs as root.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --disable-dev-shm-usage \
    --no-first-run --no-default-browser-check --user-data-dir="$profile" \
    --force-device-scale-factor=2 --window-size=840,1250 --screenshot="$out" "file://$sheet" >/dev/null 2>&1 || {
    echo "Error: $browser could not render $sheet" >&2
    exit 1
}
[[ -s "$out" ]] || { echo "Error: no screenshot was written to $out" >&2; exit 1; }
echo "$out"
