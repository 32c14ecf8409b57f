#!/usr/bin/env bash
# Throughput of the hand-written SHA-256 (Sources/CanteenCore/Crypto/SHA256.swift) against sha256sum and
# Python's hashlib on the same bytes. Prints figures and ratios; it asserts nothing except that every
# implementation agrees on the digests (timing targets belong here, not in timed unit tests).
#
#   Scripts/sha256-benchmark.sh [SHA256.swift]              CPU-time figures (best of $REPEATS runs)
#   Scripts/sha256-benchmark.sh --callgrind [SHA256.swift]  instruction counts under valgrind, repeatable
#                                                           on a noisy machine (small inputs; slow)
#
# The file argument (default: the package's) lets an old revision be measured the same way, e.g.
#   git show HEAD~3:Sources/CanteenCore/Crypto/SHA256.swift > /tmp/old.swift; Scripts/sha256-benchmark.sh /tmp/old.swift
#
# No product is added to Package.swift: a throwaway driver is compiled together with SHA256.swift by
# `swiftc -O -wmo` in a temporary directory (the same optimisation a release build of the package uses;
# the driver is in the same module, as the journal code is in CanteenCore).
# Times are CPU time of the hashing alone (thread CPU time in the driver and in Python, user time for
# sha256sum), best of several runs, because wall time on a shared machine mostly measures the neighbours;
# expect +-15% run to run anyway, and use --callgrind to compare two revisions exactly.
# Environment: LARGE_MIB (256), SMALL_COUNT (2000000), SMALL_SIZE (250), REPEATS (5).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=wall
if [ "${1:-}" = "--callgrind" ]; then mode=callgrind; shift; fi
source_file=$(realpath "${1:-Sources/CanteenCore/Crypto/SHA256.swift}")
repeats=${REPEATS:-5}
if [ "$mode" = callgrind ]; then
  large_mib=${LARGE_MIB:-4}; small_count=${SMALL_COUNT:-20000}; repeats=1
else
  large_mib=${LARGE_MIB:-256}; small_count=${SMALL_COUNT:-2000000}
fi
small_size=${SMALL_SIZE:-250}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The value-typed one-shot API is measured only where the measured revision has it.
defines=()
if grep -q 'struct Digest' "$source_file"; then defines=(-D HAS_DIGEST_VALUE); fi

cat > "$work/main.swift" <<'SWIFT'
// Throwaway driver for Scripts/sha256-benchmark.sh. Each measured loop is its own never-inlined
// function whose name contains "measured", so callgrind can count just those instructions.
import Glibc

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func load(_ path: String) -> UnsafeRawBufferPointer {
    let fd = open(path, O_RDONLY)
    precondition(fd >= 0, "cannot open \(path)")
    var info = stat()
    precondition(fstat(fd, &info) == 0)
    let size = Int(info.st_size)
    let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: max(size, 1), alignment: 64)
    var done = 0
    while done < size {
        let n = read(fd, memory.baseAddress! + done, size - done)
        precondition(n > 0, "short read")
        done += n
    }
    close(fd)
    return UnsafeRawBufferPointer(rebasing: memory[..<size])
}

func best(_ repeats: Int, _ body: () -> Void) -> Double {
    var fastest = Double.infinity
    for _ in 0..<repeats {
        let start = now()
        body()
        fastest = min(fastest, now() - start)
    }
    return fastest
}

func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
    return String(decoding: out, as: UTF8.self)
}

// Digests are folded by XOR so that one short line proves all of them equal hashlib's.
@inline(never)
func measuredLargeArrayAPI(_ data: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    SHA256.digest(data)
}

@inline(never)
func measuredSmallArrayAPI(_ data: UnsafeBufferPointer<UInt8>, _ size: Int, _ count: Int) -> [UInt8] {
    var fold = [UInt8](repeating: 0, count: 32)
    for i in 0..<count {
        let digest = SHA256.digest(UnsafeBufferPointer(rebasing: data[(i * size)..<(i * size + size)]))
        for j in 0..<32 { fold[j] ^= digest[j] }
    }
    return fold
}

@inline(never)
func measuredSmallHexDigest(_ strings: [String]) -> [UInt8] {
    var fold = [UInt8](repeating: 0, count: 64)
    for string in strings {
        var hex = SHA256.hexDigest(string)
        hex.withUTF8 { hex in for j in 0..<64 { fold[j] ^= hex[j] } }
    }
    return fold
}

