#!/usr/bin/env bash
# Load tests against gunicorn (3 workers, the production settings plus the two benchmark baselines:
# benchmarks/settings.py) on a benchmark database, PostgreSQL and Redis, on 127.0.0.1 only.
#
#   benchmarks/loadtest.sh            # locust: 100 users for 2 minutes → benchmarks/results/loadtest.md (p95, errors)
#   benchmarks/loadtest.sh wrk        # wrk -c10 on the bare page and the heaviest pages → results/wrk.md (requests/s)
#   SCALE=10 benchmarks/loadtest.sh wrk   # on vss_bench_10 (built by benchmarks.pages' recipe when missing)
#
# locust: 35 officers : 10 central staff : 5 leaders, each logging in through the login form, 5–15 s
# between pages; spawned at SPAWN_RATE per second, then the statistics are reset and the run lasts
# RUN_TIME seconds with every user on (logins happen during the ramp and are not in the figures).
# wrk: each page of rows.WRK_PAGES for WRK_DURATION with WRK_CONNECTIONS connections, signed in with a
# session made for the page's role; every page is first checked to answer 200 (not a redirect to login).
# wrk is installed with apt-get when missing (as root, or through sudo).
#
# The machine must be quiet: the one-minute load average at most 1.5 before gunicorn starts, else the
# script stops; ALLOW_BUSY=1 is a dry run whose results are marked not valid and go to var/benchmarks-busy/.
#
# Knobs (environment): SCALE (1), DB_PREFIX (vss_bench_), PG_SERVER (postgres://postgres@127.0.0.1:5432),
# REDIS_URL (redis://127.0.0.1:6379/14), WORKERS (3, as in the Procfile), PORT (8791), USERS (100),
# RUN_TIME (120), SPAWN_RATE (5), LOCUST_WAIT_MIN / LOCUST_WAIT_MAX (5 / 15), WRK_CONNECTIONS (10),
# WRK_THREADS (2), WRK_DURATION (30s), ALLOW_BUSY (unset).
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=${1:-locust}
case "$MODE" in locust|wrk) ;; *) echo "usage: $0 [locust|wrk]" >&2; exit 2 ;; esac
SCALE=${SCALE:-1}
DB_PREFIX=${DB_PREFIX:-vss_bench_}
WORKERS=${WORKERS:-3}
PORT=${PORT:-8791}
USERS=${USERS:-100}
RUN_TIME=${RUN_TIME:-120}
SPAWN_RATE=${SPAWN_RATE:-5}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-10}
WRK_THREADS=${WRK_THREADS:-2}
WRK_DURATION=${WRK_DURATION:-30s}
PG_SERVER=${PG_SERVER:-postgres://postgres@127.0.0.1:5432}
PY=.venv/bin/python
BUSY_FLAG=${ALLOW_BUSY:+--allow-busy}

if [ "$MODE" = wrk ] && ! command -v wrk >/dev/null; then
  echo "Installing wrk (apt-get)" >&2
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk >/dev/null
fi

export DATABASE_URL="$PG_SERVER/$DB_PREFIX$SCALE"
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/14}
export DJANGO_SETTINGS_MODULE=benchmarks.settings
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-loadtest-$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')}
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECURE_SSL_REDIRECT=false
export DJANGO_LOG_LEVEL=WARNING
export DEMO_PASSWORD=${DEMO_PASSWORD:-VssDemo@2024}

"$PY" -m benchmarks.loadtest prepare --server "$PG_SERVER" --db-prefix "$DB_PREFIX" --scale "$SCALE"
"$PY" manage.py collectstatic --noinput -v0
"$PY" manage.py axes_reset >/dev/null  # earlier runs' failed logins must not lock anyone out

if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
  echo "Port $PORT is already in use: choose another with PORT=…" >&2
  exit 1
fi
STATS=$(mktemp -d)
trap 'rm -rf "$STATS"' EXIT
"$PY" -m benchmarks.machine start --wait 60 --out "$STATS/load.json" $BUSY_FLAG  # refuses on a busy machine

.venv/bin/gunicorn vss_portal.wsgi:application --bind "127.0.0.1:$PORT" --workers "$WORKERS" --timeout 60 \
  --access-logfile /dev/null --error-logfile "$STATS/gunicorn.log" &
GUNICORN=$!
trap 'kill "$GUNICORN" 2>/dev/null || true; wait "$GUNICORN" 2>/dev/null || true; rm -rf "$STATS"' EXIT
for _ in $(seq 1 30); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
  sleep 1
done
kill -0 "$GUNICORN"  # gunicorn must be up (its log: $STATS/gunicorn.log)
BASE="http://127.0.0.1:$PORT"

if [ "$MODE" = locust ]; then
  eval "$("$PY" -m benchmarks.loadtest env)"  # who logs in, and the plan and export the pages use
  RAMP=$(( (USERS + SPAWN_RATE - 1) / SPAWN_RATE ))
  .venv/bin/locust -f benchmarks/locustfile.py --headless --host "$BASE" \
    --users "$USERS" --spawn-rate "$SPAWN_RATE" --reset-stats --run-time "$(( RAMP + RUN_TIME ))s" --stop-timeout 10 \
    --csv "$STATS/locust" --only-summary --loglevel WARNING || true  # locust exits 1 when a request failed
  kill "$GUNICORN"; wait "$GUNICORN" 2>/dev/null || true
  "$PY" -m benchmarks.loadtest report "$STATS/locust_stats.csv" --load "$STATS/load.json" \
    --scale "$SCALE" --users "$USERS" --run-time "$RUN_TIME" --workers "$WORKERS"
else
  "$PY" -m benchmarks.loadtest wrk-targets > "$STATS/targets.tsv"  # label, session cookie, path per page
  n=0
  while IFS=$'\t' read -r label cookie path; do
    n=$((n + 1))
    status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$BASE$path")
    if [ "$status" != 200 ]; then
      echo "$label ($path) answers HTTP $status, not 200: not measured" >&2
      exit 1
    fi
    echo "wrk: $label" >&2
    printf '%s\n%s\n' "$label" "$path" > "$STATS/wrk-$n.txt"
    wrk --latency -t "$WRK_THREADS" -c "$WRK_CONNECTIONS" -d "$WRK_DURATION" -H "Cookie: $cookie" "$BASE$path" \
      >> "$STATS/wrk-$n.txt"
  done < "$STATS/targets.tsv"
  kill "$GUNICORN"; wait "$GUNICORN" 2>/dev/null || true
  "$PY" -m benchmarks.loadtest wrk-report "$STATS" --load "$STATS/load.json" \
    --scale "$SCALE" --workers "$WORKERS" --connections "$WRK_CONNECTIONS" --duration "$WRK_DURATION"
fi
