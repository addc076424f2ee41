#!/usr/bin/env bash
# `make bench`: streamstack and dynalite side by side, in one run, on this machine. Same table, same
# requests (wrk scripts in bench/wrk), at 1 and 16 connections; every streamstack figure is also read
# as a share of the ceiling, its own static GET /_streamstack/health under the same load.
#
# Settings (env): BUILD_DIR (build), BENCH_DURATION (8s per run), BENCH_KEYS (1000 preloaded keys),
# BENCH_STARTS (10 starts for the startup median).
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
DURATION=${BENCH_DURATION:-8s}
KEYS=${BENCH_KEYS:-1000}
STARTS=${BENCH_STARTS:-10}
DYNALITE_VERSION=4.0.0
BIN=$BUILD_DIR/streamstack
PEERS=bench/.peers
DYNALITE=$PEERS/node_modules/dynalite/cli.js
TABLE=bench

[ -x "$BIN" ] || { echo "no $BIN: run make build first" >&2; exit 1; }

installed_dynalite() {
  node -p 'require(process.argv[1]).version' "$PWD/$PEERS/node_modules/dynalite/package.json" 2>/dev/null
}
if [ "$(installed_dynalite)" != "$DYNALITE_VERSION" ]; then
  echo "installing dynalite $DYNALITE_VERSION into $PEERS"
  npm install --prefix "$PEERS" --no-audit --no-fund --loglevel=error "dynalite@$DYNALITE_VERSION"
fi

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
echo "streamstack: $ss_startup"
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
wait_for_port "$ss_port" "$ss_pid"
wait_for_port "$dyn_port" "$dyn_pid"
echo "streamstack on $ss_port (pid $ss_pid), dynalite on $dyn_port (pid $dyn_pid)"

echo "== creating table $TABLE and preloading $KEYS keys in each"
python3 bench/preload.py "$ss_port" "$TABLE" "$KEYS"
python3 bench/preload.py "$dyn_port" "$TABLE" "$KEYS"

declare -A rps p50 p99
total_errors=0
# run NAME PORT SCRIPT CONNS [DURATION]: one wrk run; its BENCH line goes into rps/p50/p99.
run() {
  local name=$1 port=$2 script=$3 conns=$4 duration=${5:-$DURATION} threads=1 line
  [ "$conns" -lt 2 ] || threads=2
  line=$(wrk -t"$threads" -c"$conns" -d"$duration" --latency -s "bench/wrk/$script.lua" \
    "http://127.0.0.1:$port/" -- "$TABLE" "$KEYS-$name-$conns-$RANDOM" | grep '^BENCH' || true)
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
  [ "$duration" = 1s ] || printf '  %-11s %-8s c=%-2s %10s req/s  p50 %6s us  p99 %6s us  (%s)\n' \
    "$name" "$script" "$conns" "${rps[$key]}" "${p50[$key]}" "${p99[$key]}" "${line#BENCH }"
}

echo "== warm-up, 1 s per server and operation (not counted)"
for script in getitem putitem; do
  run streamstack "$ss_port" "$script" 16 1s
  run dynalite "$dyn_port" "$script" 16 1s
done
run streamstack "$ss_port" health 16 1s
total_errors=0

echo "== load, $DURATION per run"
for conns in 1 16; do
  run streamstack "$ss_port" health "$conns"
  for script in getitem putitem; do
    run streamstack "$ss_port" "$script" "$conns"
    run dynalite "$dyn_port" "$script" "$conns"
  done
done
ss_rss_after=$(rss_mb "$ss_pid")
dyn_rss_after=$(rss_mb "$dyn_pid")

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
echo "| operation | conns | streamstack req/s | p50 | p99 | dynalite req/s | p50 | p99 | ratio ss/dynalite | share of ceiling |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for script in getitem putitem health; do
  for conns in 1 16; do
    ss="streamstack/$script/$conns" dyn="dynalite/$script/$conns" ceiling="streamstack/health/$conns"
    if [ "$script" = health ]; then
      printf '| %s | %s | %.0f | %s | %s | - | - | - | - | 100%% |\n' "GET /_streamstack/health (ceiling)" \
        "$conns" "${rps[$ss]}" "$(us "${p50[$ss]}")" "$(us "${p99[$ss]}")"
    else
      printf '| %s | %s | %.0f | %s | %s | %.0f | %s | %s | %s | %s |\n' "$script" "$conns" \
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
echo "| idle RSS after start | $(awk -v k="$(field idle_rss_kb "$ss_startup")" 'BEGIN{printf "%.1f", k/1024}') MB | $(awk -v k="$(field idle_rss_kb "$dyn_startup")" 'BEGIN{printf "%.1f", k/1024}') MB |"
echo "| RSS after the load runs | $ss_rss_after MB | $dyn_rss_after MB |"
echo
if [ "$total_errors" != 0 ]; then
  echo "bench: $total_errors requests failed (non-200 answers or socket errors); see above" >&2
  exit 1
fi