#if HAS_DIGEST_VALUE
@inline(never)
func measuredSmallDigestValue(_ data: UnsafeRawBufferPointer, _ size: Int, _ count: Int) -> [UInt8] {
    var fold = [UInt8](repeating: 0, count: 32)
    for i in 0..<count {
        let digest = SHA256.digest(UnsafeRawBufferPointer(rebasing: data[(i * size)..<(i * size + size)]))
        digest.withUnsafeBytes { d in for j in 0..<32 { fold[j] ^= d[j] } }
    }
    return fold
}

@inline(never)
func measuredLargeDigestValue(_ data: UnsafeRawBufferPointer) -> String {
    SHA256.digest(data).hex
}
#endif

let args = CommandLine.arguments
let repeats = Int(args[4])!
switch args[1] {
case "large":
    let raw = load(args[2])
    let data = raw.bindMemory(to: UInt8.self)
    var digest = [UInt8]()
    let seconds = best(repeats) { digest = measuredLargeArrayAPI(data) }
    print("digest([UInt8]) \(seconds) \(hex(digest))")
    #if HAS_DIGEST_VALUE
    var text = ""
    let seconds2 = best(repeats) { text = measuredLargeDigestValue(raw) }
    print("digest(raw)->Digest \(seconds2) \(text)")
    #endif
case "small":
    let raw = load(args[2])
    let data = raw.bindMemory(to: UInt8.self)
    let size = Int(args[3])!
    let count = raw.count / size
    var fold = [UInt8]()
    let seconds = best(repeats) { fold = measuredSmallArrayAPI(data, size, count) }
    print("digest([UInt8]) \(seconds) \(hex(fold))")
    #if HAS_DIGEST_VALUE
    let seconds2 = best(repeats) { fold = measuredSmallDigestValue(raw, size, count) }
    print("digest(raw)->Digest \(seconds2) \(hex(fold))")
    #endif
    // The journal's shape: canonical text as a String in, lower-case hex out.
    let strings = (0..<count).map { i in
        String(decoding: UnsafeBufferPointer(rebasing: data[(i * size)..<(i * size + size)]), as: UTF8.self)
    }
    let seconds3 = best(repeats) { fold = measuredSmallHexDigest(strings) }
    print("hexDigest(String) \(seconds3) \(hex(fold))")
default:
    fatalError("mode?")
}
SWIFT

cat > "$work/hashlib_bench.py" <<'PY'
import hashlib, sys, time
mode, path, size, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
data = open(path, 'rb').read()
sha = hashlib.sha256
best = float('inf')
if mode == 'large':
    for _ in range(repeats):
        t = time.thread_time(); d = sha(data).hexdigest(); best = min(best, time.thread_time() - t)
    print('hashlib', best, d)
else:
    mv = memoryview(data)
    stop = len(data) // size * size
    for _ in range(repeats):
        t = time.thread_time()
        ds = [sha(mv[i:i + size]).digest() for i in range(0, stop, size)]
        best = min(best, time.thread_time() - t)
    fold = hexfold = 0
    for d in ds:
        fold ^= int.from_bytes(d, 'big')
        hexfold ^= int.from_bytes(d.hex().encode(), 'big')
    print('hashlib', best, fold.to_bytes(32, 'big').hex(), hexfold.to_bytes(64, 'big').hex())
PY

echo "building the driver with swiftc -O -wmo against $source_file" >&2
swiftc -O -wmo -module-name sha256bench "${defines[@]}" "$source_file" "$work/main.swift" -o "$work/bench"

echo "generating ${large_mib} MiB of random bytes and ${small_count} ASCII messages of ${small_size} bytes" >&2
head -c "$(( large_mib * 1048576 ))" /dev/urandom > "$work/large.bin"
small_bytes=$(( small_count * small_size ))
# ASCII like the journal's canonical text, so the same bytes can also be hashed as Strings.
head -c "$(( small_bytes * 3 / 4 + 3 ))" /dev/urandom | base64 -w0 | head -c "$small_bytes" > "$work/small.txt"

