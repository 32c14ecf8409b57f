#!/usr/bin/env bash
# Makes Tests/Fixtures/schema5-book.db.gz and its reports with a canteen binary of schema version 5 (the version
# that landed before the audit chain's kept head, commit b8bbd65): a simulated city with closed months and
# settlements, then an open month with meals, voids of a closed month's meal, a death, a reissued card, an
# operator's SSH key, calls through the gate (one let in, one refused), an unmasked reading and a declaration.
# The migration test migrates a copy with the current binary and checks that it verifies, reports its closed
# months byte for byte as before, and that keys and cards still work.
# Usage: Scripts/make-schema5-fixture.sh /path/to/old/canteen
set -euo pipefail
old=${1:?usage: make-schema5-fixture.sh OLD_CANTEEN_BINARY}
cd "$(dirname "$0")/.."
out=Tests/Fixtures
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CANTEEN_DB=$work/book.db
today="--today 2026-11-20"
"$old" simulate --sites 2 --diners 24 --months 3 --seed 5 --start 2026-08 >/dev/null
for i in $(seq 1 20); do
  d=$(printf "D%05d" "$i")
  "$old" meal record "$d" --site $([ $((i % 2)) = 0 ] && echo FC || echo DH) --date 2026-11-$(printf %02d $((i % 19 + 1))) --operator clerk-fc $today >/dev/null 2>&1 || true
done
"$old" meal void M000010 --reason "wrong diner (closed month)" --operator admin $today >/dev/null
"$old" diner deactivate D00020 --reason deceased --date 2026-11-15 --operator admin $today >/dev/null || true
"$old" diner card D00004 --reissue --out "$work/card.html" --operator admin $today >/dev/null
"$old" operator add 小李 --role clerk --operator admin $today >/dev/null
ssh-keygen -q -t ed25519 -N '' -C xiaoli@fc -f "$work/xiaoli" >/dev/null
"$old" operator key add 小李 --key-file "$work/xiaoli.pub" --operator admin $today >/dev/null
fingerprint=$(ssh-keygen -lf "$work/xiaoli.pub" | cut -d' ' -f2)
SSH_CONNECTION="10.0.0.7 50000 10.0.0.1 22" SSH_ORIGINAL_COMMAND="meal record D00005 --site FC --slot dinner --date 2026-11-19" \
  "$old" gate --key "$fingerprint" 小李 >/dev/null 2>&1 || true
SSH_CONNECTION="10.0.0.7 50001 10.0.0.1 22" SSH_ORIGINAL_COMMAND="--db /etc/passwd diner list" \
  "$old" gate --key "$fingerprint" 小李 >/dev/null 2>&1 || true
"$old" diner show D00001 --unmask --operator admin $today >/dev/null
"$old" cash declare --site FC --month 2026-11 --amount 50 --operator admin $today >/dev/null
"$old" audit verify >/dev/null
sqlite3 "$CANTEEN_DB" "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;" >/dev/null
for month in 2026-08 2026-09 2026-10; do
  "$old" report month "$month" --format json $today > "$out/schema5-report-$month.json"
done
gzip -9 -n -c "$CANTEEN_DB" > "$out/schema5-book.db.gz"
ls -la "$out"
