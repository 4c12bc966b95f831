#!/usr/bin/env bash
# Serves riskassess with a real Celery worker and beat, and stops all three together.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT="${PORT:-8000}"
mkdir -p var/broker/out var/broker/processed var/log

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

.venv/bin/celery -A riskassess worker -Q default,pdf -c 2 --loglevel INFO >var/log/worker.log 2>&1 &
pids+=($!)
.venv/bin/celery -A riskassess beat --loglevel INFO >var/log/beat.log 2>&1 &
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
$PY manage.py runserver "127.0.0.1:${PORT}" --noreload &
pids+=($!)
wait "$!"
