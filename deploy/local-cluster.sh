#!/usr/bin/env bash
# A real IngestionCluster on this machine, without Docker: RabbitMQ, PostgreSQL, an S3-protocol server
# (s3rver), Mosquitto, 3 silos and 2 gateways, all as processes on 127.0.0.1 with their data under one
# folder (default ./.local-cluster). Needs what ./test.sh installs.
# Environment: LOCAL_CLUSTER_DIR (data folder), LOCAL_CLUSTER_BASE_PORT (default 17000; ports are
# offsets from it), LOCAL_CLUSTER_BIN (a folder with Silo.dll and Gateway.dll already built: skips the build).
#
#   deploy/local-cluster.sh up            start everything, print the URLs
#   deploy/local-cluster.sh status        what runs, and each silo's/gateway's readiness
#   deploy/local-cluster.sh kill-silo N   SIGKILL silo N (1-3): watch its partitions move
#   deploy/local-cluster.sh start-silo N  start silo N again (or a 4th: scale out)
#   deploy/local-cluster.sh down          stop everything; leaves no process behind
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${LOCAL_CLUSTER_DIR:-$ROOT/.local-cluster}
BASE=${LOCAL_CLUSTER_BASE_PORT:-17000}
AMQP_PORT=$((BASE + 672)); DIST_PORT=$((BASE + 673)); EPMD_PORT=$((BASE + 369))
PG_PORT=$((BASE + 432)); S3_PORT=$((BASE + 900)); MQTT_PORT=$((BASE + 883))
GATEWAY_PORTS=($((BASE + 80)) $((BASE + 90)))
silo_port() { echo $((BASE + 100 + $1)); }
BIN=${LOCAL_CLUSTER_BIN:-}
silo_dll() { echo "${BIN:-$ROOT/Silo/bin/Release/net10.0}/Silo.dll"; }
gateway_dll() { echo "${BIN:-$ROOT/Gateway/bin/Release/net10.0}/Gateway.dll"; }
CLUSTER_NAME=local
MQTT_USER=ingest

