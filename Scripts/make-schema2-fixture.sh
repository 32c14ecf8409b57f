#!/usr/bin/env bash
# Makes Tests/Fixtures/schema2-book.db.gz and its reports with a canteen binary of schema version 2 (the
# version before the audit chain, commit 7397ec3): a simulated city with closed months, then an open month
# with back-fills, voids of a closed month's meals, a death, a category change, a policy, a price change,
# an unmasked reading, an appropriation and a declaration. The migration test migrates a copy with the
# current binary and checks that it verifies and reports its closed months byte for byte as before.
# Usage: Scripts/make-schema2-fixture.sh /path/to/old/canteen
set -euo pipefail
old=${1:?usage: make-schema2-fixture.sh OLD_CANTEEN_BINARY}
cd "$(dirname "$0")/.."
out=Tests/Fixtures
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CANTEEN_DB=$work/book.db
today="--today 2026-11-20"
"$old" simulate --sites 2 --diners 24 --months 3 --seed 7 --start 2026-08 >/dev/null
for i in $(seq 1 24); do
  d=$(printf "D%05d" "$i")
  "$old" meal record "$d" --site GZ0$((i % 2 + 1)) --date 2026-11-$(printf %02d $((i % 19 + 1))) --operator clerk-gz01 $today >/dev/null 2>&1 || true
done
"$old" meal record D00002 --site GZ02 --date 2026-11-10 --slot dinner --pay wechat --ref paper-7 --operator clerk-gz02 $today >/dev/null 2>&1 || true
"$old" meal void M000010 --reason "wrong diner (closed month)" --operator clerk-gz01 $today >/dev/null
last=$("$old" meal list --month 2026-11 --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["meals"][-1]["meal"])')
"$old" meal void "$last" --reason "typo" --operator clerk-gz01 $today >/dev/null
"$old" diner deactivate D00020 --reason deceased --date 2026-11-15 --operator clerk-gz01 $today >/dev/null || true
"$old" diner update D00021 --category low-income --from 2026-11-16 --operator clerk-gz01 $today >/dev/null || true
"$old" policy set --copay 5 --category low-income --from 2026-11-01 --operator admin $today >/dev/null
"$old" site price GZ02 --price 23 --from 2026-11-15 --operator admin $today >/dev/null
"$old" diner show D00001 --unmask --operator auditor $today >/dev/null
"$old" budget add 1000 --note "top-up" --operator finance $today >/dev/null
"$old" cash declare --site GZ01 --month 2026-11 --amount 50 --operator finance $today >/dev/null
"$old" audit verify >/dev/null
sqlite3 "$CANTEEN_DB" "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;" >/dev/null
for month in 2026-08 2026-09 2026-10; do
  "$old" report month "$month" --format json $today > "$out/schema2-report-$month.json"
done
gzip -9 -n -c "$CANTEEN_DB" > "$out/schema2-book.db.gz"
ls -la "$out"
