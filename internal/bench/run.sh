#!/usr/bin/env bash
# Load run of the catalogue page with wrk (`make bench`).
#
# Uses its own project-local PostgreSQL cluster (.data/bench-postgres; the dev database is not
# touched), fills it with generated sheets when it holds fewer than BENCH_SHEETS, starts
# `praktijkbank serve` on a free 127.0.0.1 port, and runs:
#   (a) distinct catalogue URLs (a query word and two facet filters), mostly uncached, then the
#       same kind of distinct searches through the API (/api/v1/praktijken);
#   (b) two hot URLs, served from the page cache, each against nginx serving the same bytes:
#       a word and two facets (about 100 KB) and a small two-facet result page (about 20 KB);
#   (c) the cost of a publication: `benchdata publish` builds the search index in a process of
#       its own (time and heap), then publishes one sheet five times and times each update of
#       the index (the server follows the same changes).
# It ends with a markdown table for the README, the server's resident memory after each part
# and, with BENCH_PROFILE=1, the top of a CPU profile of the server during the small hot page
# at 64 connections. All traffic stays on 127.0.0.1.
#
# Settings (environment):
#   BENCH_SHEETS=10000       generated sheets; another number gets its own data dir
#                            (.data/bench-postgres-N) and runs only (a) and (c) unless
#                            BENCH_PARTS says
#   BENCH_PARTS="a b c"      which parts to run
#   BENCH_PROFILE=1          profile the server's CPU during (b) and print its heap after
#                            (a) (go tool pprof)
#   BENCH_DURATION_A=20s     duration of (a); BENCH_DURATION_B=10s per run of (b)
#   BENCH_URLS=40000         distinct URLs for (a), more than (a) asks in its duration
#   BENCH_SEED=1             seed of the generated sheets and of the URL sample
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$PWD
GO=${GO:-go}
SHEETS=${BENCH_SHEETS:-10000}
SEED=${BENCH_SEED:-1}
DUR_A=${BENCH_DURATION_A:-20s}
DUR_B=${BENCH_DURATION_B:-10s}
NURLS=${BENCH_URLS:-40000}
if [[ $SHEETS == 10000 ]]; then
	DIR=.data/bench-postgres
	PARTS=${BENCH_PARTS:-a b c}
else
	DIR=.data/bench-postgres-$SHEETS
	PARTS=${BENCH_PARTS:-a c}
fi
[[ $SHEETS =~ ^[0-9]+$ && $SHEETS -gt 0 ]] || { echo "BENCH_SHEETS must be a positive number" >&2; exit 1; }

WRK=$(command -v wrk || true)
if [[ -z $WRK ]]; then
	echo "wrk not found: install it with \`apt-get install wrk\`" >&2
	exit 1
fi
NGINX=$(command -v nginx || true)
[[ -n $NGINX || ! -x /usr/sbin/nginx ]] || NGINX=/usr/sbin/nginx
if [[ $PARTS == *b* && -z $NGINX ]]; then
	echo "nginx not found (needed for the comparison in part b): install it with \`apt-get install nginx\`" >&2
	exit 1
fi

# The benchmark cluster only: never the dev database or a DATABASE_URL server.
unset DATABASE_URL
export DATA_DIR=$ROOT/$DIR

