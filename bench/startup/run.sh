#!/usr/bin/env bash
# Startup cost of the etcd starter: launch -> first HTTP 200 of the same small web application
# (StartupBenchmarkApplication: web MVC + actuator), without and with the starter on its class path.
#
# Build the class paths first (from the repository root):
#   ./mvnw -q -B -ntp -Pbenchmark -pl bench/startup -am compile
# then run (from the repository root):
#   bench/startup/run.sh [-n rounds] [-w warm-up rounds] [name=classpath-file ...]
#
# Variants default to plain=bench/startup/target/classpath-plain.txt and
# etcd=bench/startup/target/classpath-etcd.txt; the application's classes are prepended to each.
# A variant whose name starts with "plain" gets no etcd arguments; every other variant imports its configuration
# with spring.config.import=etcd: from a loopback etcd this script starts (and stops) itself,
# with registration and discovery on (the defaults). A variant whose name starts with "floor" gets
# -Dbench.floor.endpoint instead: without the starter, the application then builds a jetcd client and
# gets one key while its environment is prepared (JetcdFloor), the least an import on jetcd does; give it
# classpath-jetcd.txt (jetcd alone) or classpath-cloud-jetcd.txt (with Spring Cloud, as the starter has).
#
# Each round launches every variant once, in the order given (A B A B ...). A launch is timed from
# just before `java` is started to the first 200 of GET /hello on a loopback port; the process's CPU
# time (user + sys from /proc/<pid>/stat) is read at that moment. The process is then stopped by its
# pid (SIGTERM, graceful shutdown) before the next launch. Medians per variant are printed at the end.
# Besides the process's CPU time each line has that of its main thread (the JVM's "main", the second
# task named java), of the JIT compiler threads (C1 and C2 CompilerThread) and of the threads of jetcd, gRPC,
# Vert.x and the starter (named jetcd-*, grpc-*, vert.x-*, etcd-*), from /proc/<pid>/task. BENCH_THREADS=<dir>
# writes each launch's threads ("cpu-ms tid name" a line) to <dir>/<variant>-<n>.txt, for threads.py
# (CPU by thread) and, with JAVA_OPTS=-Xlog:class+load:file=/tmp/cl-%p.txt:uptime,tid, classes.py (classes
# loaded by each thread).
# JAVA_OPTS is passed to every launch (e.g. JAVA_OPTS=-Xlog:class+load:file=/tmp/cl-%p.txt), and
# JAVA_OPTS_<variant> to that variant's only (e.g. JAVA_OPTS_plain=-XX:SharedArchiveFile=/tmp/plain.jsa).
# Needs bash, curl, etcd and etcdctl on the PATH (or ETCD / ETCDCTL), java (or JAVA).
set -euo pipefail

rounds=10
warmup=1
while getopts "n:w:" opt; do
	case "$opt" in
		n) rounds="$OPTARG" ;;
		w) warmup="$OPTARG" ;;
		*) echo "usage: $0 [-n rounds] [-w warm-up rounds] [name=classpath-file ...]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))

here="$(cd "$(dirname "$0")" && pwd)"
# BENCH_CLASSES: the application's classes as a jar instead (class data sharing needs jars only)
classes="${BENCH_CLASSES:-$here/target/classes}"
java="${JAVA:-java}"
etcd="${ETCD:-etcd}"
etcdctl="${ETCDCTL:-etcdctl}"
[ -e "$classes" ] || { echo "$classes missing: ./mvnw -q -B -ntp -Pbenchmark -pl bench/startup -am compile" >&2; exit 2; }

names=()
paths=()
if [ "$#" -eq 0 ]; then
	set -- "plain=$here/target/classpath-plain.txt" "etcd=$here/target/classpath-etcd.txt"
