#!/usr/bin/env bash
# Speed and memory figures for the counter and the back office, on a simulated city. Prints figures
# and ratios; it asserts nothing (targets belong here, not in timed unit tests on shared machines).
#   Scripts/benchmark.sh [DINERS]      default 2000 diners, 14 canteens, one month
set -euo pipefail
cd "$(dirname "$0")/.."
diners=${1:-2000}
swift build -c release >/dev/null
bin=$PWD/.build/release/canteen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CANTEEN_DB=$work/city.db

now_ns() { date +%s%N; }
# Median wall time in milliseconds (three decimals) of running "$@" N times.
median_ms() {
  local n=$1; shift
  local times=()
  for _ in $(seq "$n"); do
    local t0; t0=$(now_ns); "$@" >/dev/null 2>&1 || true; times+=($(( $(now_ns) - t0 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=a[int((NR+1)/2)]; printf "%.3f", m/1e6}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
peak_kb() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1; }

echo "canteen benchmark: $diners diners, 14 canteens, one simulated month (release build)"
t0=$(now_ns)
"$bin" simulate --sites 14 --diners "$diners" --months 1 --seed 7 --start 2026-10 >/dev/null
sim_ms=$(( ($(now_ns) - t0) / 1000000 ))
meals=$(sqlite3 "$CANTEEN_DB" "SELECT count(*) FROM meals")
echo "simulate:            ${sim_ms} ms for $meals meals ($(ratio "$(( meals * 1000 ))" "$sim_ms") meals/s in one process)"

start=$(median_ms 21 "$bin" --version)
sqlite_insert=$(median_ms 21 sqlite3 "$work/plain.db" "CREATE TABLE IF NOT EXISTS t(x); INSERT INTO t VALUES (1);")
echo "start-up (--version): $start ms; sqlite3 inserting one row: $sqlite_insert ms; ratio $(ratio "$start" "$sqlite_insert")"

# One process per meal, as at the counter: distinct diners, lunch on a day of the open month.
count=0; t0=$(now_ns)
for d in $(seq 1 50); do
  "$bin" meal record "D$(printf '%05d' "$d")" --site FC --date 2026-11-02 --operator clerk-fc --today 2026-11-29 >/dev/null 2>&1 && count=$((count + 1))
done
per_meal=$(awk -v ns="$(( $(now_ns) - t0 ))" -v n=50 'BEGIN { printf "%.3f", ns / n / 1e6 }')
echo "meal record:         $per_meal ms per meal as its own process ($count of 50 recorded); $(ratio "$per_meal" "$sqlite_insert") x sqlite3's one-row insert"

# Import: throughput, and peak memory for a file five times longer (it streams, so memory stays flat).
# Only diners still active on the import's dates: a row for someone deceased would (rightly) refuse the file.
"$bin" diner list --status active --format csv --today 2026-11-01 | tail -n +2 | cut -d, -f1 > "$work/active.txt"
sites=(FC DH CZ XH HM MB ZS LC XZ)
make_csv() { # rows day
  echo "ref,date,slot,site,diner,pay"
  local i=0 n=0
  while read -r diner; do
    n=$((n + 1))
    for slot in breakfast dinner; do
      i=$((i + 1))
      if [ "$i" -gt "$1" ]; then return 0; fi
      echo "bench-$2-$i,2026-11-$2,$slot,${sites[$(( n % ${#sites[@]} ))]},$diner,cash"
    done
  done < "$work/active.txt"
}
make_csv 1000 03 > "$work/small.csv"
make_csv 5000 04 > "$work/large.csv"
small_kb=$(peak_kb "$bin" meal import "$work/small.csv" --operator admin --today 2026-11-29)
t0=$(now_ns)
large_kb=$(peak_kb "$bin" meal import "$work/large.csv" --operator admin --today 2026-11-29)
import_ms=$(( ($(now_ns) - t0) / 1000000 ))
rows=$(( $(wc -l < "$work/large.csv") - 1 ))
echo "meal import:         $rows rows in $import_ms ms ($(ratio "$(( rows * 1000 ))" "$import_ms") rows/s)"
echo "import peak memory:  $small_kb KiB for $(( $(wc -l < "$work/small.csv") - 1 )) rows, $large_kb KiB for $rows rows; ratio $(ratio "$large_kb" "$small_kb")"

# The counter: one session fed a pipe of diner numbers, each meal its own durable transaction (WAL, synchronous
# FULL), as a scanner at a busy canteen would feed it. Lunch on the 29th, which nothing above has used.
counter_n=$(( $(wc -l < "$work/active.txt") < 2000 ? $(wc -l < "$work/active.txt") : 2000 ))
head -n "$counter_n" "$work/active.txt" > "$work/counter.txt"
t0=$(now_ns)
"$bin" counter --site FC --operator clerk-fc --today 2026-11-29 --format json < "$work/counter.txt" > "$work/counter.out"
counter_ns=$(( $(now_ns) - t0 ))
served=$(grep -c '"kind":"meal"' "$work/counter.out" || true)
refused=$(grep -c '"ok":false' "$work/counter.out" || true)
echo "counter session:     $served meals (and $refused refused) from $counter_n lines in $(( counter_ns / 1000000 )) ms: $(awk -v n="$served" -v ns="$counter_ns" 'BEGIN { printf "%.0f", n / (ns / 1e9) }') meals/s, $(awk -v n="$served" -v ns="$counter_ns" 'BEGIN { if (n > 0) printf "%.2f", ns / n / 1e6; else print "-" }') ms per meal"

report=$(median_ms 5 "$bin" report month 2026-10 --format json)
verify=$(median_ms 3 "$bin" audit verify)
entries=$(sqlite3 "$CANTEEN_DB" "SELECT count(*) FROM journal")
echo "report month (json): $report ms"
echo "audit verify:        $verify ms over $entries entries"
