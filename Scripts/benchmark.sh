#!/usr/bin/env bash
# Speed, memory and storage figures of canteen, each measured side by side in one run with its peer where it has
# one (sqlite3 inserting a row, sqlite3's .import, hand-written SQL, hledger), on simulated cities. It prints the
# figures, the ratios and the target of each (the targets of issue 8 and the counter's of issue 9); it asserts
# nothing: timing targets belong here, never in unit tests on shared machines. Release build.
#
#   Scripts/benchmark.sh                  every figure (about five minutes on two cores)
#   Scripts/benchmark.sh --ten-million    also builds a ten-million-meal book and times the month-end work on it
#                                         (about ten more minutes and 2.5 GB of disk; KEEP=DIR keeps the book)
#
# Times are medians of several runs of a whole process (start-up included, as a user sees it); the machine is
# shared, so expect ±15% from run to run. Needs sqlite3, python3 and /usr/bin/time; hledger when installed.
set -euo pipefail
cd "$(dirname "$0")/.."
ten_million=false
[ "${1:-}" = "--ten-million" ] && ten_million=true

swift build -c release >/dev/null 2>&1 || swift build -c release
bin=$PWD/.build/release/canteen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for tool in sqlite3 python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "benchmark: $tool is needed (apt-get install sqlite3 python3 time)" >&2; exit 1; }
done

# median_ms N CMD...: the median wall time of N runs of CMD, in milliseconds (two decimals).
median_ms() {
  python3 - "$@" <<'EOF'
import subprocess, sys, time
n, cmd = int(sys.argv[1]), sys.argv[2:]
times = []
for _ in range(n):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times.append(time.perf_counter() - t)
times.sort()
print(f"{times[n // 2] * 1000:.2f}")
EOF
}
# elapsed_ms CMD...: the wall time of one run, in milliseconds.
elapsed_ms() {
  local t0; t0=$(date +%s%N)
  "$@" >/dev/null 2>&1
  echo $(( ($(date +%s%N) - t0) / 1000000 ))
}
peak_kib() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
# line LABEL FIGURE TARGET MET: one row of the table.
line() { printf '%-44s %-46s %-22s %s\n' "$1" "$2" "$3" "$4"; }
meets() { awk "BEGIN { exit !($1) }" && echo "meets" || echo "MISSES"; }
count() { sqlite3 "$1" "$2"; }

echo "canteen benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(sqlite3 --version | cut -d' ' -f1) sqlite3"
line "figure" "measured" "target" ""
line "------" "--------" "------" ""

# 1. simulate: the city through the counter's own recorder, a day per transaction.
city=$work/city.db
ms=$(elapsed_ms "$bin" simulate --sites 14 --diners 5000 --months 2 --seed 7 --start 2026-09 --db "$city")
meals=$(count "$city" "SELECT count(*) FROM meals")
rate=$(calc "%.0f" "$meals * 1000 / $ms")
line "simulate (14 canteens, 5,000 diners, 2 mo)" "$meals meals in $ms ms: $rate meals/s" "≥ 30,000 meals/s" "$(meets "$rate >= 30000")"

# 2. storage: every table and index, per meal, read with dbstat after a checkpoint.
sqlite3 "$city" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
bytes=$(count "$city" "SELECT sum(pgsize) FROM dbstat")
per_meal=$(calc "%.0f" "$bytes / $meals")
line "storage, all tables and indexes" "$per_meal bytes per meal ($(calc "%.1f" "$bytes / 1048576") MiB)" "≤ 350 bytes per meal" "$(meets "$per_meal <= 350")"

# 3. a closed month's report with 8 months of history before it, and with 1 month.
short=$work/short.db long=$work/long.db
"$bin" simulate --sites 14 --diners 1500 --months 2 --seed 3 --start 2026-09 --db "$short" >/dev/null
"$bin" simulate --sites 14 --diners 1500 --months 9 --seed 3 --start 2026-02 --db "$long" >/dev/null
one=$(median_ms 21 "$bin" --db "$short" report month 2026-10 --format json)
eight=$(median_ms 21 "$bin" --db "$long" report month 2026-10 --format json)
ratio=$(calc "%.2f" "$eight / $one")
line "report month, closed, 8 months ÷ 1 behind" "$eight ms ÷ $one ms = ${ratio}x" "≤ 1.3x" "$(meets "$ratio <= 1.3")"