fi
for spec in "$@"; do
	names+=("${spec%%=*}")
	paths+=("$classes:$(cat "${spec#*=}")")
done

work="$(mktemp -d)"
etcd_pid=""
app_pid=""
cleanup() {
	[ -n "$app_pid" ] && kill -KILL "$app_pid" 2>/dev/null || true
	if [ -n "$etcd_pid" ]; then
		kill -TERM "$etcd_pid" 2>/dev/null || true
		wait "$etcd_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

free_port() {
	local port
	while true; do
		port=$((20000 + RANDOM % 30000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			echo "$port"
			return
		fi
	done
}

now_ns() { date +%s%N; }

client_port="$(free_port)"
peer_port="$(free_port)"
"$etcd" --name bench --data-dir "$work/etcd" \
	--listen-client-urls "http://127.0.0.1:$client_port" --advertise-client-urls "http://127.0.0.1:$client_port" \
	--listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
	--initial-cluster "bench=http://127.0.0.1:$peer_port" >"$work/etcd.log" 2>&1 &
etcd_pid=$!
endpoint="http://127.0.0.1:$client_port"
for _ in $(seq 1 200); do
	if ETCDCTL_API=3 "$etcdctl" --endpoints="$endpoint" put /config/startup-benchmark/greeting hello >/dev/null 2>&1; then
		break
	fi
	sleep 0.05
done
ETCDCTL_API=3 "$etcdctl" --endpoints="$endpoint" get /config/startup-benchmark/greeting >/dev/null

clk_tck="$(getconf CLK_TCK)"
launches=0
results="$work/results.txt"
: >"$results"

# task_cpu <stat file>: user + sys of one task (ms)
task_cpu() {
	local stat utime stime
	stat="$(cat "$1")"
	stat="${stat##*) }"
	read -r _ _ _ _ _ _ _ _ _ _ _ utime stime _ <<<"$stat"
	echo $(((utime + stime) * 1000 / clk_tck))
}

# launch <variant index>: sets wall (launch -> first 200, ms), cpu (user + sys of the process at that
# moment, ms), main (of its main thread) and jit (of its JIT compiler threads)
launch() {
	local i="$1" attempt
	# A port free_port found can be taken before the application binds it: launch again on another.
	for attempt in 1 2 3; do
		launch_once "$i" && return
		grep -q "already in use" "$work/app.log" || break
		echo "# ${names[$i]}: port taken, launching again" >&2
	done
	echo "${names[$i]} exited before answering; its log:" >&2
	cat "$work/app.log" >&2
	exit 1
}

# launch_once <variant index>: one launch as above; fails if the application exits before answering
launch_once() {
	local i="$1" port args floor t0 t1 task comm javas
	port="$(free_port)"
	args=(--server.port="$port")
	floor=()
	case "${names[$i]}" in
		plain*) ;;
		floor*) floor=(-Dbench.floor.endpoint="$endpoint") ;;
		*) args+=(--spring.config.import=etcd: --etcd.endpoints="$endpoint") ;;
	esac
	local own="JAVA_OPTS_${names[$i]}"
	t0="$(now_ns)"
	# shellcheck disable=SC2086
	"$java" ${JAVA_OPTS:-} ${!own:-} ${floor[@]+"${floor[@]}"} -cp "${paths[$i]}" dev.etcdspring.bench.StartupBenchmarkApplication "${args[@]}" \
		>"$work/app.log" 2>&1 &
	app_pid=$!
	while ! curl -sf -o /dev/null "http://127.0.0.1:$port/hello"; do
		if ! kill -0 "$app_pid" 2>/dev/null; then
			wait "$app_pid" 2>/dev/null || true
			app_pid=""
			return 1
		fi
		sleep 0.01
	done
	t1="$(now_ns)"
	cpu="$(task_cpu "/proc/$app_pid/stat")"
	main=0
	jit=0
	etcdcpu=0
	javas=0
	local tasks="$work/tasks.txt" task_ms
	echo "# pid $app_pid first-200-ms $(((t1 - t0) / 1000000))" >"$tasks"
	for task in $(ls "/proc/$app_pid/task" | sort -n); do
		comm="$(cat "/proc/$app_pid/task/$task/comm" 2>/dev/null)" || continue
		task_ms="$(task_cpu "/proc/$app_pid/task/$task/stat" 2>/dev/null)" || continue
		echo "$task_ms $task $comm" >>"$tasks"
		case "$comm" in
			java)
				javas=$((javas + 1))
				# the launcher's thread is the first, the JVM's main thread the second
				[ "$javas" -eq 2 ] && main="$task_ms"
				;;
			C1\ CompilerThre* | C2\ CompilerThre*)
				jit=$((jit + task_ms))
				;;
			jetcd-* | grpc-* | etcd-* | vert.x-*)
				etcdcpu=$((etcdcpu + task_ms))
				;;
		esac
	done
	if [ -n "${BENCH_THREADS:-}" ] && [ "$keep_threads" -eq 1 ]; then
		mkdir -p "$BENCH_THREADS"
		cp "$tasks" "$BENCH_THREADS/${names[$i]}-$launches.txt"
	fi
	launches=$((launches + 1))
	kill -TERM "$app_pid"
	wait "$app_pid" 2>/dev/null || true
	app_pid=""
	wall=$(((t1 - t0) / 1000000))
}

echo "# $(date -u +%FT%TZ) load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $("$java" -version 2>&1 | head -1)"
echo "# round variant launch->first-200-ms cpu-ms main-thread-cpu-ms jit-cpu-ms etcd-threads-cpu-ms"
for round in $(seq $((1 - warmup)) "$rounds"); do
	keep_threads=$((round >= 1 ? 1 : 0))
	for i in "${!names[@]}"; do
		launch "$i"
		if [ "$round" -ge 1 ]; then
			echo "$round ${names[$i]} $wall $cpu $main $jit $etcdcpu"
			echo "${names[$i]} $wall $cpu $main $jit $etcdcpu" >>"$results"
		else
			echo "warm-up ${names[$i]} $wall $cpu $main $jit $etcdcpu"
		fi
	done
done
echo "# $(date -u +%FT%TZ) load average: $(cut -d' ' -f1-3 /proc/loadavg)"

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
echo "# variant n median-ms min-ms max-ms median-cpu-ms median-main-thread-cpu-ms median-jit-cpu-ms delta-median-ms-vs-${names[0]} delta-median-cpu-ms delta-median-main-thread-cpu-ms median-etcd-threads-cpu-ms"
base=""
for name in "${names[@]}"; do
	walls="$(awk -v n="$name" '$1 == n { print $2 }' "$results")"
	med="$(median <<<"$walls")"
	cpu="$(awk -v n="$name" '$1 == n { print $3 }' "$results" | median)"
	main="$(awk -v n="$name" '$1 == n { print $4 }' "$results" | median)"
	jit="$(awk -v n="$name" '$1 == n { print $5 }' "$results" | median)"
	etcdcpu="$(awk -v n="$name" '$1 == n { print $6 }' "$results" | median)"
	[ -n "$base" ] || { base="$med"; base_cpu="$cpu"; base_main="$main"; }
	echo "$name $(wc -l <<<"$walls") $med $(sort -n <<<"$walls" | head -1) $(sort -n <<<"$walls" | tail -1) $cpu $main $jit" \
		"$((med - base)) $((cpu - base_cpu)) $((main - base_main)) $etcdcpu"
done
