#!/usr/bin/env bash
# A real IngestionCluster on this machine, without Docker: Redis, PostgreSQL, an S3-protocol server
# (s3rver), Mosquitto, 3 Orleans silos and 2 gateways, all as processes on 127.0.0.1 with their data
# under one folder (default ./.local-cluster). Needs what ./test.sh installs.
# Environment: LOCAL_CLUSTER_DIR (data folder), LOCAL_CLUSTER_BASE_PORT (default 17000; ports are
# offsets from it), LOCAL_CLUSTER_BIN (a folder with Silo.dll and Gateway.dll already built: skips the build),
# LOCAL_CLUSTER_TIMEOUT (seconds each process may take to become ready, default 90), LOCAL_CLUSTER_STOP_TIMEOUT
# (seconds stop-silo and stop-gateway wait for the process to exit, default 60).
#
#   deploy/local-cluster.sh up            start everything, print the URLs
#   deploy/local-cluster.sh status        what runs, and each silo's/gateway's readiness
#   deploy/local-cluster.sh kill-silo N   SIGKILL silo N (1-3): watch its grains come back on the others
#   deploy/local-cluster.sh start-silo N  start silo N again (or a 4th: scale out)
#   deploy/local-cluster.sh stop-silo N   SIGTERM silo N: it hands its grains over and exits (rolling upgrade: stop-silo N, start-silo N, next N)
#   deploy/local-cluster.sh kill-gateway N    SIGKILL gateway N (1-2): if it led the MQTT bridge, the other takes over
#   deploy/local-cluster.sh stop-gateway N    SIGTERM gateway N: a leader drains its chunks and hands the MQTT bridge over
#   deploy/local-cluster.sh start-gateway N   start gateway N again
#   deploy/local-cluster.sh down          stop everything; leaves no process behind
#
# Ports (offsets from LOCAL_CLUSTER_BASE_PORT): gateways +80 and +90; silo N: HTTP +100+N, Orleans
# silo-to-silo +500+N, Orleans gateway (client) endpoint +600+N; Redis +379; PostgreSQL +432;
# Mosquitto +883; s3rver +900.
#
# Any failing step stops the script with exit code 1 and one line "[local-cluster] error: STEP: why".
set -Eeuo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=$(realpath -m "${LOCAL_CLUSTER_DIR:-$ROOT/.local-cluster}")
BASE=${LOCAL_CLUSTER_BASE_PORT:-17000}
TIMEOUT=${LOCAL_CLUSTER_TIMEOUT:-90}
BIN=${LOCAL_CLUSTER_BIN:-}
CLUSTER_ID=local
SERVICE_ID=ingestion-cluster
MQTT_USER=ingest
STEP=start
STEP_LOG=

log() { printf '[local-cluster] %s\n' "$*"; }
# One line on stderr, then exit 1. Inside a subshell it exits 86 so that the caller does not report
# the same failure a second time (see on_error).
die() {
  printf '[local-cluster] error: %s\n' "$*" >&2
  if [ "$BASH_SUBSHELL" -gt 0 ]; then exit 86; fi
  # Left running for their logs; a second up would find them on their old ports.
  if [ "$IN_UP" -eq 1 ] && [ "${#STARTED[@]}" -gt 0 ]; then
    printf '[local-cluster] still running from this up: %s; stop them with: %s down\n' "${!STARTED[*]}" "$0" >&2
  fi
  exit 1
}
IN_UP=0
# Any command that fails outside a condition ends up here (set -E passes the trap into functions and
# subshells): name the step, the command and its exit code on one line instead of dying silently.
on_error() {
  local rc=$1 line=$2 command=$3
  if [ "$BASH_SUBSHELL" -gt 0 ]; then exit "$rc"; fi # the command that started the subshell reports it
  trap - ERR
  if [ "$rc" -eq 86 ]; then exit 1; fi # already reported by die in a subshell
  die "$STEP: '$command' failed with exit code $rc (local-cluster.sh line $line)${STEP_LOG:+; see $STEP_LOG}"
}
trap 'on_error $? $LINENO "$BASH_COMMAND"' ERR
step() { STEP=$1; STEP_LOG=${2:-}; }