# 4. import: 80,000 rows into the open month, against sqlite3 .import of the same file into a plain table.
"$bin" --db "$city" diner list --status active --format csv --today 2026-11-01 --operator auditor | tail -n +2 | cut -d, -f1 > "$work/active.txt"
python3 - "$work/active.txt" "$work/import.csv" <<'EOF'
import sys
sites = "FC DH CZ XH HM MB ZS LC XZ DX TP LX XF RY".split()
diners = [line.strip() for line in open(sys.argv[1]) if line.strip()]
with open(sys.argv[2], "w") as out:
    out.write("ref,date,slot,site,diner,pay\n")
    n = 0
    for day in range(1, 29):
        for i, diner in enumerate(diners):
            if n == 80000: break
            out.write(f"bench-{n},2026-11-{day:02d},lunch,{sites[i % 14]},{diner},{['cash', 'wechat'][n % 2]}\n")
            n += 1
EOF
rows=$(( $(wc -l < "$work/import.csv") - 1 ))
import_ms=$(elapsed_ms "$bin" --db "$city" meal import "$work/import.csv" --operator admin --today 2026-11-29)
imported=$(count "$city" "SELECT count(*) FROM meals WHERE meal_date >= '2026-11-01'")
plain_ms=$(elapsed_ms sqlite3 "$work/plain.db" ".import --csv $work/import.csv t")
rate=$(calc "%.0f" "$rows * 1000 / $import_ms")
ratio=$(calc "%.1f" "$import_ms / $plain_ms")
line "meal import, $rows rows ($imported recorded)" "$import_ms ms: $rate rows/s" "≥ 40,000 rows/s" "$(meets "$rate >= 40000")"
line "meal import ÷ sqlite3 .import" "$import_ms ms ÷ $plain_ms ms = ${ratio}x" "≤ 15x" "$(meets "$ratio <= 15")"

# 5. an open month's report (80,000 meals) against hand-written SQL for the same figures.
cat > "$work/hand.sql" <<'EOF'
SELECT s.code, count(*), count(DISTINCT m.diner_id), sum(m.price_fen), sum(m.copay_fen), sum(m.subsidy_fen)
FROM meals m JOIN sites s ON s.id = m.site_id
WHERE m.meal_date BETWEEN '2026-11-01' AND '2026-11-31' AND m.void_entry_id IS NULL GROUP BY s.code;
SELECT count(DISTINCT diner_id) FROM meals WHERE meal_date BETWEEN '2026-11-01' AND '2026-11-31' AND void_entry_id IS NULL;
SELECT s.code, m.slot, m.pay, count(*), sum(m.copay_fen) FROM meals m JOIN sites s ON s.id = m.site_id
WHERE m.meal_date BETWEEN '2026-11-01' AND '2026-11-31' AND m.void_entry_id IS NULL GROUP BY 1, 2, 3;
EOF
report=$(median_ms 11 "$bin" --db "$city" report month 2026-11 --format json --today 2026-11-29)
hand=$(median_ms 11 sqlite3 "$city" ".read $work/hand.sql")
ratio=$(calc "%.2f" "$report / $hand")
line "report month, open ($imported meals) ÷ SQL" "$report ms ÷ $hand ms = ${ratio}x" "≤ 2.0x" "$(meets "$ratio <= 2.0")"

# 6. audit verify, every check, against SQLite's own integrity_check of the same file (one of its checks).
entries=$(count "$city" "SELECT count(*) FROM journal")
verify=$(median_ms 3 "$bin" --db "$city" audit verify)
integrity=$(median_ms 3 sqlite3 "$city" "PRAGMA integrity_check")
rate=$(calc "%.0f" "$entries * 1000 / $verify")
line "audit verify, $entries entries" "$verify ms: $rate entries/s" "≥ 300,000 entries/s" "$(meets "$rate >= 300000")"
line "  of which SQLite's integrity_check alone" "$integrity ms: $(calc "%.0f" "$entries * 1000 / $integrity") entries/s" "" ""