# User CPU seconds of the best of $repeats runs of sha256sum FILE (bash's `time`, millisecond resolution).
sha256sum_seconds() {
  local best="" t TIMEFORMAT=%3U
  for _ in $(seq "$repeats"); do
    t=$( { time sha256sum "$1" > "$work/sum.out"; } 2>&1 )
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
  done
  echo "$best"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
mbs() { awk -v bytes="$1" -v s="$2" 'BEGIN { printf "%.1f", bytes / s / 1e6 }'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }
fail() { echo "MISMATCH: $*" >&2; exit 1; }

if [ "$mode" = callgrind ]; then
  # Counts only inside the measured* functions; the totals are exact and repeat run to run.
  per_api() { # divisor unit args...
    local divisor=$1 unit=$2; shift 2
    rm -f "$work"/cg.out*
    valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" --collect-atstart=no \
      --toggle-collect='*measured*' "$work/bench" "$@" > "$work/cg.stdout" 2>/dev/null
    callgrind_annotate --inclusive=yes "$work/cg.out" 2>/dev/null | swift demangle --simplified \
      | grep -oE '^ *[0-9,]+ .*measured[A-Za-z]+' | sed -E 's/^ *([0-9,]+) .*(measured[A-Za-z]+)$/\1 \2/' \
      | tr -d , | sort -u -k2,2 | while read -r n name; do
          printf '    %-28s %12s instructions, %s per %s\n' "${name#measured}" "$n" "$(ratio "$n" "$divisor")" "$unit"
        done
  }
  echo "callgrind instruction counts (exact, inside the measured loops only)"
  echo "(a) one ${large_mib} MiB buffer"
  per_api "$(( large_mib * 1048576 / 64 ))" "64-byte block" large "$work/large.bin" 0 1
  sum_digest=$(sha256sum "$work/large.bin"); sum_digest=${sum_digest%% *}
  while read -r api _ digest; do [ "$digest" = "$sum_digest" ] || fail "$api vs sha256sum"; done < "$work/cg.stdout"
  echo "(b) $small_count messages of $small_size bytes"
  per_api "$small_count" "message" small "$work/small.txt" "$small_size" 1
  exit 0
fi

echo
echo "SHA-256 throughput (CPU time, best of $repeats; MB = 10^6 bytes)"
large_bytes=$(( large_mib * 1048576 ))
sum_mbs=$(mbs "$large_bytes" "$(sha256sum_seconds "$work/large.bin")")
sum_digest=$(cut -d' ' -f1 "$work/sum.out")
echo "(a) one ${large_mib} MiB buffer"
echo "    sha256sum:                        $sum_mbs MB/s"
read -r _ py_s py_digest < <(python3 "$work/hashlib_bench.py" large "$work/large.bin" 0 "$repeats")
[ "$py_digest" = "$sum_digest" ] || fail "hashlib vs sha256sum"
echo "    python3 hashlib (OpenSSL):        $(mbs "$large_bytes" "$py_s") MB/s"
while read -r api s digest; do
  [ "$digest" = "$sum_digest" ] || fail "$api vs sha256sum on the large buffer"
  printf '    Swift %-27s %s MB/s   (%s x sha256sum)\n' "$api:" "$(mbs "$large_bytes" "$s")" \
    "$(ratio "$(mbs "$large_bytes" "$s")" "$sum_mbs")"
done < <("$work/bench" large "$work/large.bin" 0 "$repeats")

echo "(b) $small_count messages of $small_size bytes (the journal's shape)"
cat_mbs=$(mbs "$small_bytes" "$(sha256sum_seconds "$work/small.txt")")
echo "    sha256sum of the concatenation:   $cat_mbs MB/s (raw throughput, one message)"
read -r _ py_s py_fold py_hexfold < <(python3 "$work/hashlib_bench.py" small "$work/small.txt" "$small_size" "$repeats")
py_rate=$(rate "$small_count" "$py_s")
echo "    python3 hashlib, one per message: $py_rate messages/s, $(mbs "$small_bytes" "$py_s") MB/s"
while read -r api s fold; do
  if [ "$api" = "hexDigest(String)" ]; then expected=$py_hexfold; else expected=$py_fold; fi
  [ "$fold" = "$expected" ] || fail "$api vs hashlib on the small messages"
  swift_rate=$(rate "$small_count" "$s")
  printf '    Swift %-27s %s messages/s, %s MB/s   (%s x hashlib messages/s, %s x sha256sum MB/s)\n' "$api:" \
    "$swift_rate" "$(mbs "$small_bytes" "$s")" "$(ratio "$swift_rate" "$py_rate")" \
    "$(ratio "$(mbs "$small_bytes" "$s")" "$cat_mbs")"
done < <("$work/bench" small "$work/small.txt" "$small_size" "$repeats")
echo "all digests agree with sha256sum / hashlib"