# The highest offset is s3rver's +900.
if ! [[ "$BASE" =~ ^[0-9]+$ ]] || [ "$BASE" -lt 1024 ] || [ "$BASE" -gt 64635 ]; then
  die "LOCAL_CLUSTER_BASE_PORT must be a number from 1024 to 64635, not '$BASE'"
fi
[[ "$TIMEOUT" =~ ^[1-9][0-9]*$ ]] || die "LOCAL_CLUSTER_TIMEOUT must be a positive number of seconds, not '$TIMEOUT'"
REDIS_PORT=$((BASE + 379)); PG_PORT=$((BASE + 432)); S3_PORT=$((BASE + 900)); MQTT_PORT=$((BASE + 883))
GATEWAY_PORTS=($((BASE + 80)) $((BASE + 90)))
silo_http_port() { echo $((BASE + 100 + $1)); }
silo_orleans_port() { echo $((BASE + 500 + $1)); }
silo_gateway_port() { echo $((BASE + 600 + $1)); }
gateway_http_port() { echo "${GATEWAY_PORTS[$(($1 - 1))]}"; }
SILO_DLL=${BIN:-$ROOT/Silo/bin/Release/net10.0}/Silo.dll
GATEWAY_DLL=${BIN:-$ROOT/Gateway/bin/Release/net10.0}/Gateway.dll
# s3rver behind the project's thin wrapper, which adds what the product uses and plain s3rver lacks: listing
# and aborting multipart uploads (the abandoned-upload sweep) and S3's decoding of a copy source (LDO moves).
S3RVER=$ROOT/tools/s3-test-server.js

is_root() { [ "$(id -u)" -eq 0 ]; }
# PostgreSQL refuses to run as root: as root, it runs as the postgres OS user.
AS_POSTGRES=()
if is_root; then AS_POSTGRES=(setpriv --reuid=postgres --regid=postgres --init-groups --); fi
need() { command -v "$1" >/dev/null 2>&1 || die "$STEP: $1 not found: apt-get install $2 (./test.sh installs everything)"; }
# Debian installs the broker in /usr/sbin, which is not on a normal user's PATH.
MOSQUITTO=
find_mosquitto() {
  MOSQUITTO=$(command -v mosquitto 2>/dev/null) || MOSQUITTO=/usr/sbin/mosquitto
  [ -x "$MOSQUITTO" ] || die "$STEP: mosquitto not found (looked on PATH and in /usr/sbin): apt-get install mosquitto"
}

# The newest PostgreSQL server binaries (Debian keeps them off PATH, under /usr/lib/postgresql/N/bin).
PG_BINDIR=
find_postgres() {
  local found binary
  # The newest version whose server is installed, not only its client programs (postgresql-client-N).
  PG_BINDIR=$(for found in /usr/lib/postgresql/*/bin; do if [ -x "$found/initdb" ] && [ -x "$found/postgres" ]; then echo "$found"; fi; done | sort -V | tail -n 1)
  if [ ! -x "$PG_BINDIR/initdb" ] && found=$(command -v initdb 2>/dev/null); then
    PG_BINDIR=$(dirname "$(realpath "$found")")
  fi
  for binary in initdb postgres psql pg_isready; do
    if [ ! -x "$PG_BINDIR/$binary" ]; then
      die "$STEP: PostgreSQL's $binary not found (looked in /usr/lib/postgresql/*/bin and PATH): apt-get install postgresql"
    fi
  done
}

