#!/usr/bin/env bash
# `make bench`: streamstack and dynalite side by side, in one run, on this machine. Same table, same
# requests (wrk scripts in bench/wrk), at 1 and 16 connections; every streamstack figure is also read
# as a share of the ceiling, its own static GET /_streamstack/health under the same load.
#
# Kinesis runs against kinesalite the same way; the stream dispatcher (bench/streams.py), API
# Gateway's proxy to the seed's get handler and Query's page cost (bench/query.py) are measured on
# streamstack alone, as no peer has them.
#
# Settings (env): BUILD_DIR (build), BENCH_DURATION (8s per run), BENCH_KEYS (1000 preloaded keys),
# BENCH_STARTS (10 starts for the startup median), BENCH_QUERY_SMALL / BENCH_QUERY_LARGE (10000 /
# 1000000 items), BENCH_DISPATCH_RECORDS (50000).
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
DURATION=${BENCH_DURATION:-8s}
KEYS=${BENCH_KEYS:-1000}
STARTS=${BENCH_STARTS:-10}
QUERY_SMALL=${BENCH_QUERY_SMALL:-10000}
QUERY_LARGE=${BENCH_QUERY_LARGE:-1000000}
DISPATCH_RECORDS=${BENCH_DISPATCH_RECORDS:-50000}
DYNALITE_VERSION=4.0.0
KINESALITE_VERSION=3.3.3
BIN=$BUILD_DIR/streamstack
PEERS=bench/.peers
DYNALITE=$PEERS/node_modules/dynalite/cli.js
KINESALITE=$PEERS/node_modules/kinesalite/cli.js
TABLE=bench

[ -x "$BIN" ] || { echo "no $BIN: run make build first" >&2; exit 1; }

installed() {
  node -p 'require(process.argv[1]).version' "$PWD/$PEERS/node_modules/$1/package.json" 2>/dev/null
}
if [ "$(installed dynalite)" != "$DYNALITE_VERSION" ] || [ "$(installed kinesalite)" != "$KINESALITE_VERSION" ]; then
  echo "installing dynalite $DYNALITE_VERSION and kinesalite $KINESALITE_VERSION into $PEERS"
  npm install --prefix "$PEERS" --no-audit --no-fund --loglevel=error "dynalite@$DYNALITE_VERSION" \
    "kinesalite@$KINESALITE_VERSION"
fi

# The dispatcher's probe and counting handlers, built as a user builds a handler library.
HANDLERS_BUILD=bench/.build/handlers
cmake -S bench/handlers -B "$HANDLERS_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$HANDLERS_BUILD" >/dev/null