log() { printf '[local-cluster] %s\n' "$*"; }
die() { printf '[local-cluster] error: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }
as_user() { local user=$1; shift; if is_root; then setpriv --reuid="$user" --regid="$user" --init-groups -- "$@"; else "$@"; fi; }
# The words that run a command as USER when we are root (PostgreSQL and RabbitMQ refuse to run as root).
run_as() { if is_root; then echo "setpriv --reuid=$1 --regid=$1 --init-groups --"; fi; }
pg_bin() { local b; b=$(command -v "$1" 2>/dev/null || ls /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -1); [ -n "$b" ] || die "$1 not found: apt-get install postgresql"; echo "$b"; }
need() { command -v "$1" >/dev/null 2>&1 || [ -x "$1" ] || die "$1 not found: apt-get install $2 (./test.sh installs everything)"; }

pidfile() { echo "$DIR/pids/$1.pid"; }
alive() { local f; f=$(pidfile "$1"); [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null; }
# The silos started so far (silo1.., including any added with start-silo), in numeric order.
silo_names() { local f; for f in "$DIR"/pids/silo*.pid; do [ -e "$f" ] && basename "$f" .pid; done | sort -V; }
silo_number() { [[ "$1" =~ ^[1-9][0-9]?$ ]] || die "silo number must be 1-99, not '$1'"; echo "$1"; }

# Every process runs in a session of its own (setsid), so stopping it stops its whole process group.
start() {
  local name=$1; shift
  alive "$name" && { log "$name already runs"; return; }
  mkdir -p "$DIR/logs" "$DIR/pids"
  setsid "$@" >>"$DIR/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$(pidfile "$name")"
}

stop() {
  local name=$1 signal=${2:-TERM} f pid
  f=$(pidfile "$name"); [ -f "$f" ] || return 0
  pid=$(cat "$f")
  kill "-$signal" -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$f"
}

wait_port() {
  local what=$1 port=$2
  for _ in $(seq 1 600); do (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0; sleep 0.1; done
  die "$what did not open port $port (see $DIR/logs)"
}

wait_http() {
  local what=$1 url=$2
  for _ in $(seq 1 900); do curl -sf -o /dev/null "$url" && return 0; sleep 0.1; done
  die "$what did not answer $url (see $DIR/logs/$what.log)"
}

app_env() {
  cat <<ENV
Cluster__Mode=cluster
Cluster__Name=$CLUSTER_NAME
RabbitMq__Uri=amqp://guest:guest@127.0.0.1:$AMQP_PORT/
Db__ConnectionString=Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=ingest
Storage__Provider=s3
Storage__Endpoint=http://127.0.0.1:$S3_PORT
Storage__AccessKey=S3RVER
Storage__SecretKey=S3RVER
Storage__Bucket=ingest
ASPNETCORE_ENVIRONMENT=Development
Auth__Enabled=false
Logging__LogLevel__Microsoft.AspNetCore=Warning
ENV
}

start_app() {
  local name=$1 dll=$2 port=$3; shift 3
  local -a env=()
  while IFS= read -r line; do env+=("$line"); done < <(app_env)
  start "$name" env "${env[@]}" "Http__Port=$port" "Data__Dir=$DIR/$name" "$@" dotnet "$dll"
}

start_silo() {
  local n=$1
  start_app "silo$n" "$(silo_dll)" "$(silo_port "$n")" "Cluster__SiloId=silo$n"
}

start_gateway() {
  local n=$1 password
  password=$(cat "$DIR/mosquitto/password.txt")
  start_app "gateway$n" "$(gateway_dll)" "${GATEWAY_PORTS[$((n - 1))]}" \
    "Mqtt__BrokerUrl=mqtt://127.0.0.1:$MQTT_PORT" "Mqtt__User=$MQTT_USER" "Mqtt__Password=$password" \
    "Mqtt__ClientId=local-gateway$n" "Mqtt__SharedGroup=gateways"
}

up() {
  need dotnet "the .NET SDK"
  need rabbitmq-server rabbitmq-server; need mosquitto mosquitto; need node nodejs
  [ -f "$ROOT/tools/node_modules/s3rver/bin/s3rver.js" ] || die "s3rver missing: npm ci --prefix tools (or ./test.sh)"
  mkdir -p "$DIR"/{logs,pids}
  if [ -z "$BIN" ]; then
    log "building (Release)"
    dotnet build "$ROOT/Silo/Silo.csproj" -c Release -v q -nologo >/dev/null
    dotnet build "$ROOT/Gateway/Gateway.csproj" -c Release -v q -nologo >/dev/null
  fi
  [ -f "$(silo_dll)" ] && [ -f "$(gateway_dll)" ] || die "Silo.dll or Gateway.dll missing under ${BIN:-the Release build folders}"

  # PostgreSQL
  if [ ! -d "$DIR/pg/data" ]; then
    mkdir -p "$DIR/pg"; if is_root; then chown -R postgres:postgres "$DIR/pg"; fi
    as_user postgres "$(pg_bin initdb)" -D "$DIR/pg/data" -U postgres --auth=trust -E UTF8 --locale=C >"$DIR/logs/initdb.log" 2>&1
  fi
  start postgres $(run_as postgres) "$(pg_bin postgres)" -D "$DIR/pg/data" -p "$PG_PORT" -k "$DIR/pg" -c listen_addresses=127.0.0.1
  # RabbitMQ (its epmd on a private port, in the same process group)
  if [ ! -d "$DIR/rabbitmq" ]; then
    mkdir -p "$DIR/rabbitmq"/{mnesia,log}
    echo '[].' > "$DIR/rabbitmq/enabled_plugins"
    printf 'loopback_users = none\nlisteners.tcp.1 = 127.0.0.1:%s\ndisk_free_limit.absolute = 50MB\n' "$AMQP_PORT" > "$DIR/rabbitmq/rabbitmq.conf"
    if is_root; then chown -R rabbitmq:rabbitmq "$DIR/rabbitmq"; fi
  fi
  start rabbitmq env HOME="$DIR/rabbitmq" ERL_EPMD_PORT="$EPMD_PORT" RABBITMQ_NODENAME="rabbit-local@localhost" \
    RABBITMQ_NODE_PORT="$AMQP_PORT" RABBITMQ_DIST_PORT="$DIST_PORT" RABBITMQ_MNESIA_BASE="$DIR/rabbitmq/mnesia" \
    RABBITMQ_LOG_BASE="$DIR/rabbitmq/log" RABBITMQ_CONFIG_FILE="$DIR/rabbitmq/rabbitmq.conf" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$DIR/rabbitmq/enabled_plugins" \
    $(run_as rabbitmq) sh -c "epmd -port $EPMD_PORT & exec /usr/lib/rabbitmq/bin/rabbitmq-server"
  # s3rver
  mkdir -p "$DIR/s3"
  start s3 node "$ROOT/tools/node_modules/s3rver/bin/s3rver.js" -d "$DIR/s3" -a 127.0.0.1 -p "$S3_PORT" --silent --configure-bucket ingest
  # Mosquitto with a password and persistence
  if [ ! -f "$DIR/mosquitto/password.txt" ]; then
    mkdir -p "$DIR/mosquitto"
    head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$DIR/mosquitto/password.txt"
    mosquitto_passwd -b -c "$DIR/mosquitto/passwords" "$MQTT_USER" "$(cat "$DIR/mosquitto/password.txt")"
    { echo "listener $MQTT_PORT 127.0.0.1"; echo "allow_anonymous false"; echo "password_file $DIR/mosquitto/passwords"
      echo "persistence true"; echo "persistence_location $DIR/mosquitto/"; echo "max_queued_messages 1000000"
      echo "max_inflight_messages 100"; if is_root; then echo "user root"; fi; } > "$DIR/mosquitto/mosquitto.conf"
  fi
  start mosquitto mosquitto -c "$DIR/mosquitto/mosquitto.conf"

  wait_port postgres "$PG_PORT"
  for _ in $(seq 1 50); do "$(pg_bin psql)" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tc "SELECT 1" >/dev/null 2>&1 && break; sleep 0.2; done
  "$(pg_bin psql)" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tc "SELECT 1 FROM pg_database WHERE datname = 'ingest'" | grep -q 1 \
    || "$(pg_bin psql)" -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "CREATE DATABASE ingest" >/dev/null
  wait_port rabbitmq "$AMQP_PORT"; wait_port s3 "$S3_PORT"; wait_port mosquitto "$MQTT_PORT"

  for n in 1 2 3; do start_silo "$n"; done
  for n in 1 2; do start_gateway "$n"; done
  for n in 1 2 3; do wait_http "silo$n" "http://127.0.0.1:$(silo_port "$n")/health/ready"; done
  for n in 1 2; do wait_http "gateway$n" "http://127.0.0.1:${GATEWAY_PORTS[$((n - 1))]}/health/ready"; done

  cat <<INFO
[local-cluster] up. Data and logs under $DIR
  gateways (HTTP API, /docs, /metrics): http://127.0.0.1:${GATEWAY_PORTS[0]}  http://127.0.0.1:${GATEWAY_PORTS[1]}
  silos (/health, /metrics):            http://127.0.0.1:$(silo_port 1)  http://127.0.0.1:$(silo_port 2)  http://127.0.0.1:$(silo_port 3)
  MQTT:      mqtt://127.0.0.1:$MQTT_PORT  user $MQTT_USER  password $(cat "$DIR/mosquitto/password.txt")
  RabbitMQ:  amqp://guest:guest@127.0.0.1:$AMQP_PORT/   PostgreSQL: 127.0.0.1:$PG_PORT (postgres, database ingest)
  S3:        http://127.0.0.1:$S3_PORT  bucket ingest  keys S3RVER/S3RVER
  auth is off (Development); try:  curl -X POST --data-binary @frame.jpg -H 'Content-Type: image/jpeg' http://127.0.0.1:${GATEWAY_PORTS[0]}/api/ingest/push/cam-1
INFO
}

status() {
  local name state
  for name in postgres rabbitmq s3 mosquitto $( (printf 'silo%s\n' 1 2 3; silo_names) | sort -uV) gateway1 gateway2; do
    if alive "$name"; then state=running
    elif [ -f "$(pidfile "$name")" ]; then state=dead
    else printf '%-10s %s\n' "$name" stopped; continue; fi
    case $name in
      silo*) state="$state, ready: $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$(silo_port "${name#silo}")/health/ready" || true)";;
      gateway*) state="$state, ready: $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${GATEWAY_PORTS[$((${name#gateway} - 1))]}/health/ready" || true)";;
    esac
    printf '%-10s %s\n' "$name" "$state"
  done
}

down() {
  local name
  for name in gateway1 gateway2 $(silo_names) mosquitto s3 rabbitmq postgres; do stop "$name"; done
  log "down"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  kill-silo) n=$(silo_number "${2:-}"); alive "silo$n" || die "silo$n is not running"; stop "silo$n" KILL; log "silo$n killed" ;;
  start-silo) n=$(silo_number "${2:-}"); start_silo "$n"; wait_http "silo$n" "http://127.0.0.1:$(silo_port "$n")/health/ready"; log "silo$n up" ;;
  *) sed -n '2,12p' "$0"; exit 2 ;;
esac
