#!/usr/bin/env bash
# The multi-replica setup: a private PostgreSQL (tracker store and app database), Redis (lock
# store), two Rasa replicas, two action servers, the chat page and the coach console, behind nginx.
# All on loopback, all data and logs in RUN_DIR. Ctrl-C stops everything.
#   scripts/run_scaled.sh                  start (make run-scaled builds everything first)
#   scripts/run_scaled.sh postgres-stop    stop / start its PostgreSQL alone (tests, maintenance)
#   scripts/run_scaled.sh postgres-start
#   scripts/run_scaled.sh nginx-conf       write nginx's configuration only, print its path
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

COMMAND=${1:-run}
case "$COMMAND" in
  run | postgres-stop | postgres-start | nginx-conf) ;;
  *) echo "usage: $0 [run | postgres-stop | postgres-start | nginx-conf]" >&2; exit 2 ;;
esac

RUN_DIR=${RUN_DIR:-.run-scaled}
mkdir -p "$RUN_DIR"
RUN_DIR=$(cd "$RUN_DIR" && pwd)
NGINX_PORT=${NGINX_PORT:-8380}
ACTIONS_PROXY_PORT=${ACTIONS_PROXY_PORT:-8381}
WEB_PORT=${WEB_PORT:-8390}
COACH_PORT=${COACH_PORT:-8391}
RASA_PORTS=${RASA_PORTS:-5705 5706}
ACTION_PORTS=${ACTION_PORTS:-5755 5756}
PG_PORT=${PG_PORT:-5433}
REDIS_PORT=${REDIS_PORT:-6380}
read -r -a rasa_ports <<<"$RASA_PORTS"
read -r -a action_ports <<<"$ACTION_PORTS"
for port in "${rasa_ports[@]}" "${action_ports[@]}" "$NGINX_PORT" "$ACTIONS_PROXY_PORT" \
            "$WEB_PORT" "$COACH_PORT" "$PG_PORT" "$REDIS_PORT"; do
  [[ "$port" =~ ^[0-9]+$ ]] && ((port > 0 && port < 65536)) || {
    echo "not a port: '$port' (RASA_PORTS and ACTION_PORTS are space-separated lists)" >&2; exit 2; }