pidfile() { echo "$DIR/pids/$1.pid"; }
# mkdir -p, failing with one line (mkdir's own message) instead of mkdir's stderr and ours.
make_dirs() {
  local out
  out=$(mkdir -p "$@" 2>&1) || die "$STEP: cannot create ${*}: ${out%%$'\n'*}"
}
# A process that exists and is not a zombie (a killed process whose parent has not reaped it yet).
running() {
  local stat
  kill -0 "$1" 2>/dev/null || return 1
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [ "${stat%% *}" != Z ]
}
# Whether PID belongs to this cluster (and is not a recycled pid): the servers have their path under
# DIR in their command line; the apps have LOCAL_CLUSTER_DIR=DIR in their environment (and in env's
# arguments until env has exec'd dotnet).
ours() {
  local args env argv0
  args=$(tr '\0' '\n' 2>/dev/null <"/proc/$1/cmdline") || return 1
  case $'\n'"$args"$'\n' in
    *$'\n'"$DIR/pg/data"$'\n'* | *$'\n'"$DIR/redis"$'\n'* | *$'\n'"$DIR/s3"$'\n'* \
      | *$'\n'"$DIR/mosquitto/mosquitto.conf"$'\n'* | *$'\n'"LOCAL_CLUSTER_DIR=$DIR"$'\n'*) return 0 ;;
  esac
  argv0=${args%%$'\n'*}
  [ "${argv0##*/}" = dotnet ] || return 1
  env=$(tr '\0' '\n' 2>/dev/null <"/proc/$1/environ") || return 1
  case $'\n'"$env"$'\n' in *$'\n'"LOCAL_CLUSTER_DIR=$DIR"$'\n'*) return 0 ;; esac
  return 1
}
alive() { local f pid; f=$(pidfile "$1"); [ -f "$f" ] && pid=$(cat "$f") && running "$pid" && ours "$pid"; }
# The silos started so far (silo1.., including any added with start-silo), in numeric order.
silo_names() {
  local f
  for f in "$DIR"/pids/silo*.pid; do
    if [ -e "$f" ]; then basename "$f" .pid; fi
  done | sort -V
}
SILO=
silo_number() {
  [[ "${1:-}" =~ ^[1-9][0-9]?$ ]] || die "silo number must be 1-99, not '${1:-}'"
  SILO=$1
}

GATEWAY=
gateway_number() {
  [[ "${1:-}" =~ ^[12]$ ]] || die "gateway number must be 1 or 2, not '${1:-}'"
  GATEWAY=$1
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# A port a process is about to listen on must be free, unless that process already runs.
port_free() {
  local name=$1 port
  shift
  if alive "$name"; then return 0; fi
  for port in "$@"; do
    if port_open "$port"; then
      die "$name: port $port on 127.0.0.1 is already in use by another process (stop it, or choose another LOCAL_CLUSTER_BASE_PORT)"
    fi
  done
}

# Every process runs in a session of its own (setsid), so stopping it stops its whole process group.
declare -A STARTED=()
start() {
  local name=$1
  shift
  if alive "$name"; then log "$name already runs"; return 0; fi
  make_dirs "$DIR/logs" "$DIR/pids"
  printf '===== %s: starting %s\n' "$(date -Is)" "$name" >>"$DIR/logs/$name.log"
  setsid "$@" >>"$DIR/logs/$name.log" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$(pidfile "$name")"
  STARTED[$name]=$pid
  # Until the forked shell has exec'd the command, the process does not look like ours yet.
  for _ in $(seq 1 50); do
    if ours "$pid" || ! running "$pid"; then break; fi
    sleep 0.02
  done
}

# The line of a log that tells why its process stopped: the unhandled exception when there is one, else
# the last non-empty line; on one line and at most 300 characters.
last_log_line() {
  local line=''
  if [ -f "$1" ]; then
    line=$(grep -m 1 -E '^(Unhandled exception|Configuration error)' "$1" | tr -d '\r' | cut -c1-300) || line=
    if [ -z "$line" ]; then line=$(grep -v '^[[:space:]]*$' "$1" | tail -n 1 | tr -d '\r' | cut -c1-300) || line=; fi
  fi
  echo "$line"
}

# NAME stopped before WHAT: say so on one line, with its exit code when this invocation started it and
# the last line of its log.
died() {
  local name=$1 what=$2 pid rc=unknown logfile line
  logfile="$DIR/logs/$name.log"
  if [ -n "${STARTED[$name]:-}" ]; then
    pid=${STARTED[$name]}
    if wait "$pid" 2>/dev/null; then rc=0; else rc=$?; fi
  fi
  line=$(last_log_line "$logfile")
  case $line in "===== "*) line= ;; esac
  if [ "$rc" = unknown ]; then die "$name is not running any more, before $what (see $logfile${line:+; it says: $line})"; fi
  die "$name exited with code $rc before $what (see $logfile${line:+; it says: $line})"
}

# Waits until CHECK (a command) succeeds, for at most TIMEOUT seconds; fails at once when NAME exits.
wait_until() {
  local name=$1 what=$2 seconds=$3
  shift 3
  local deadline=$((SECONDS + seconds))
  while :; do
    if "$@"; then return 0; fi
    if ! alive "$name"; then died "$name" "$what"; fi
    if [ "$SECONDS" -ge "$deadline" ]; then die "$name: $what did not happen within $seconds s (see $DIR/logs/$name.log)"; fi
    sleep 0.2
  done
}

