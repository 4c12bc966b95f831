#!/usr/bin/env bash
# Serves riskassess with a real Celery worker and beat, and stops all three together.
#
# Each process runs in a session of its own, so a Ctrl-C on the terminal reaches this script
# only: the Celery pool's children never get the terminal's SIGINT (a child killed under the
# worker's feet is what left it hanging in warm shutdown). The script then sends ONE TERM to each
# main process (the worker finishes its running tasks: warm shutdown), waits STOP_GRACE seconds
# (default 30), then asks for a cold shutdown (QUIT) and, as a last resort, KILL.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT="${PORT:-8000}"
STOP_GRACE="${STOP_GRACE:-30}"
mkdir -p var/broker/out var/broker/processed var/log

pids=()
stopped=0
alive() { local p; for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && return 0; done; return 1; }
signal_all() { local p; for p in "${pids[@]}"; do kill "-$1" "$p" 2>/dev/null || true; done; }
stop() {
  [ "$stopped" = 1 ] && return 0
  stopped=1
  trap - EXIT INT TERM
  signal_all TERM
  local deadline=$((SECONDS + STOP_GRACE))
  while alive && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
  if alive; then
    echo "riskassess: still running after ${STOP_GRACE}s: cold shutdown" >&2
    signal_all QUIT
    sleep 3
    signal_all KILL
  fi
  wait 2>/dev/null || true
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

setsid .venv/bin/celery -A riskassess worker -Q default,pdf -c 2 --loglevel INFO >var/log/worker.log 2>&1 &
pids+=($!)
setsid .venv/bin/celery -A riskassess beat --loglevel INFO >var/log/beat.log 2>&1 &
pids+=($!)

broker="embedded (kombu filesystem transport, var/broker/)"
[ -n "${REDIS_URL:-}" ] && broker="Redis ($REDIS_URL)"
cat <<TXT

  riskassess is starting on http://127.0.0.1:${PORT}/
  Celery worker and beat: broker ${broker}; logs in var/log/.

  Demo logins (password: ${DEMO_PASSWORD:-riskassess-demo-2026}):
    regulator-fr  approver-fr   France: fill in, submit / approve, return
    regulator-de  approver-de   Germany
    coordinator                 EU coordinator: dashboard, admin, EU reports
    observer                    read-only EU aggregates

  Stop with Ctrl-C.

TXT
# In the background and waited for, so that a TERM to this script (not only Ctrl-C to the whole
# terminal group) runs the trap at once and stops all three.
setsid $PY manage.py runserver "127.0.0.1:${PORT}" --noreload &
pids+=($!)
wait "$!"