# 7. meal list streams: a month's list and the whole history's, peak memory.
month_kib=$(peak_kib "$bin" --db "$city" meal list --month 2026-11 --today 2026-11-29)
all_kib=$(peak_kib "$bin" --db "$city" meal list --today 2026-11-29)
line "meal list --month ($imported meals), peak" "$(calc "%.1f" "$month_kib / 1024") MiB; all $meals+ meals: $(calc "%.1f" "$all_kib / 1024") MiB" "≤ 64 MiB and flat" "$(meets "$month_kib <= 65536 && $all_kib <= 65536")"
list=$(median_ms 5 "$bin" --db "$city" meal list --month 2026-11 --format csv --today 2026-11-29)
select=$(median_ms 5 sqlite3 -csv "$city" "SELECT * FROM meals WHERE meal_date BETWEEN '2026-11-01' AND '2026-11-31' ORDER BY id")
line "meal list --month csv ÷ sqlite3 SELECT" "$list ms ÷ $select ms = $(calc "%.2f" "$list / $select")x" "" ""

# 8. meal record as its own process, against sqlite3 inserting one row into a copy of the same book; on a
#    one-month and a five-year book. Each meal is its own durable transaction (WAL, synchronous=FULL).
record_pair() { # BOOK: prints "canteen-ms sqlite3-ms"
  local book=$1 peer=$work/peer.db
  cp "$book" "$peer"
  sqlite3 "$peer" "CREATE TABLE peer (x INTEGER)"
  "$bin" --db "$book" diner list --status active --format csv --today 2026-11-29 --operator auditor | tail -n +2 | cut -d, -f1 | head -60 > "$work/record.txt"
  python3 - "$bin" "$book" "$peer" "$work/record.txt" <<'EOF'
import subprocess, sys, time
binary, book, peer, diners = sys.argv[1], sys.argv[2], sys.argv[3], open(sys.argv[4]).read().split()
ours, theirs = [], []
for diner in diners:
    t = time.perf_counter()
    subprocess.run([binary, "--db", book, "meal", "record", diner, "--site", "FC", "--slot", "dinner", "--date", "2026-11-29",
                    "--operator", "clerk-fc", "--today", "2026-11-29"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    ours.append(time.perf_counter() - t)
    t = time.perf_counter()
    subprocess.run(["sqlite3", peer, "INSERT INTO peer VALUES (1)"], check=True)
    theirs.append(time.perf_counter() - t)
ours.sort(); theirs.sort()
print(f"{ours[len(ours) // 2] * 1000:.2f} {theirs[len(theirs) // 2] * 1000:.2f}")
EOF
}
month_book=$work/month.db years_book=$work/years.db
"$bin" simulate --sites 14 --diners 400 --months 1 --seed 5 --start 2026-10 --db "$month_book" >/dev/null
"$bin" simulate --sites 14 --diners 400 --months 60 --seed 5 --start 2021-11 --db "$years_book" >/dev/null
read -r ours_1 theirs_1 < <(record_pair "$month_book")
read -r ours_5 theirs_5 < <(record_pair "$years_book")
ratio_1=$(calc "%.2f" "$ours_1 / $theirs_1")
ratio_5=$(calc "%.2f" "$ours_5 / $theirs_5")
line "meal record ÷ sqlite3 insert, 1-month book" "$ours_1 ms ÷ $theirs_1 ms = ${ratio_1}x" "≤ 1.5x" "$(meets "$ratio_1 <= 1.5")"
line "meal record ÷ sqlite3 insert, 5-year book" "$ours_5 ms ÷ $theirs_5 ms = ${ratio_5}x ($(count "$years_book" "SELECT count(*) FROM meals") meals)" "≤ 1.5x, as 1 month" "$(meets "$ratio_5 <= 1.5 && $ours_5 <= $ours_1 * 1.15")"

# 9. hledger's balance of an exported month against the month's report.
if command -v hledger >/dev/null; then
  "$bin" --db "$city" export journal --month 2026-10 --format ledger --out "$work/month.journal"
  hledger_ms=$(elapsed_ms hledger -f "$work/month.journal" bal)
  closed=$(median_ms 11 "$bin" --db "$city" report month 2026-10 --format json)
  line "hledger bal of a month ÷ report month" "$hledger_ms ms ÷ $closed ms = $(calc "%.0f" "$hledger_ms / $closed")x" "" ""
else
  line "hledger bal of a month ÷ report month" "hledger not installed" "" ""
fi

# 10. the counter: one session fed a pipe of diner numbers, each meal its own durable transaction.
head -n 2000 "$work/active.txt" > "$work/counter.txt"
t0=$(date +%s%N)
"$bin" --db "$city" counter --site FC --operator clerk-fc --today 2026-11-29 --format json < "$work/counter.txt" > "$work/counter.out"
counter_ns=$(( $(date +%s%N) - t0 ))
served=$(grep -c '"kind":"meal"' "$work/counter.out" || true)
rate=$(calc "%.0f" "$served / ($counter_ns / 1e9)")
line "counter session, piped, $served meals" "$rate meals/s ($(calc "%.2f" "$counter_ns / $served / 1e6") ms a meal)" "≥ 200 meals/s" "$(meets "$rate >= 200")"

# 11. SHA-256, the hand-written one, against sha256sum on the same bytes (its own script prints the detail).
sha=$(LARGE_MIB=64 SMALL_COUNT=200000 REPEATS=3 Scripts/sha256-benchmark.sh 2>/dev/null | grep "digest(raw)->Digest" | head -1 | sed "s/^.*Digest: *//")
line "SHA-256, one 64 MiB buffer" "$sha" "≥ sha256sum" ""

if $ten_million; then
  book=${KEEP:-$work}/ten-million.db
  rm -f "$book" "$book-wal" "$book-shm"
  echo
  echo "A ten-million-meal book: 14 canteens, 50,000 diners, 12 months (Scripts/benchmark.sh --ten-million)"
  t0=$(date +%s%N)
  "$bin" simulate --sites 14 --diners 50000 --months 12 --seed 10 --start 2025-11 --budget 100000000 --db "$book" >/dev/null
  build_s=$(( ($(date +%s%N) - t0) / 1000000000 ))
  meals=$(count "$book" "SELECT count(*) FROM meals")
  size=$(stat -c %s "$book")
  line "simulate" "$meals meals in $build_s s ($(calc "%.0f" "$meals / $build_s") meals/s)" "" ""
  line "file size" "$(calc "%.2f" "$size / 1073741824") GiB ($(calc "%.0f" "$size / $meals") bytes per meal)" "" ""
  report=$(median_ms 5 "$bin" --db "$book" report month 2026-10 --format json)
  line "report month 2026-10 (closed)" "$report ms" "≤ 2 s" "$(meets "$report <= 2000")"
  verify=$(elapsed_ms "$bin" --db "$book" audit verify)
  entries=$(count "$book" "SELECT count(*) FROM journal")
  line "audit verify, $entries entries" "$(calc "%.1f" "$verify / 1000") s ($(calc "%.0f" "$entries * 1000 / $verify") entries/s)" "≤ 60 s" "$(meets "$verify <= 60000")"
  month_meals=$(count "$book" "SELECT count(*) FROM meals WHERE meal_date BETWEEN '2026-10-01' AND '2026-10-31'")
  list=$(elapsed_ms "$bin" --db "$book" meal list --month 2026-10 --format csv)
  kib=$(peak_kib "$bin" --db "$book" meal list --month 2026-10 --format csv)
  line "meal list --month 2026-10 csv" "$month_meals meals in $(calc "%.1f" "$list / 1000") s, peak $(calc "%.1f" "$kib / 1024") MiB" "" ""
fi
