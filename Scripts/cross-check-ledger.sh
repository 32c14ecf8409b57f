#!/usr/bin/env bash
# Cross-checks the exported journal with an independent accounting tool: hledger must find every
# transaction balanced, all accounts summing to zero, and the fund's balance equal to `budget show`.
#   Scripts/cross-check-ledger.sh [DATABASE]     default: a small simulated city in a temporary folder
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hledger >/dev/null || { echo "hledger is not installed: apt-get install hledger" >&2; exit 2; }
swift build -c release >/dev/null
bin=$PWD/.build/release/canteen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=${1:-$work/city.db}
[ -f "$db" ] || "$bin" --db "$db" simulate --sites 4 --diners 200 --months 2 --seed 11 --start 2026-09 >/dev/null
"$bin" --db "$db" export journal --format ledger --out "$work/city.ledger"
total=$(hledger -f "$work/city.ledger" balance --flat --no-elide -O csv | tail -1)
available=$(hledger -f "$work/city.ledger" balance budget:available -O csv | tail -1 | tr -d '"' | cut -d, -f2 | tr -d ' CNY')
expected=$("$bin" --db "$db" budget show --format json | sed -n 's/.*"remaining_fen": \([0-9]*\).*/\1/p')
echo "hledger total row: $total"
echo "budget:available in hledger: $available CNY; budget show: $expected fen"
awk -v a="$available" -v e="$expected" 'BEGIN { exit !(sprintf("%.0f", a * 100) == e) }' \
  && echo "OK: the exported journal balances and agrees with the books" \
  || { echo "MISMATCH" >&2; exit 1; }