done
((${#rasa_ports[@]} >= 1 && ${#action_ports[@]} >= 1)) || {
  echo "RASA_PORTS and ACTION_PORTS need one port at least" >&2; exit 2; }

# --- what this needs from Debian ----------------------------------------------------------------
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)}
missing=()
[ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
if ((${#missing[@]})); then
  if [ "$(id -u)" != 0 ]; then
    echo "missing Debian packages: ${missing[*]}; install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "installing ${missing[*]} (apt-get)"
  # Debian would start its own copies on the default ports (nginx on 0.0.0.0:80): not wanted.
  policy=/usr/sbin/policy-rc.d
  own_policy=""
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; own_policy=1; fi
  installed=0
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || installed=$?
  if [ -n "$own_policy" ]; then rm -f "$policy"; fi
  ((installed == 0)) || { echo "apt-get could not install ${missing[*]}" >&2; exit 1; }
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
export PATH=$PATH:/usr/sbin

# --- PostgreSQL: a private cluster in RUN_DIR -----------------------------------------------------
# postgres refuses to run as root: as root it runs as the `postgres` user (Debian's package makes it).
PGDATA=$RUN_DIR/postgres
PG_USER=rasa
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
pg_ctl_() { as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" "$@"; }
psql_() { as_pg "$PG_BIN/psql" -h "$PGDATA" -p "$PG_PORT" -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

pg_start() {
  # pg_ctl writes its log as the user it runs as.
  touch "$RUN_DIR/postgres.log"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$RUN_DIR/postgres.log"; fi
  pg_ctl_ -l "$RUN_DIR/postgres.log" -w -t 60 -o "-p $PG_PORT" start >/dev/null || {
    echo "PostgreSQL did not start; see $RUN_DIR/postgres.log" >&2; tail -n 20 "$RUN_DIR/postgres.log" >&2; return 1; }
}
pg_stop() { pg_ctl_ -m fast -w stop >/dev/null; }

# nginx's configuration, from deploy/nginx.conf.template into RUN_DIR/nginx; prints its path.
upstream_lines() {  # port...
  for port in "$@"; do printf '        server 127.0.0.1:%s max_fails=1 fail_timeout=5s;\n' "$port"; done
}
nginx_conf() {
  local conf=$RUN_DIR/nginx/nginx.conf line rasa_servers action_servers
  mkdir -p "$RUN_DIR/nginx/tmp"
  rasa_servers=$(upstream_lines "${rasa_ports[@]}")
  action_servers=$(upstream_lines "${action_ports[@]}")
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line//@RUN_DIR@/$RUN_DIR}
    line=${line//@NGINX_PORT@/$NGINX_PORT}
    line=${line//@ACTIONS_PROXY_PORT@/$ACTIONS_PROXY_PORT}
    line=${line//@WEB_PORT@/$WEB_PORT}
    line=${line//@RASA_SERVERS@/$rasa_servers}
    line=${line//@ACTION_SERVERS@/$action_servers}
    printf '%s\n' "$line"
  done <deploy/nginx.conf.template >"$conf"
  nginx -t -q -e "$RUN_DIR/nginx/error.log" -p "$RUN_DIR/nginx" -c "$conf" 2>"$RUN_DIR/nginx/check.log" || {
    echo "nginx refused its configuration:" >&2; cat "$RUN_DIR/nginx/check.log" >&2; return 1; }
  echo "$conf"
}

case "$COMMAND" in
  nginx-conf) nginx_conf; exit 0 ;;
  postgres-stop) pg_stop; echo "PostgreSQL stopped"; exit 0 ;;
  postgres-start) pg_start; echo "PostgreSQL started on 127.0.0.1:$PG_PORT"; exit 0 ;;
esac

: "${MODEL:?set MODEL to a trained model (make run-scaled does)}"
[ -f "$MODEL" ] || { echo "no model at MODEL=$MODEL (make train)" >&2; exit 2; }

# A port another program holds would make one piece fail later with a less clear message.
for port in "${rasa_ports[@]}" "${action_ports[@]}" "$NGINX_PORT" "$ACTIONS_PROXY_PORT" \
            "$WEB_PORT" "$COACH_PORT" "$PG_PORT" "$REDIS_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port on 127.0.0.1 is in use; stop what holds it or choose other ports" \
         "(RASA_PORTS, ACTION_PORTS, NGINX_PORT, ACTIONS_PROXY_PORT, WEB_PORT, COACH_PORT, PG_PORT, REDIS_PORT)" >&2
    exit 1
  fi
done

if [ "$(id -u)" = 0 ]; then
  if ! runuser -u postgres -- test -x "$RUN_DIR"; then
    echo "the postgres user cannot enter $RUN_DIR: choose a RUN_DIR whose parent folders it can enter" >&2
    exit 1
  fi
fi
# One password per run dir, made once, readable by its owner alone.
if [ ! -s "$RUN_DIR/postgres.password" ]; then
  (umask 077; head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$RUN_DIR/postgres.password")
fi
PG_PASSWORD=$(<"$RUN_DIR/postgres.password")
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA"
  [ "$(id -u)" = 0 ] && chown postgres: "$PGDATA"
  chmod 700 "$PGDATA"
  as_pg "$PG_BIN/initdb" -D "$PGDATA" --auth-local=peer --auth-host=scram-sha-256 -E UTF8 \
    >"$RUN_DIR/initdb.log" 2>&1 || { echo "initdb failed; see $RUN_DIR/initdb.log" >&2; exit 1; }
  cat >>"$PGDATA/postgresql.conf" <<CONF
# scripts/run_scaled.sh: loopback only, its socket in the data folder
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PGDATA'
max_connections = 200
CONF
fi

pids=()
names=()
stopping=""
stop() {
  trap - INT TERM EXIT
  stopping=1
  echo; echo "stopping..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pg_stop 2>/dev/null || true
  exit "${1:-0}"
}
trap 'stop 0' INT TERM
trap 'stop $?' EXIT

pg_start
# The role and the two databases, once (idempotent across runs on the same run dir).
if [ -z "$(psql_ -c "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")" ]; then
  psql_ -c "CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD'"
fi
for db in tracker app; do
  if [ -z "$(psql_ -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
    psql_ -c "CREATE DATABASE $db OWNER $PG_USER"
  fi
done
PG_URL=postgresql+psycopg2://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT

export PYTHONPATH=$ROOT HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false
export APP_DB_URL=$PG_URL/app TRACKER_DB_URL=$PG_URL/tracker RASA_PG_PASSWORD=$PG_PASSWORD
export ACTION_ENDPOINT_URL=http://127.0.0.1:$ACTIONS_PROXY_PORT/webhook
ACTION_SERVER_TOKEN=${ACTION_SERVER_TOKEN:-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')}
export ACTION_SERVER_TOKEN ACTIONS_WARM_UP=1
# A replica killed during a turn leaves its ticket in the conversation's Redis lock until the
# ticket's lifetime ends; the next turn waits for it. Rasa's default, 60 s, equals Sanic's response
# timeout, which then cancels the waiting turn; 30 s is still far above a turn's few seconds.
export TICKET_LOCK_LIFETIME=${TICKET_LOCK_LIFETIME:-30}
# Once, before two action servers would race to create the same tables.
.venv/actions/bin/python -c 'import os, store; store.migrate(os.environ["APP_DB_URL"])' \
  >"$RUN_DIR/migrate.log" 2>&1 || { echo "the app database's migrations failed; see $RUN_DIR/migrate.log" >&2; exit 1; }

# --- generated configuration --------------------------------------------------------------------
cat >"$RUN_DIR/endpoints.yml" <<YAML
# Generated by scripts/run_scaled.sh. Rasa fills in \${...} from its environment.
action_endpoint:
  url: \${ACTION_ENDPOINT_URL}
  token: \${ACTION_SERVER_TOKEN}
# Rasa's SQL store, failing a turn politely instead of on an empty in-memory tracker when PostgreSQL
# is down (bot/strict_tracker_store.py).
tracker_store:
  type: bot.strict_tracker_store.StrictSQLTrackerStore
  dialect: postgresql
  url: 127.0.0.1
  port: $PG_PORT
  db: tracker
  username: $PG_USER
  password: \${RASA_PG_PASSWORD}
lock_store:
  type: redis
  url: 127.0.0.1
  port: $REDIS_PORT
  db: 1
YAML

mkdir -p "$RUN_DIR/redis"
nginx_conf >/dev/null

# --- the processes, each restarted if it dies (as a cluster's scheduler would) ------------------
declare -A pid_of=() cmd_of=() restarts=()
launch() {  # name command...: started in the background, its output in RUN_DIR/<name>.log
  local name=$1; shift
  cmd_of[$name]=$(printf '%q ' "$@")
  "$@" >>"$RUN_DIR/$name.log" 2>&1 &
  pid_of[$name]=$!
  pids+=($!)
  names+=("$name")
  echo $! >"$RUN_DIR/$name.pid"
}
relaunch() {
  local name=$1
  # exec: $! must be the process itself, or stop() would end only a subshell around it.
  eval "exec ${cmd_of[$name]}" >>"$RUN_DIR/$name.log" 2>&1 &
  pid_of[$name]=$!
  pids+=($!)
  echo $! >"$RUN_DIR/$name.pid"
}

launch redis redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
  --dir "$RUN_DIR/redis" --protected-mode yes
n=0
for port in "${action_ports[@]}"; do
  n=$((n + 1))
  launch "actions-$n" env SANIC_HOST=127.0.0.1 .venv/actions/bin/python -m actions.server --port "$port"
done
cors=("http://127.0.0.1:$NGINX_PORT" "http://localhost:$NGINX_PORT")
n=0
for port in "${rasa_ports[@]}"; do
  n=$((n + 1))
  launch "rasa-$n" .venv/rasa/bin/python -m bot.serve run --model "$MODEL" --interface 127.0.0.1 --port "$port" \
    --cors "${cors[@]}" --credentials deploy/credentials.yml --endpoints "$RUN_DIR/endpoints.yml"
done
launch web .venv/actions/bin/python -m http.server "$WEB_PORT" --bind 127.0.0.1 --directory web
launch coach .venv/actions/bin/python -m coach serve --host 127.0.0.1 --port "$COACH_PORT"
launch nginx nginx -e "$RUN_DIR/nginx/error.log" -p "$RUN_DIR/nginx" -c "$RUN_DIR/nginx/nginx.conf"

. scripts/wait_for.sh
for n in $(seq "${#action_ports[@]}"); do
  wait_for "http://127.0.0.1:${action_ports[n-1]}/health" "actions-$n" "$RUN_DIR/actions-$n.log" 300
done
for n in $(seq "${#rasa_ports[@]}"); do
  wait_for "http://127.0.0.1:${rasa_ports[n-1]}/" "rasa-$n" "$RUN_DIR/rasa-$n.log" 300
done
wait_for "http://127.0.0.1:$NGINX_PORT/" nginx "$RUN_DIR/nginx.log" 20
wait_for "http://127.0.0.1:$COACH_PORT/healthz" coach "$RUN_DIR/coach.log" 60

cat <<MSG

  The scaled interview is running (all on 127.0.0.1).
  Chat page:  http://localhost:$NGINX_PORT/?server=http://localhost:$NGINX_PORT
  REST:       curl -s localhost:$NGINX_PORT/webhooks/rest/webhook -d '{"sender":"me","message":"hi"}'
  Coach:      http://localhost:$COACH_PORT/  (TRACKER_DB_URL and APP_DB_URL on PostgreSQL)
  nginx :$NGINX_PORT -> Rasa ${rasa_ports[*]} (REST: either; socket.io: sticky by sender)
  Rasa -> nginx :$ACTIONS_PROXY_PORT -> action servers ${action_ports[*]}
  PostgreSQL :$PG_PORT (databases tracker, app; user $PG_USER, password in $RUN_DIR/postgres.password)
  Redis :$REDIS_PORT (lock store)
  Logs: $RUN_DIR/*.log, $RUN_DIR/nginx/*.log
  Ctrl-C stops everything.
MSG

# A process that dies is started again; one that keeps dying stops the whole setup.
while true; do
  sleep 2
  [ -n "$stopping" ] && break
  for name in "${names[@]}"; do
    if ! kill -0 "${pid_of[$name]}" 2>/dev/null; then
      restarts[$name]=$(( ${restarts[$name]:-0} + 1 ))
      if (( ${restarts[$name]} > 5 )); then
        echo "$name keeps stopping; see $RUN_DIR/$name.log" >&2
        exit 1
      fi
      echo "$name stopped; starting it again (see $RUN_DIR/$name.log)"
      relaunch "$name"
    fi
  done
done
