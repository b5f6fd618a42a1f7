#!/usr/bin/env bash
# Headless browser test of the chat page: start the action server, the Rasa server and the page
# with scripts/run.sh on ports of their own, run tests/e2e/browser/interview.test.mjs (playwright-core
# driving Debian's Chromium) against them, and stop the servers whatever happens.
# `make browser` calls this with MODEL set (and builds web/vendor and web/node_modules first).
# The screenshot goes to results/browser/feedback.png.
set -euo pipefail
cd "$(dirname "$0")/../../.."

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian's Chromium for the browser test..."
  apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null
fi
if [ ! -x "$CHROMIUM" ]; then
  echo "The browser test needs Chromium at $CHROMIUM: sudo apt-get install -y chromium chromium-driver" >&2
  exit 1
fi
command -v node >/dev/null || { echo "The browser test needs Node.js (node) on PATH." >&2; exit 1; }
if [ ! -f web/vendor/.ready ] || [ ! -d web/node_modules/playwright-core ]; then
  echo "web/vendor or web/node_modules is missing: run \`make web/vendor/.ready\` (or \`make browser\`)." >&2
  exit 1
fi
if [ -z "${MODEL:-}" ]; then
  MODEL=$(ls -t models/*.tar.gz 2>/dev/null | head -n 1 || true)
  [ -n "$MODEL" ] || { echo "No trained model in models/: run \`make train\`." >&2; exit 1; }
fi
export MODEL

RASA_PORT=${BROWSER_RASA_PORT:-5205}
ACTION_PORT=${BROWSER_ACTION_PORT:-5255}
WEB_PORT=${BROWSER_WEB_PORT:-8280}
COACH_PORT=${BROWSER_COACH_PORT:-8290}
for port in "$RASA_PORT" "$ACTION_PORT" "$WEB_PORT" "$COACH_PORT"; do
  if curl -s -o /dev/null --max-time 2 "http://localhost:$port/"; then
    echo "Port $port is already in use; stop what runs there or set BROWSER_{RASA,ACTION,WEB}_PORT." >&2
    exit 1
  fi
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/browser-e2e.XXXXXX")
RUN_DIR=$TMP/run
mkdir -p "$RUN_DIR" results/browser

server_pid=
stop_servers() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    # scripts/run.sh runs in a session of its own: signal that process group (its three servers).
    kill -TERM -- "-$server_pid" 2>/dev/null || true
    for _ in $(seq 30); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$TMP"
  exit "$rc"
}
trap stop_servers EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

show_logs() {
  for log in "$RUN_DIR"/run.out "$RUN_DIR"/actions.log "$RUN_DIR"/rasa.log "$RUN_DIR"/coach.log; do
    [ -f "$log" ] || continue
    echo "--- tail of $log" >&2
    tail -n 40 "$log" >&2
  done
}

# A coach account for the console test, in this run's own app database.
export APP_DB_URL=sqlite:///$RUN_DIR/app.db COACH_NAME=coach
COACH_PASSWORD=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
export COACH_PASSWORD
PYTHONPATH=$PWD .venv/actions/bin/python -m coach user "$COACH_NAME" >/dev/null

echo "starting the servers (Rasa :$RASA_PORT, actions :$ACTION_PORT, page :$WEB_PORT, coach :$COACH_PORT, model $MODEL)"
RASA_PORT=$RASA_PORT ACTION_PORT=$ACTION_PORT WEB_PORT=$WEB_PORT COACH_PORT=$COACH_PORT RUN_DIR=$RUN_DIR \
  TRACKER_DB=$RUN_DIR/tracker.db INTERVIEW_SEED=${INTERVIEW_SEED:-7} \
  setsid bash scripts/run.sh >"$RUN_DIR/run.out" 2>&1 </dev/null &
server_pid=$!

started=$(date +%s)
up() { curl -fs -o /dev/null --max-time 2 "$1"; }
until up "http://localhost:$WEB_PORT/" && up "http://localhost:$RASA_PORT/" \
    && up "http://localhost:$ACTION_PORT/health" && up "http://localhost:$COACH_PORT/healthz"; do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "the servers did not start" >&2; show_logs; exit 1
  fi
  if [ $(( $(date +%s) - started )) -gt 300 ]; then
    echo "the servers did not answer within 300 s" >&2; show_logs; exit 1
  fi
  sleep 1
done
echo "servers up after $(( $(date +%s) - started )) s"

rc=0
BASE_URL="http://localhost:$WEB_PORT/?server=http://localhost:$RASA_PORT" CHROMIUM=$CHROMIUM \
  RESULTS_DIR=$PWD/results/browser \
  node --test --test-reporter=spec tests/e2e/browser/interview.test.mjs || rc=$?
if [ "$rc" -eq 0 ]; then
  COACH_URL="http://localhost:$COACH_PORT" CHROMIUM=$CHROMIUM RESULTS_DIR=$PWD/results/browser \
    node --test --test-reporter=spec tests/e2e/browser/coach.test.mjs || rc=$?
fi
if [ "$rc" -ne 0 ]; then
  echo "browser test failed (exit $rc); server logs follow" >&2
  show_logs
  exit "$rc"
fi
echo "browser tests passed; screenshots: results/browser/{feedback,progress,cohort,candidate,transcript}.png"
