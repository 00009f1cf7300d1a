#!/usr/bin/env bash
# Load test: gunicorn with the production settings, PostgreSQL and Redis, on 127.0.0.1 only;
# locust headless with 50 users (35 officers, 10 central staff, 5 leaders) for 2 minutes; then
# gunicorn is stopped and benchmarks/results/loadtest.md written (p50/p95 per page, error rate).
#
#   benchmarks/loadtest.sh            # on vss_bench_1 (built by benchmarks.pages when missing)
#   SCALE=10 benchmarks/loadtest.sh   # on vss_bench_10
#
# Knobs (environment): SCALE (1), USERS (50), RUN_TIME (2m), WORKERS (gunicorn workers, 3 as in
# the Procfile), PORT (8791), PG_SERVER (postgres://postgres@127.0.0.1:5432), REDIS_URL
# (redis://127.0.0.1:6379/14), LOCUST_WAIT_MIN / LOCUST_WAIT_MAX (think time, 5–15 s).
set -euo pipefail
cd "$(dirname "$0")/.."

SCALE=${SCALE:-1}
USERS=${USERS:-50}
RUN_TIME=${RUN_TIME:-2m}
WORKERS=${WORKERS:-3}
PORT=${PORT:-8791}
PG_SERVER=${PG_SERVER:-postgres://postgres@127.0.0.1:5432}
PY=.venv/bin/python

export DATABASE_URL="$PG_SERVER/vss_bench_$SCALE"
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/14}
export DJANGO_SETTINGS_MODULE=vss_portal.settings.production
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-loadtest-$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')}
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECURE_SSL_REDIRECT=false
export DJANGO_LOG_LEVEL=WARNING
export DEMO_PASSWORD=${DEMO_PASSWORD:-VssDemo@2024}

"$PY" -m benchmarks.loadtest prepare --server "$PG_SERVER" --scale "$SCALE"
"$PY" manage.py collectstatic --noinput -v0
"$PY" manage.py axes_reset >/dev/null  # earlier runs' failed logins must not lock anyone out

# Who logs in, and the plan and export the pages use.
eval "$("$PY" -m benchmarks.loadtest env)"

if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
  echo "Port $PORT is already in use: choose another with PORT=…" >&2
  exit 1
fi
STATS=$(mktemp -d)
.venv/bin/gunicorn vss_portal.wsgi:application --bind "127.0.0.1:$PORT" --workers "$WORKERS" --timeout 60 \
  --access-logfile /dev/null --error-logfile "$STATS/gunicorn.log" &
GUNICORN=$!
trap 'kill "$GUNICORN" 2>/dev/null || true; wait "$GUNICORN" 2>/dev/null || true; rm -rf "$STATS"' EXIT
for _ in $(seq 1 30); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
  sleep 1
done
kill -0 "$GUNICORN"  # gunicorn must be up (its log: $STATS/gunicorn.log)

.venv/bin/locust -f benchmarks/locustfile.py --headless --host "http://127.0.0.1:$PORT" \
  --users "$USERS" --spawn-rate "${SPAWN_RATE:-1}" --run-time "$RUN_TIME" --stop-timeout 10 \
  --csv "$STATS/locust" --only-summary --loglevel WARNING || true  # locust exits 1 when a request failed

kill "$GUNICORN"
wait "$GUNICORN" 2>/dev/null || true
"$PY" -m benchmarks.loadtest report "$STATS/locust_stats.csv" \
  --scale "$SCALE" --users "$USERS" --run-time "$RUN_TIME" --workers "$WORKERS"