LAST_HTTP=000
http_ready() {
  LAST_HTTP=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$1") || LAST_HTTP=000
  [ "$LAST_HTTP" = 200 ]
}

wait_http() {
  local name=$1 url=$2
  local deadline=$((SECONDS + TIMEOUT))
  while :; do
    if http_ready "$url"; then return 0; fi
    if ! alive "$name"; then died "$name" "answering $url"; fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      if [ "$LAST_HTTP" = 000 ]; then
        die "$name did not answer $url within $TIMEOUT s (see $DIR/logs/$name.log)"
      fi
      die "$name answered $url with HTTP $LAST_HTTP, not 200, for $TIMEOUT s (see $DIR/logs/$name.log)"
    fi
    sleep 0.2
  done
}

# Stops the named processes together: SIGTERM to the process group (SIGINT to PostgreSQL's postmaster:
# fast shutdown), up to 15 s to exit, then SIGKILL to each whole process group.
stop() {
  local name f pid pids=() deadline
  for name in "$@"; do
    f=$(pidfile "$name")
    if [ ! -f "$f" ]; then continue; fi
    pid=$(cat "$f")
    if alive "$name"; then
      if [ "$name" = postgres ]; then kill -INT "$pid" 2>/dev/null || true
      else kill -TERM -- "-$pid" 2>/dev/null || true; fi
      pids+=("$pid")
    elif [[ "$pid" =~ ^[0-9]+$ ]] && ! running "$pid"; then
      pids+=("$pid") # the leader is gone: what is left of its process group
    fi
  done
  deadline=$((SECONDS + 15))
  for pid in "${pids[@]}"; do
    while running "$pid" && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
  done
  for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  for name in "$@"; do rm -f "$(pidfile "$name")"; done
}

kill_now() {
  local name=$1 f pid
  f=$(pidfile "$name")
  pid=$(cat "$f")
  kill -KILL -- "-$pid" 2>/dev/null || true
  while running "$pid"; do sleep 0.1; done
  rm -f "$f"
}

