# Sourced by scripts/run.sh and scripts/run_scaled.sh: wait for a server to answer, or stop with
# the tail of its log.
wait_for() {  # url, name, log, seconds
  for _ in $(seq "$4"); do
    if curl -fs "$1" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "$2 did not start within $4 s; see $3" >&2
  tail -n 30 "$3" >&2
  exit 1
}