TMP=$(mktemp -d "${TMPDIR:-/tmp}/praktijkbank-bench.XXXXXX")
SERVE_PID=""
NGINX_PID=""
cleanup() {
	set +e
	if [[ -n $NGINX_PID ]]; then
		kill -TERM "$NGINX_PID" 2>/dev/null
		wait "$NGINX_PID" 2>/dev/null
	fi
	if [[ -n $SERVE_PID ]]; then
		# serve shuts down and, as the last user, stops the benchmark cluster.
		kill -TERM "$SERVE_PID" 2>/dev/null
		for _ in $(seq 1 150); do
			kill -0 "$SERVE_PID" 2>/dev/null || break
			sleep 0.2
		done
		kill -KILL "$SERVE_PID" 2>/dev/null
		wait "$SERVE_PID" 2>/dev/null
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# field NAME FILE: the value of NAME= on the RESULT line that wrk's done() printed.
field() { awk -v k="$1" '/^RESULT /{for(i=2;i<=NF;i++){split($i,a,"=");if(a[1]==k)print a[2]}}' "$2"; }

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $($GO version | cut -d' ' -f3), $($WRK -v 2>&1 | head -1 | cut -d' ' -f1-2)"

echo "== build"
$GO build -o bin/praktijkbank ./cmd/praktijkbank
$GO build -o bin/benchdata ./internal/bench/benchdata

echo "== benchmark database in $DIR"
have=$(bin/benchdata count)
if ((have < SHEETS)); then
	echo "holds $have generated sheets; generating $SHEETS (seed $SEED)"
	bin/praktijkbank generate --sheets "$SHEETS" --seed "$SEED"
else
	echo "holds $have generated sheets"
fi

PORT=$(bin/benchdata freeport)
BASE=http://127.0.0.1:$PORT
PPROF=""
[[ ${BENCH_PROFILE:-} != 1 ]] || PPROF=127.0.0.1:$(bin/benchdata freeport)
echo "== serve on $BASE"
ADDR=127.0.0.1:$PORT PPROF_ADDR=$PPROF LOG_LEVEL=warn bin/praktijkbank serve >"$TMP/serve.log" 2>&1 &
SERVE_PID=$!
if ! bin/benchdata wait -url "$BASE/healthz" -timeout 180s; then
	cat "$TMP/serve.log" >&2
	exit 1
fi

# The search index is built in the background at start; a search waits for it (a request that
# waits longer than the server's write timeout, 30 s, gets no answer: ask again). Wait here,
# so that the runs measure searches, not the build.
start=$(date +%s.%N)
for try in $(seq 1 30); do
	! curl -fsS -o /dev/null --max-time 60 "$BASE/praktijken?q=bench" 2>/dev/null || break
	((try < 30)) || { echo "the first search did not answer" >&2; exit 1; }
	sleep 1
done
echo "search index loaded: first search after $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN{printf "%.1f", e-s}') s"

# CPU time (clock ticks) of the server, and of the PostgreSQL cluster (the postmaster, its live
# children and the children it has reaped), from /proc: the runs report CPU per request,
# which the machine's other load changes far less than latency.
CLK=$(getconf CLK_TCK)
app_cpu() { awk '{print $14+$15}' "/proc/$SERVE_PID/stat"; }
pg_cpu() {
	local pm t c
	pm=$(head -1 "$DATA_DIR/postmaster.pid")
	t=$(awk '{print $14+$15+$16+$17}' "/proc/$pm/stat")
	for c in $(pgrep -P "$pm"); do t=$((t + $(awk '{print $14+$15}' "/proc/$c/stat" 2>/dev/null || echo 0))); done
	echo "$t"
}
cpu_mark() { CPU_APP0=$(app_cpu); CPU_PG0=$(pg_cpu); }
cpu_report() { # file: CPU ms per request since cpu_mark
	local n a p
	n=$(field requests "$1")
	a=$(($(app_cpu) - CPU_APP0))
	p=$(($(pg_cpu) - CPU_PG0))
	awk -v a="$a" -v p="$p" -v n="$n" -v c="$CLK" 'BEGIN{printf "CPU per request: praktijkbank %.2f ms, PostgreSQL %.2f ms\n", 1000*a/c/n, 1000*p/c/n}' | tee -a "$1"
}

# rss: the server's resident memory now and at its peak, from /proc.
rss() { awk '/^VmRSS|^VmHWM/{printf "%s %d MB  ", $1, $2/1024}' "/proc/$SERVE_PID/status"; echo; }
echo "server memory at start: $(rss)"

declare -a ROWS=()
row() { ROWS+=("$1"); }
fmtrow() { # name sheets conns file
	printf '| %s | %s | %s | %.0f | %.1f | %.1f | %.1f | %s |' "$1" "$2" "$3" \
		"$(field rps "$4")" "$(field p50_ms "$4")" "$(field p95_ms "$4")" "$(field p99_ms "$4")" \
		"$(field distinct "$4") / $(field requests "$4")"
}
check() { # file: warn about errors
	local e n
	e=$(field errors "$1")
	n=$(field non2xx "$1")
	if [[ ${e:-0} != 0 || ${n:-0} != 0 ]]; then
		echo "WARNING: $e socket errors/timeouts, $n non-2xx responses" >&2
	fi
}

if [[ $PARTS == *a* ]]; then
	echo "== (a) distinct URLs: a query word and two facet filters"
	bin/benchdata urls -n "$NURLS" -seed "$SEED" -o "$TMP/urls.txt"
	bin/benchdata urls -n 2000 -seed $((SEED + 1000)) -o "$TMP/warm.txt"
	echo "$(wc -l <"$TMP/urls.txt") URLs, e.g. $(head -1 "$TMP/urls.txt")"
	echo "warm-up: 5 s over 2,000 other URLs (not counted)"
	$WRK -t2 -c8 -d5s --timeout 10s -s internal/bench/urls.lua "$BASE" -- "$TMP/warm.txt" 2 >/dev/null
	echo "run: wrk -t2 -c8 -d$DUR_A"
	cpu_mark
	$WRK -t2 -c8 -d"$DUR_A" --timeout 10s -s internal/bench/urls.lua "$BASE" -- "$TMP/urls.txt" 2 | tee "$TMP/a.txt"
	check "$TMP/a.txt"
	cpu_report "$TMP/a.txt"
	asked=$(field requests "$TMP/a.txt")
	distinct=$(field distinct "$TMP/a.txt")
	echo "distinct URLs: $distinct of $asked requests ($(awk -v d="$distinct" -v a="$asked" 'BEGIN{printf "%.1f", a ? 100*d/a : 0}')% uncached)"
	row "$(fmtrow "(a) distinct q + 2 facets" "$SHEETS" 8 "$TMP/a.txt")"
	echo "server memory after (a): $(rss)"
	if [[ -n $PPROF ]]; then
		echo "== heap of the server after (a) (in use, top 15)"
		curl -fsS -o "$TMP/heap.pprof" "http://$PPROF/debug/pprof/heap"
		$GO tool pprof -top -sample_index=inuse_space -nodecount=15 bin/praktijkbank "$TMP/heap.pprof" 2>/dev/null | tee "$TMP/heap.txt"
		curl -fsS "http://$PPROF/debug/pprof/heap?debug=1" | grep -E '^# (HeapAlloc|HeapSys|HeapIdle|HeapInuse|HeapReleased|NextGC|Sys|Stack)' || true
	fi

	echo "== (a) API: distinct searches, a query word and two facet filters"
	bin/benchdata urls -n "$NURLS" -seed $((SEED + 2000)) -o "$TMP/api.txt"
	sed -i 's|^/praktijken?|/api/v1/praktijken?|' "$TMP/api.txt"
	echo "$(wc -l <"$TMP/api.txt") URLs, e.g. $(head -1 "$TMP/api.txt")"
	echo "run: wrk -t2 -c8 -d$DUR_A"
	cpu_mark
	$WRK -t2 -c8 -d"$DUR_A" --timeout 10s -s internal/bench/urls.lua "$BASE" -- "$TMP/api.txt" 2 | tee "$TMP/a-api.txt"
	check "$TMP/a-api.txt"
	cpu_report "$TMP/a-api.txt"
	row "$(fmtrow "(a) API, distinct q + 2 facets" "$SHEETS" 8 "$TMP/a-api.txt")"
	echo "server memory after the API run: $(rss)"
fi

if [[ $PARTS == *b* ]]; then
	NPORT=$(bin/benchdata freeport)
	mkdir -p "$TMP/www" "$TMP/nginx"
	user=""
	[[ $(id -u) != 0 ]] || user="user root;"
	cat >"$TMP/nginx.conf" <<EOF
$user
worker_processes $(nproc);
daemon off;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    keepalive_requests 1000000;
    client_body_temp_path $TMP/nginx/body;
    proxy_temp_path $TMP/nginx/proxy;
    fastcgi_temp_path $TMP/nginx/fastcgi;
    uwsgi_temp_path $TMP/nginx/uwsgi;
    scgi_temp_path $TMP/nginx/scgi;
    server {
        listen 127.0.0.1:$NPORT;
        root $TMP/www;
        location / {
            default_type "text/html; charset=utf-8";
            try_files /page.html =404;
        }
    }
}
EOF
	for kind in large small; do
		if [[ $kind == large ]]; then HOT=$(bin/benchdata hot); else HOT=$(bin/benchdata hot -small); fi
		echo "== (b) hot URL ($kind): $HOT"
		curl -fsS -o "$TMP/www/page.html" "$BASE$HOT"
		bytes=$(wc -c <"$TMP/www/page.html")
		echo "page: $bytes bytes (uncompressed; wrk sends no Accept-Encoding)"
		label="(b) hot URL $((bytes / 1000)) KB"
		for c in 8 64; do
			echo "run: praktijkbank, wrk -t2 -c$c -d$DUR_B"
			if [[ -n $PPROF && $kind == small && $c == 64 ]]; then
				curl -fsS -o "$TMP/cpu.pprof" "http://$PPROF/debug/pprof/profile?seconds=8" &
				PROF_PID=$!
			fi
			cpu_mark
			$WRK -t2 -c$c -d"$DUR_B" --timeout 10s -s internal/bench/report.lua "$BASE$HOT" | tee "$TMP/b-app-$kind-$c.txt"
			check "$TMP/b-app-$kind-$c.txt"
			cpu_report "$TMP/b-app-$kind-$c.txt"
			row "$(fmtrow "$label, praktijkbank" "$SHEETS" $c "$TMP/b-app-$kind-$c.txt")"
		done
		if [[ -n $PPROF && $kind == small ]]; then
			wait "$PROF_PID"
			echo "== CPU profile of the server, small hot page at 64 connections (top 30, cumulative)"
			$GO tool pprof -top -cum -nodecount=30 bin/praktijkbank "$TMP/cpu.pprof" 2>/dev/null | tee "$TMP/profile.txt"
		fi

		"$NGINX" -p "$TMP/nginx/" -e "$TMP/nginx/error.log" -c "$TMP/nginx.conf" &
		NGINX_PID=$!
		if ! bin/benchdata wait -url "http://127.0.0.1:$NPORT$HOT" -timeout 30s; then
			cat "$TMP/nginx/error.log" >&2
			exit 1
		fi
		curl -fsS "http://127.0.0.1:$NPORT$HOT" | cmp -s - "$TMP/www/page.html" || { echo "nginx serves other bytes" >&2; exit 1; }
		for c in 8 64; do
			echo "run: nginx (same bytes), wrk -t2 -c$c -d$DUR_B"
			$WRK -t2 -c$c -d"$DUR_B" --timeout 10s -s internal/bench/report.lua "http://127.0.0.1:$NPORT$HOT" | tee "$TMP/b-nginx-$kind-$c.txt"
			check "$TMP/b-nginx-$kind-$c.txt"
			row "$(fmtrow "$label, nginx" "–" $c "$TMP/b-nginx-$kind-$c.txt")"
		done
		kill -TERM "$NGINX_PID" && wait "$NGINX_PID" || true
		NGINX_PID=""
	done
	echo "server memory after (b): $(rss)"