# A graceful stop of one app: SIGTERM to the process alone (its children, such as a silo's ffmpeg, are its to
# stop), up to GRACEFUL_STOP_TIMEOUT seconds to exit, then SIGKILL to its process group, which fails the step.
GRACEFUL_STOP_TIMEOUT=${LOCAL_CLUSTER_STOP_TIMEOUT:-60}
stop_gracefully() {
  local name=$1 f pid started_us=${EPOCHREALTIME//[!0-9]/} took_ms=0
  f=$(pidfile "$name")
  pid=$(cat "$f")
  kill -TERM "$pid" 2>/dev/null || true
  while running "$pid" && [ "$took_ms" -lt $((GRACEFUL_STOP_TIMEOUT * 1000)) ]; do
    sleep 0.1
    took_ms=$(((${EPOCHREALTIME//[!0-9]/} - started_us) / 1000))
  done
  if running "$pid"; then
    kill_now "$name"
    die "$STEP: $name did not exit within $GRACEFUL_STOP_TIMEOUT s of SIGTERM and was killed (see $DIR/logs/$name.log)"
  fi
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$f"
  took_ms=$(((${EPOCHREALTIME//[!0-9]/} - started_us) / 1000))
  log "$name stopped gracefully in $((took_ms / 1000)).$(((took_ms % 1000) / 100)) s"
}

# Processes of this cluster that no pid file names any more (a lost pid file, a crashed script).
leftovers() {
  local proc pid
  for proc in /proc/[0-9]*; do
    pid=${proc#/proc/}
    if [ "$pid" = "$$" ] || [ "$pid" = "$BASHPID" ]; then continue; fi
    if ours "$pid" && running "$pid"; then echo "$pid"; fi
  done
}

app_env() {
  cat <<ENV
LOCAL_CLUSTER_DIR=$DIR
ASPNETCORE_ENVIRONMENT=Development
Logging__LogLevel__Microsoft.AspNetCore=Warning
Cluster__Mode=cluster
Cluster__ClusterId=$CLUSTER_ID
Cluster__ServiceId=$SERVICE_ID
Redis__Configuration=127.0.0.1:$REDIS_PORT
Storage__Provider=s3
Storage__Endpoint=http://127.0.0.1:$S3_PORT
Storage__AccessKey=S3RVER
Storage__SecretKey=S3RVER
Storage__Bucket=ingest
ENV
}

start_app() {
  local name=$1 dll=$2 port=$3 line
  shift 3
  local -a env=()
  while IFS= read -r line; do env+=("$line"); done < <(app_env)
  # Loopback only: authentication is off, so the API must not be reachable from the network.
  start "$name" env "${env[@]}" "ASPNETCORE_URLS=http://127.0.0.1:$port" "$@" dotnet "$dll"
}

# Silo N: its own name, HTTP port and Orleans ports, advertised on 127.0.0.1 (all silos share one host).
start_silo() {
  local n=$1
  step "silo$n" "$DIR/logs/silo$n.log"
  [ -f "$SILO_DLL" ] || die "silo$n: $SILO_DLL does not exist (dotnet build -c Release Silo, or set LOCAL_CLUSTER_BIN to a folder with Silo.dll)"
  port_free "silo$n" "$(silo_http_port "$n")" "$(silo_orleans_port "$n")" "$(silo_gateway_port "$n")"
  start_app "silo$n" "$SILO_DLL" "$(silo_http_port "$n")" \
    "Cluster__SiloName=silo$n" "Cluster__SiloPort=$(silo_orleans_port "$n")" \
    "Cluster__GatewayPort=$(silo_gateway_port "$n")" "Cluster__AdvertisedAddress=127.0.0.1" \
    "Db__ConnectionString=Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=ingest" \
    "Data__Dir=$DIR/silo$n"
}

wait_silo() {
  step "silo$1" "$DIR/logs/silo$1.log"
  wait_http "silo$1" "http://127.0.0.1:$(silo_http_port "$1")/health/ready"
}

# Gateways are Orleans clients: they find the silos through Redis and need no Orleans port of their own.
start_gateway() {
  local n=$1 password
  step "gateway$n" "$DIR/logs/gateway$n.log"
  [ -f "$GATEWAY_DLL" ] || die "gateway$n: $GATEWAY_DLL does not exist (dotnet build -c Release Gateway, or set LOCAL_CLUSTER_BIN to a folder with Gateway.dll)"
  port_free "gateway$n" "$(gateway_http_port "$n")"
  password=$(cat "$DIR/mosquitto/password.txt")
  start_app "gateway$n" "$GATEWAY_DLL" "$(gateway_http_port "$n")" "Auth__Enabled=false" \
    "Mqtt__BrokerUrl=mqtt://127.0.0.1:$MQTT_PORT" "Mqtt__User=$MQTT_USER" "Mqtt__Password=$password" \
    "Mqtt__GatewayName=local-gateway$n"
}

wait_gateway() {
  step "gateway$1" "$DIR/logs/gateway$1.log"
  wait_http "gateway$1" "http://127.0.0.1:$(gateway_http_port "$1")/health/ready"
}

# As root, PostgreSQL runs as the postgres user, which must be able to reach its data folder: every
# folder above it needs the x (search) bit for that user.
check_postgres_can_reach() {
  local target=$1 path='' part
  local -a parts
  id -u postgres >/dev/null 2>&1 || die "postgres: there is no 'postgres' OS user to run PostgreSQL as (apt-get install postgresql creates it)"
  IFS=/ read -ra parts <<<"${target#/}"
  for part in "${parts[@]}"; do
    path="$path/$part"
    if [ ! -e "$path" ]; then break; fi
    if ! setpriv --reuid=postgres --regid=postgres --init-groups -- test -x "$path"; then
      die "postgres: data folder $target is not readable by the postgres user: $path lacks the search permission for it (chmod o+x $path, or set LOCAL_CLUSTER_DIR elsewhere)"
    fi
  done
  if ! setpriv --reuid=postgres --regid=postgres --init-groups -- test -w "$target"; then
    die "postgres: data folder $target is not writable by the postgres user"
  fi
}

redis_ping() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }
pg_accepts() { "$PG_BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 2 2>/dev/null; }

up() {
  local n pg_out project first_error
  IN_UP=1
  step prerequisites
  need dotnet "the .NET SDK (dotnet-sdk-10.0)"; need curl curl; need setsid util-linux
  need redis-server redis-server; need redis-cli redis-tools
  find_mosquitto; need mosquitto_passwd mosquitto; need node nodejs
  if is_root; then need setpriv util-linux; fi
  find_postgres
  [ -d "$ROOT/tools/node_modules/s3rver" ] || die "$STEP: s3rver missing: npm ci --prefix tools (or ./test.sh)"
  step "data folder"
  make_dirs "$DIR/logs" "$DIR/pids"
  if [ -z "$BIN" ]; then
    step build "$DIR/logs/build.log"
    log "building (Release)"
    : >"$DIR/logs/build.log"
    for project in Silo Gateway; do
      # No build servers: `down` leaves no process of this script behind, the compiler server included.
      if ! dotnet build "$ROOT/$project/$project.csproj" -c Release -v q -nologo --disable-build-servers >>"$DIR/logs/build.log" 2>&1; then
        first_error=$(grep -m 1 -E ': error |error [A-Z]+[0-9]+' "$DIR/logs/build.log" | cut -c1-300) || first_error=
        die "build: dotnet build -c Release $project failed${first_error:+: $first_error} (see $DIR/logs/build.log)"
      fi
    done
  fi
  # Before any server starts: a wrong LOCAL_CLUSTER_BIN must not leave servers running behind a failed up.
  [ -f "$SILO_DLL" ] || die "$STEP: $SILO_DLL does not exist (dotnet build -c Release Silo, or set LOCAL_CLUSTER_BIN to a folder with Silo.dll)"
  [ -f "$GATEWAY_DLL" ] || die "$STEP: $GATEWAY_DLL does not exist (dotnet build -c Release Gateway, or set LOCAL_CLUSTER_BIN to a folder with Gateway.dll)"
  # Every port too: a port in use should stop up before it starts anything, not after the stores run.
  step ports
  port_free postgres "$PG_PORT"; port_free redis "$REDIS_PORT"; port_free s3 "$S3_PORT"; port_free mosquitto "$MQTT_PORT"
  for n in 1 2 3; do port_free "silo$n" "$(silo_http_port "$n")" "$(silo_orleans_port "$n")" "$(silo_gateway_port "$n")"; done
  for n in 1 2; do port_free "gateway$n" "$(gateway_http_port "$n")"; done

  # PostgreSQL
  step postgres "$DIR/logs/postgres.log"
  port_free postgres "$PG_PORT"
  make_dirs "$DIR/pg"
  if is_root; then
    chown -R postgres:postgres "$DIR/pg"
    check_postgres_can_reach "$DIR/pg"
  fi
  if [ ! -f "$DIR/pg/data/PG_VERSION" ]; then
    rm -rf "$DIR/pg/data" # what an interrupted initdb left
    step postgres "$DIR/logs/initdb.log"
    "${AS_POSTGRES[@]}" "$PG_BINDIR/initdb" -D "$DIR/pg/data" -U postgres --auth=trust -E UTF8 --locale=C >"$DIR/logs/initdb.log" 2>&1 \
      || die "postgres: initdb of $DIR/pg/data failed (see $DIR/logs/initdb.log; its last line: $(last_log_line "$DIR/logs/initdb.log"))"
    step postgres "$DIR/logs/postgres.log"
  fi
  # Each silo holds up to Db__MaxPoolSize (30) connections: room for silos added with start-silo beyond PostgreSQL's default 100.
  start postgres "${AS_POSTGRES[@]}" "$PG_BINDIR/postgres" -D "$DIR/pg/data" -p "$PG_PORT" -k "" -c listen_addresses=127.0.0.1 -c max_connections=200

  # Redis: Orleans membership, the grain directory, MQTT chunk staging and camera events. The
  # append-only file keeps staged chunks across a Redis restart; no RDB snapshots.
  step redis "$DIR/logs/redis.log"
  port_free redis "$REDIS_PORT"
  make_dirs "$DIR/redis"
  start redis redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$DIR/redis" --save "" --appendonly yes \
    --protected-mode no --daemonize no --set-proc-title no

  # s3rver
  step s3 "$DIR/logs/s3.log"
  port_free s3 "$S3_PORT"
  make_dirs "$DIR/s3"
  start s3 node "$S3RVER" -d "$DIR/s3" -a 127.0.0.1 -p "$S3_PORT" --configure-bucket ingest

  # Mosquitto with a password and persistence (the configuration is written anew: the port may have changed)
  step mosquitto "$DIR/logs/mosquitto.log"
  port_free mosquitto "$MQTT_PORT"
  make_dirs "$DIR/mosquitto"
  if [ ! -s "$DIR/mosquitto/password.txt" ] || [ ! -s "$DIR/mosquitto/passwords" ]; then
    head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$DIR/mosquitto/password.txt"
    mosquitto_passwd -b -c "$DIR/mosquitto/passwords" "$MQTT_USER" "$(cat "$DIR/mosquitto/password.txt")" >>"$DIR/logs/mosquitto.log" 2>&1 \
      || die "mosquitto: mosquitto_passwd could not write $DIR/mosquitto/passwords (see $DIR/logs/mosquitto.log)"
  fi
  { echo "listener $MQTT_PORT 127.0.0.1"; echo "allow_anonymous false"; echo "password_file $DIR/mosquitto/passwords"
    echo "persistence true"; echo "persistence_location $DIR/mosquitto/"; echo "autosave_interval 30"; echo "max_queued_messages 1000000"
    echo "max_inflight_messages 100"; if is_root; then echo "user root"; fi; } >"$DIR/mosquitto/mosquitto.conf"
  start mosquitto "$MOSQUITTO" -c "$DIR/mosquitto/mosquitto.conf"

  step postgres "$DIR/logs/postgres.log"
  wait_until postgres "accepting connections on 127.0.0.1:$PG_PORT" 60 pg_accepts
  if ! pg_out=$("$PG_BINDIR/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -Atc "SELECT 1 FROM pg_database WHERE datname = 'ingest'" 2>&1); then
    die "postgres: could not query 127.0.0.1:$PG_PORT: $(echo "$pg_out" | head -n 1)"
  fi
  if [ "$pg_out" != 1 ] && ! pg_out=$("$PG_BINDIR/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "CREATE DATABASE ingest" 2>&1); then
    die "postgres: CREATE DATABASE ingest failed: $(echo "$pg_out" | head -n 1)"
  fi
  step redis "$DIR/logs/redis.log"
  wait_until redis "answering PING on 127.0.0.1:$REDIS_PORT" 60 redis_ping
  step s3 "$DIR/logs/s3.log"
  wait_until s3 "listening on 127.0.0.1:$S3_PORT" 60 port_open "$S3_PORT"
  step mosquitto "$DIR/logs/mosquitto.log"
  wait_until mosquitto "listening on 127.0.0.1:$MQTT_PORT" 60 port_open "$MQTT_PORT"

  # Silos first (gateways find them through Redis membership), then gateways.
  for n in 1 2 3; do start_silo "$n"; done
  for n in 1 2 3; do wait_silo "$n"; done
  for n in 1 2; do start_gateway "$n"; done
  for n in 1 2; do wait_gateway "$n"; done

  step info
  local password
  password=$(cat "$DIR/mosquitto/password.txt")
  cat <<INFO
[local-cluster] up. Data and logs under $DIR
  gateways (HTTP API, /docs, /metrics): http://127.0.0.1:${GATEWAY_PORTS[0]}  http://127.0.0.1:${GATEWAY_PORTS[1]}
  silos (/health, /metrics):            http://127.0.0.1:$(silo_http_port 1)  http://127.0.0.1:$(silo_http_port 2)  http://127.0.0.1:$(silo_http_port 3)
  Orleans silo/gateway ports:           silo1 $(silo_orleans_port 1)/$(silo_gateway_port 1)  silo2 $(silo_orleans_port 2)/$(silo_gateway_port 2)  silo3 $(silo_orleans_port 3)/$(silo_gateway_port 3)  (cluster id $CLUSTER_ID)
  MQTT:      mqtt://127.0.0.1:$MQTT_PORT  user $MQTT_USER  password $password
  Redis:     127.0.0.1:$REDIS_PORT (membership, grain directory, chunk staging, camera events)   PostgreSQL: 127.0.0.1:$PG_PORT (postgres, database ingest)
  S3:        http://127.0.0.1:$S3_PORT  bucket ingest  keys S3RVER/S3RVER
  auth is off (Development); try:  curl -X POST --data-binary @frame.jpg -H 'Content-Type: image/jpeg' http://127.0.0.1:${GATEWAY_PORTS[0]}/api/ingest/push/cam-1
INFO
}

status() {
  local name state code names
  names=$( (printf 'silo%s\n' 1 2 3; silo_names) | sort -uV)
  for name in postgres redis s3 mosquitto $names gateway1 gateway2; do
    if alive "$name"; then state="running (pid $(cat "$(pidfile "$name")"))"
    elif [ -f "$(pidfile "$name")" ]; then printf '%-10s %s\n' "$name" "dead (see $DIR/logs/$name.log)"; continue
    else printf '%-10s %s\n' "$name" stopped; continue; fi
    case $name in
      silo*) code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "http://127.0.0.1:$(silo_http_port "${name#silo}")/health/ready") || true
             state="$state, ready: $code" ;;
      gateway*) code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "http://127.0.0.1:$(gateway_http_port "${name#gateway}")/health/ready") || true
                state="$state, ready: $code" ;;
    esac
    printf '%-10s %s\n' "$name" "$state"
  done
}

down() {
  local pid left=() found=() deadline
  step down
  # Apps first, all at once (silos deactivate their grains into PostgreSQL and leave Redis membership),
  # then the servers they used.
  # shellcheck disable=SC2046
  stop gateway1 gateway2 $(silo_names)
  stop mosquitto s3 redis postgres
  # Then whatever no pid file named any more: the same signals, 15 s, SIGKILL.
  while IFS= read -r pid; do if [ -n "$pid" ]; then found+=("$pid"); fi; done < <(leftovers)
  for pid in "${found[@]}"; do
    log "stopping leftover process $pid: $(tr '\0\n' '  ' 2>/dev/null <"/proc/$pid/cmdline" | cut -c1-200)"
    case $(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") in
      *" -D $DIR/pg/data "*) kill -INT "$pid" 2>/dev/null || true ;;
      *) kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true ;;
    esac
  done
  deadline=$((SECONDS + 15))
  for pid in "${found[@]}"; do
    while running "$pid" && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [ "${#found[@]}" -gt 0 ]; then sleep 0.2; fi
  while IFS= read -r pid; do if [ -n "$pid" ]; then left+=("$pid"); fi; done < <(leftovers)
  if [ "${#left[@]}" -gt 0 ]; then die "down: processes still running after SIGKILL: ${left[*]}"; fi
  log "down"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  kill-silo)
    silo_number "${2:-}"; step "kill-silo"
    alive "silo$SILO" || die "silo$SILO is not running"
    kill_now "silo$SILO"; log "silo$SILO killed" ;;
  start-silo)
    silo_number "${2:-}"; step "start-silo"
    alive redis || die "silo$SILO: redis is not running (run up first)"
    alive postgres || die "silo$SILO: postgres is not running (run up first)"
    need dotnet "the .NET SDK (dotnet-sdk-10.0)"
    start_silo "$SILO"; wait_silo "$SILO"; log "silo$SILO up" ;;
  stop-silo)
    silo_number "${2:-}"; step "stop-silo"
    alive "silo$SILO" || die "silo$SILO is not running"
    stop_gracefully "silo$SILO" ;;
  kill-gateway)
    gateway_number "${2:-}"; step "kill-gateway"
    alive "gateway$GATEWAY" || die "gateway$GATEWAY is not running"
    kill_now "gateway$GATEWAY"; log "gateway$GATEWAY killed" ;;
  stop-gateway)
    gateway_number "${2:-}"; step "stop-gateway"
    alive "gateway$GATEWAY" || die "gateway$GATEWAY is not running"
    stop_gracefully "gateway$GATEWAY" ;;
  start-gateway)
    gateway_number "${2:-}"; step "start-gateway"
    alive redis || die "gateway$GATEWAY: redis is not running (run up first)"
    need dotnet "the .NET SDK (dotnet-sdk-10.0)"
    start_gateway "$GATEWAY"; wait_gateway "$GATEWAY"; log "gateway$GATEWAY up" ;;
  *) sed -n '2,18p' "$0"; exit 2 ;;
esac
