#!/usr/bin/env bash
# Start the action server, the Rasa server (REST + socket.io, SQLite tracker store) and the chat
# page; print the URL; Ctrl-C stops all three. `make run` builds everything first and calls this.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${MODEL:?set MODEL to a trained model (make run does)}"
RASA_PORT=${RASA_PORT:-5005}
ACTION_PORT=${ACTION_PORT:-5055}
WEB_PORT=${WEB_PORT:-8080}
COACH_PORT=${COACH_PORT:-8090}
RUN_DIR=${RUN_DIR:-.run}
# Loopback unless a deployment opens a server: HOST for all three, or RASA_HOST / ACTION_HOST /
# WEB_HOST each. The action server has no authentication of its own: keep it on loopback.
HOST=${HOST:-127.0.0.1}
RASA_HOST=${RASA_HOST:-$HOST}
ACTION_HOST=${ACTION_HOST:-127.0.0.1}
WEB_HOST=${WEB_HOST:-$HOST}
COACH_HOST=${COACH_HOST:-$HOST}
# Only the chat page's origin may call the Rasa server from a browser (space-separated list).
CORS_ORIGINS=${CORS_ORIGINS:-http://localhost:$WEB_PORT http://127.0.0.1:$WEB_PORT}
mkdir -p "$RUN_DIR"
export PYTHONPATH=$PWD HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false
export ACTION_ENDPOINT_URL=${ACTION_ENDPOINT_URL:-http://127.0.0.1:$ACTION_PORT/webhook}
# The shared secret between Rasa and the action server: fresh each run unless a deployment sets it.
if [ -n "${ACTION_SERVER_TOKEN:-}" ]; then echo "Action server: guarded by ACTION_SERVER_TOKEN (set)"
else echo "Action server: guarded by a fresh secret for this run"; fi
ACTION_SERVER_TOKEN=${ACTION_SERVER_TOKEN:-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')}
export ACTION_SERVER_TOKEN
export ACTIONS_WARM_UP=1  # load the encoder at start, not on the first answer
export TRACKER_DB=${TRACKER_DB:-$RUN_DIR/tracker.db}
export APP_DB_URL=${APP_DB_URL:-sqlite:///$RUN_DIR/app.db}  # the app database (store/)

pids=()
stop() {
  trap - INT TERM EXIT
  echo; echo "stopping..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  exit "${1:-0}"
}
trap 'stop 0' INT TERM
trap 'stop $?' EXIT

. scripts/wait_for.sh

# Rasa's HTTP API (models, trackers) stays off unless a token or JWT secret guards it. Secrets
# come from the environment only; their values are never printed.
api_args=()
if [ -n "${RASA_API_TOKEN:-}" ]; then
  api_args=(--enable-api --auth-token "$RASA_API_TOKEN")
  echo "Rasa HTTP API: on, guarded by RASA_API_TOKEN (set)"
elif [ -n "${RASA_JWT_SECRET:-}" ]; then
  api_args=(--enable-api --jwt-secret "$RASA_JWT_SECRET" --jwt-method HS256)
  echo "Rasa HTTP API: on, guarded by RASA_JWT_SECRET (set)"
else
  echo "Rasa HTTP API: off (set RASA_API_TOKEN or RASA_JWT_SECRET to turn it on)"
fi
read -r -a cors <<<"$CORS_ORIGINS"

# Slack study groups (bot/slack.py) when both secrets are set; the file names the variables,
# Rasa reads their values from the environment.
credentials=credentials.yml
if [ -n "${SLACK_BOT_TOKEN:-}" ] && [ -n "${SLACK_SIGNING_SECRET:-}" ]; then
  credentials=$RUN_DIR/credentials.yml
  { cat credentials.yml; printf '%s\n' "" "bot.slack.StudyGroupSlackInput:" \
      '  slack_token: ${SLACK_BOT_TOKEN}' '  slack_signing_secret: ${SLACK_SIGNING_SECRET}'; } >"$credentials"
  mode="Events API at http://localhost:$RASA_PORT/webhooks/slack/webhook"
  [ -n "${SLACK_APP_TOKEN:-}" ] && mode="Socket Mode (SLACK_APP_TOKEN)"
  echo "Slack: on, $mode"
else
  echo "Slack: off (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to turn it on; README, \"Slack study groups\")"
fi

SANIC_HOST=$ACTION_HOST .venv/actions/bin/python -m actions.server --port "$ACTION_PORT" \
  >"$RUN_DIR/actions.log" 2>&1 &
pids+=($!)
.venv/rasa/bin/python -m bot.serve run --model "$MODEL" --interface "$RASA_HOST" --port "$RASA_PORT" \
  "${api_args[@]}" --cors "${cors[@]}" \
  --credentials "$credentials" --endpoints endpoints.yml >"$RUN_DIR/rasa.log" 2>&1 &
pids+=($!)
.venv/actions/bin/python -m http.server "$WEB_PORT" --bind "$WEB_HOST" --directory web \
  >"$RUN_DIR/web.log" 2>&1 &
pids+=($!)
.venv/actions/bin/python -m coach serve --host "$COACH_HOST" --port "$COACH_PORT" \
  >"$RUN_DIR/coach.log" 2>&1 &
pids+=($!)

# What this run started, for `make load`'s memory line.
printf '%s\n' "actions ${pids[0]}" "rasa ${pids[1]}" "chat-page ${pids[2]}" "coach ${pids[3]}" >"$RUN_DIR/pids"

wait_for "http://localhost:$ACTION_PORT/health" "the action server" "$RUN_DIR/actions.log" 120
wait_for "http://localhost:$RASA_PORT/" "the Rasa server" "$RUN_DIR/rasa.log" 180
wait_for "http://localhost:$WEB_PORT/" "the chat page" "$RUN_DIR/web.log" 20
wait_for "http://localhost:$COACH_PORT/healthz" "the coach console" "$RUN_DIR/coach.log" 60
# /health says whether the scorer loaded; a broken one is named here, not on the first answer.
scorer="loading"
for _ in $(seq 120); do
  health=$(curl -s "http://localhost:$ACTION_PORT/health" || true)
  case "$health" in
    *'"loaded"'*) scorer="loaded"; break ;;
    *'"failed"'*) scorer="FAILED: $health"; break ;;
  esac
  sleep 1
done
echo "Scorer: $scorer"

cat <<MSG

  The interview is running. Open  http://localhost:$WEB_PORT/  in a browser.
  Ports:  $WEB_PORT chat page ($WEB_HOST), $RASA_PORT Rasa: REST and socket.io ($RASA_HOST),
          $ACTION_PORT action server ($ACTION_HOST, called by Rasa only),
          $COACH_PORT coach console ($COACH_HOST): http://localhost:$COACH_PORT/
          (make an account first: make coach-user NAME=<name>)
  REST:   curl -s localhost:$RASA_PORT/webhooks/rest/webhook -d '{"sender":"me","message":"hi"}'
  Logs:   $RUN_DIR/{rasa,actions,web,coach}.log   Transcripts: $TRACKER_DB
  Ctrl-C stops everything.

MSG
wait -n "${pids[@]}" || true
# Ctrl-C reaches both servers at once (they share the terminal's process group) and they exit
# before this script's trap runs: both gone means a stop, one gone a crash. (The page server,
# a background job of a non-interactive shell, ignores Ctrl-C: stop() ends it.)
sleep 2
for pid in "${pids[@]:0:2}"; do
  if kill -0 "$pid" 2>/dev/null; then
    echo "a server stopped unexpectedly; see $RUN_DIR/*.log" >&2
    exit 1
  fi
done
exit 0