fi

if [[ $PARTS == *c* ]]; then
	echo "== (c) publications: the search index follows one changed sheet"
	bin/benchdata publish -n 5 | tee "$TMP/c.txt"
	sleep 1
	echo "server memory after (c): $(rss)"
fi

echo
echo "== summary ($(nproc) cores; wrk -t2; latency in ms; load average at the end $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "| run | sheets | connections | req/s | p50 | p95 | p99 | distinct URLs / requests |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for r in "${ROWS[@]}"; do echo "$r"; done
if [[ $PARTS == *b* ]]; then
	echo
	for kind in large small; do
		for c in 8 64; do
			awk -v a="$(field rps "$TMP/b-app-$kind-$c.txt")" -v n="$(field rps "$TMP/b-nginx-$kind-$c.txt")" -v c="$c" -v k="$kind" \
				'BEGIN{printf "hot URL (%s), %d connections: praktijkbank serves %.0f%% of nginx'"'"'s requests/s (nginx/praktijkbank = %.2f)\n", k, c, 100*a/n, n/a}'
		done
	done
fi
echo
for f in "$TMP"/a.txt "$TMP"/a-api.txt "$TMP"/b-app-*.txt; do
	[[ -f $f ]] && echo "$(basename "$f" .txt): $(grep '^CPU per request' "$f")"
done
if [[ $PARTS == *c* ]]; then
	echo
	grep -E '^index built|^RESULT' "$TMP/c.txt" || true
fi
echo "server memory at the end: $(rss)"
