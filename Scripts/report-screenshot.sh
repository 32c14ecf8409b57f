#!/usr/bin/env bash
# Renders an HTML report to a PNG with headless Chromium, at A4 proportions (1240 x 1754 px).
#
#   Scripts/report-screenshot.sh REPORT.html OUT.png
#   Scripts/report-screenshot.sh --demo OUT.png      # builds a demo database, renders its closed month
#
# Environment: CHROMIUM (the browser binary), CANTEEN (the canteen binary, for --demo).
set -euo pipefail

usage() {
    echo "Usage: $0 REPORT.html OUT.png" >&2
    echo "       $0 --demo OUT.png" >&2
    exit 64
}

[[ $# -eq 2 ]] || usage
case "$1" in -h|--help) echo "Usage: $0 REPORT.html OUT.png | --demo OUT.png"; exit 0 ;; esac

find_chromium() {
    if [[ -n "${CHROMIUM:-}" ]]; then echo "$CHROMIUM"; return; fi
    local name
    for name in chromium chromium-browser google-chrome-stable google-chrome; do
        if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
    done
    return 1
}

absolute() {
    local dir
    dir=$(cd "$(dirname "$1")" && pwd) || return 1
    echo "$dir/$(basename "$1")"
}

browser=$(find_chromium) || {
    echo "Error: Chromium not found (looked for chromium and chromium-browser)." >&2
    echo "Install it with: apt-get install chromium fonts-noto-cjk   (the fonts make the Chinese labels readable)" >&2
    exit 69
}

out=$2
[[ -d "$(dirname "$out")" ]] || { echo "Error: no such directory: $(dirname "$out")" >&2; exit 66; }
out=$(absolute "$out")

if [[ "$1" == "--demo" ]]; then
    root=$(cd "$(dirname "$0")/.." && pwd)
    canteen=${CANTEEN:-}
    if [[ -z "$canteen" ]]; then
        for candidate in "$root/.build/release/canteen" "$root/.build/debug/canteen"; do
            if [[ -x "$candidate" ]]; then canteen=$candidate; break; fi
        done
    fi
    if [[ -z "$canteen" ]]; then
        echo "Building canteen (release)…" >&2
        (cd "$root" && swift build -c release --product canteen >&2)
        canteen="$root/.build/release/canteen"
    fi
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    # `canteen demo` builds 14 canteens, thousands of diners and a closed month; its last line names the month.
    "$canteen" demo --db "$work/demo.db" >"$work/demo.txt"
    month=$("$canteen" month list --db "$work/demo.db" --format csv | awk -F, 'NR > 1 && $2 == "closed" { m = $1 } END { print m }')
    if [[ -z "$month" ]]; then
        echo "Error: the demo database has no closed month to report" >&2
        exit 1
    fi
    report="$work/report-$month.html"
    "$canteen" report month "$month" --db "$work/demo.db" --format html --lang "${CANTEEN_LANG:-zh}" --out "$report"
else
    report=$1
    [[ -f "$report" ]] || { echo "Error: no such file: $report" >&2; exit 66; }
    report=$(absolute "$report")
fi

# Chromium refuses to run as root without --no-sandbox; the report loads nothing from outside anyway.
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --window-size=1240,1754 --screenshot="$out" "file://$report" 2>/dev/null >&2 || {
    echo "Error: $browser could not render $report" >&2
    exit 1
}
[[ -s "$out" ]] || { echo "Error: no screenshot was written to $out" >&2; exit 1; }
echo "$out"