work=$(mktemp -d /tmp/streamstack-bench.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_for_port() {
  local port=$1 pid=$2
  for _ in $(seq 200); do
    curl -s -o /dev/null "http://127.0.0.1:$port/" && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  echo "nothing answers on port $port" >&2
  return 1
}

rss_mb() { awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }

echo "== startup: spawn to first answered request, median of $STARTS starts, then idle RSS"
ss_startup=$(python3 bench/startup.py --runs "$STARTS" --probe health -- "$BIN" --host 127.0.0.1 \
  --port '{port}' --data '{dir}/streamstack.db' --config config/stack.json --log-level warn)
dyn_startup=$(python3 bench/startup.py --runs "$STARTS" --probe dynamodb -- node "$DYNALITE" \
  --host 127.0.0.1 --port '{port}')
# The tutorial's stack as `cdk synth` writes it (the unit tests' copy), deployed on a fresh file.
template_startup=$(python3 bench/startup.py --runs "$STARTS" --probe health -- "$BIN" --host 127.0.0.1 \
  --port '{port}' --data '{dir}/streamstack.db' --log-level warn \
  --template tests/unit/cloudformation/fixtures/StreamDemoStack/StreamDemoStack.template.json)
echo "streamstack: $ss_startup"
echo "streamstack with the tutorial's synthesized template: $template_startup"
echo "dynalite:    $dyn_startup"

echo "== starting both servers"
# streamstack durable (a file in WAL mode, as `make run` uses it); dynalite in memory, its default.
"$BIN" --host 127.0.0.1 --port 0 --data "$work/streamstack.db" --config config/stack.json \
  --ready-file "$work/streamstack.port" --log-level warn >"$work/streamstack.log" 2>&1 &
pids+=($!)
ss_pid=$!
for _ in $(seq 200); do [ -s "$work/streamstack.port" ] && break; sleep 0.05; done
ss_port=$(cat "$work/streamstack.port")
dyn_port=$(free_port)
node "$DYNALITE" --host 127.0.0.1 --port "$dyn_port" --createTableMs 0 --deleteTableMs 0 \
  >"$work/dynalite.log" 2>&1 &
pids+=($!)
dyn_pid=$!
kin_port=$(free_port)
node "$KINESALITE" --host 127.0.0.1 --port "$kin_port" --createStreamMs 0 --deleteStreamMs 0 \
  --updateStreamMs 0 >"$work/kinesalite.log" 2>&1 &
pids+=($!)
kin_pid=$!
wait_for_port "$ss_port" "$ss_pid"
wait_for_port "$dyn_port" "$dyn_pid"
wait_for_port "$kin_port" "$kin_pid"
echo "streamstack on $ss_port (pid $ss_pid), dynalite on $dyn_port (pid $dyn_pid)," \
  "kinesalite on $kin_port (pid $kin_pid)"

echo "== creating table $TABLE and preloading $KEYS keys in each; Kinesis stream $TABLE (4 shards)"
python3 bench/preload.py "$ss_port" "$TABLE" "$KEYS"
python3 bench/preload.py "$dyn_port" "$TABLE" "$KEYS"
python3 bench/preload.py "$ss_port" stream-demo-table "$KEYS" itemKey  # for the get handler
python3 bench/kinesis.py "$ss_port" setup "$TABLE" 4
python3 bench/kinesis.py "$kin_port" setup "$TABLE" 4

declare -A rps p50 p99
total_errors=0
# run NAME PORT SCRIPT CONNS [DURATION]: one wrk run; its BENCH line goes into rps/p50/p99.
run() {
  local name=$1 port=$2 script=$3 conns=$4 duration=${5:-$DURATION} threads=1 line
  [ "$conns" -lt 2 ] || threads=2
  # The scripts take TABLE and a tag (or KEY_COUNT); apigw_get takes the API's id.
  local -a args=("$TABLE" "$KEYS-$name-$conns-$RANDOM")
  [ "$script" != apigw_get ] || args=(gethandler "$KEYS")
  line=$(wrk -t"$threads" -c"$conns" -d"$duration" --latency -s "bench/wrk/$script.lua" \
    "http://127.0.0.1:$port/" -- "${args[@]}" | grep '^BENCH' || true)
  [ -n "$line" ] || { echo "wrk printed no result for $name $script" >&2; return 1; }
  local key="$name/$script/$conns" field
  for field in $line; do
    case $field in
      rps=*) rps[$key]=${field#rps=} ;;
      p50_us=*) p50[$key]=${field#p50_us=} ;;
      p99_us=*) p99[$key]=${field#p99_us=} ;;
      errors=* | socket_errors=*) total_errors=$((total_errors + ${field#*=})) ;;
    esac
  done
  [ "$duration" = 1s ] || printf '  %-11s %-10s c=%-2s %10s req/s  p50 %6s us  p99 %6s us  (%s)\n' \
    "$name" "$script" "$conns" "${rps[$key]}" "${p50[$key]}" "${p99[$key]}" "${line#BENCH }"
}

echo "== warm-up, 1 s per server and operation (not counted)"
for script in getitem putitem; do
  run streamstack "$ss_port" "$script" 16 1s
  run dynalite "$dyn_port" "$script" 16 1s
done
run streamstack "$ss_port" putrecord 16 1s
run kinesalite "$kin_port" putrecord 16 1s
run streamstack "$ss_port" apigw_get 16 1s
run streamstack "$ss_port" health 16 1s
total_errors=0

echo "== load, $DURATION per run"
for conns in 1 16; do
  run streamstack "$ss_port" health "$conns"
  for script in getitem putitem; do
    run streamstack "$ss_port" "$script" "$conns"
    run dynalite "$dyn_port" "$script" "$conns"
  done
  run streamstack "$ss_port" putrecord "$conns"
  run kinesalite "$kin_port" putrecord "$conns"
  run streamstack "$ss_port" apigw_get "$conns"
done
# 500 records of 1 KB (1026 bytes) per request, at 4 connections.
run streamstack "$ss_port" putrecords 4
run kinesalite "$kin_port" putrecords 4
ss_rss_after=$(rss_mb "$ss_pid")
dyn_rss_after=$(rss_mb "$dyn_pid")

echo "== GetRecords of 10,000 records of 100 bytes from TRIM_HORIZON (median of 7)"
ss_getrecords=$(python3 bench/kinesis.py "$ss_port" getrecords read-bench 10000)
kin_getrecords=$(python3 bench/kinesis.py "$kin_port" getrecords read-bench 10000)
echo "streamstack: $ss_getrecords"
echo "kinesalite:  $kin_getrecords"

echo "== stream dispatcher (a streamstack of its own, durable)"
mkdir -p "$work/streams"
streams=$(python3 bench/streams.py --bin "$BIN" --handlers "$HANDLERS_BUILD/libbench_handlers.so" \
  --work "$work/streams" --duration "$DURATION" --dispatch-records "$DISPATCH_RECORDS")
grep '^STREAMS' <<<"$streams"

echo "== Query: a 100-item page from $QUERY_SMALL items and from $QUERY_LARGE items"
query=$(python3 bench/query.py "$ss_port" "$QUERY_SMALL" "$QUERY_LARGE")
echo "$query"

us() { [ -n "${1:-}" ] && awk -v v="$1" 'BEGIN { if (v < 1000) printf "%d µs", v; else printf "%.2f ms", v / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
percent() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "-" }'; }
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$2"; }

echo
version=$(curl -s "http://127.0.0.1:$ss_port/_streamstack/health" |
  python3 -c 'import json, sys; print(json.load(sys.stdin).get("version", "?"))' 2>/dev/null || echo "?")
echo "## streamstack $version vs dynalite $DYNALITE_VERSION" \
  "($(nproc) cores, wrk on the same machine, $DURATION per run)"
echo
echo "| operation | conns | streamstack req/s | p50 | p99 | peer req/s | p50 | p99 | ratio ss/peer | share of ceiling |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for script in getitem putitem putrecord health; do
  for conns in 1 16; do
    peer=dynalite
    [ "$script" != putrecord ] || peer=kinesalite
    ss="streamstack/$script/$conns" dyn="$peer/$script/$conns" ceiling="streamstack/health/$conns"
    if [ "$script" = health ]; then
      printf '| %s | %s | %.0f | %s | %s | - | - | - | - | 100%% |\n' "GET /_streamstack/health (ceiling)" \
        "$conns" "${rps[$ss]}" "$(us "${p50[$ss]}")" "$(us "${p99[$ss]}")"
    else
      printf '| %s | %s | %.0f | %s | %s | %.0f | %s | %s | %s | %s |\n' "$script (vs $peer)" "$conns" \
        "${rps[$ss]}" "$(us "${p50[$ss]}")" "$(us "${p99[$ss]}")" "${rps[$dyn]}" \
        "$(us "${p50[$dyn]}")" "$(us "${p99[$dyn]}")" "$(ratio "${rps[$ss]}" "${rps[$dyn]}")" \
        "$(percent "${rps[$ss]}" "${rps[$ceiling]}")"
    fi
  done
done
echo
echo "| | streamstack | dynalite |"
echo "|---|---:|---:|"
echo "| start to first answer, median of $STARTS | $(field median_ms "$ss_startup") ms | $(field median_ms "$dyn_startup") ms |"
echo "| same, the tutorial's template (--template, cdk synth's) | $(field median_ms "$template_startup") ms | - |"
echo "| idle RSS after start | $(awk -v k="$(field idle_rss_kb "$ss_startup")" 'BEGIN{printf "%.1f", k/1024}') MB | $(awk -v k="$(field idle_rss_kb "$dyn_startup")" 'BEGIN{printf "%.1f", k/1024}') MB |"
echo "| RSS after the load runs | $ss_rss_after MB | $dyn_rss_after MB |"
echo
mbps() { awk -v r="$1" 'BEGIN { printf "%.1f MB/s", r * 500 * 1026 / 1e6 }'; }
echo "| Kinesis | streamstack | kinesalite | ratio |"
echo "|---|---:|---:|---:|"
echo "| PutRecords, 500 × 1 KB, 4 conns | $(mbps "${rps[streamstack/putrecords/4]}") | $(mbps "${rps[kinesalite/putrecords/4]}") | $(ratio "${rps[streamstack/putrecords/4]}" "${rps[kinesalite/putrecords/4]}") |"
echo "| GetRecords of 10,000 records, median | $(field median_ms "$ss_getrecords") ms | $(field median_ms "$kin_getrecords") ms | $(ratio "$(field median_ms "$kin_getrecords")" "$(field median_ms "$ss_getrecords")") faster |"
echo
echo "| API Gateway proxy to the seed's get handler | req/s | p50 | p99 | over a direct GetItem at p50 |"
echo "|---|---:|---:|---:|---:|"
for conns in 1 16; do
  a="streamstack/apigw_get/$conns" g="streamstack/getitem/$conns"
  printf '| GET /restapis/gethandler/prod/_user_request_/?itemKey=… | %.0f (c=%s) | %s | %s | %s |\n' "${rps[$a]}" "$conns" \
    "$(us "${p50[$a]}")" "$(us "${p99[$a]}")" "$(us "$(awk -v a="${p50[$a]}" -v b="${p50[$g]}" 'BEGIN{print a - b}')")"
done
echo
sed -n '/^| stream dispatcher/,$p' <<<"$streams"
echo
echo "| Query, 100-item page | p50 |"
echo "|---|---:|"
echo "| from $QUERY_SMALL items | $(field small_p50_us "$query") µs |"
echo "| from $QUERY_LARGE items | $(field large_p50_us "$query") µs ($(field ratio "$query")×) |"
echo
if [ "$total_errors" != 0 ]; then
  echo "bench: $total_errors requests failed (non-200 answers or socket errors); see above" >&2
  exit 1
fi
