#!/usr/bin/env bash
# Several app servers: Debian's nginx on 127.0.0.1 in front of two gunicorn
# nodes (different ports), sharing one throwaway PostgreSQL cluster, one
# redis-server (cache, cached_db sessions) and moto's S3 server (media), with
# one background-job worker (make worker's db_worker); then Locust
# (bench/locustfile.py) through nginx for a bounded time. Everything listens on
# 127.0.0.1 only and is stopped on exit.
#
#   bench/cluster.sh                                  # as root (PostgreSQL runs as user postgres)
#   BENCH_USERS=100 BENCH_TIME=60s BENCH_STUDENTS=300 bench/cluster.sh
#
# Settings: BENCH_USERS (50), BENCH_TIME (60s), BENCH_SPAWN_RATE (10),
# BENCH_STUDENTS (300), BENCH_WORKERS (gunicorn workers per node: the core
# count), BENCH_OUT (where CSVs and logs stay).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
users=${BENCH_USERS:-50}
duration=${BENCH_TIME:-60s}
spawn_rate=${BENCH_SPAWN_RATE:-10}
students=${BENCH_STUDENTS:-300}
workers=${BENCH_WORKERS:-$(nproc)}
py=$root/.venv/bin/python
say() { printf '== %s\n' "$*"; }
die() { printf 'bench/cluster.sh: %s\n' "$*" >&2; exit 1; }

[[ $duration =~ ^[0-9]+s$ ]] || die "BENCH_TIME must be in seconds, like 60s."
(( users <= students )) || die "BENCH_USERS ($users) needs as many student accounts; BENCH_STUDENTS is $students."
[ "$(id -u)" = 0 ] || die "run as root: the throwaway PostgreSQL cluster runs as user postgres."
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || die "PostgreSQL is not installed (apt-get install -y postgresql)."
command -v redis-server >/dev/null || die "redis-server is not installed (apt-get install -y redis-server)."
[ -x /usr/sbin/nginx ] || die "nginx is not installed (apt-get install -y nginx)."
[ -x "$py" ] || make --no-print-directory "$root/.venv/.dev" >/dev/null
"$py" -c "import moto.server, storages, django_tasks_db, redis" 2>/dev/null || "$py" -m pip install --quiet -r requirements-dev.txt
locust_venv=$root/bench/.venv
if ! cmp -s "$root/bench/requirements.txt" "$locust_venv/.requirements" 2>/dev/null; then
  say "installing Locust into bench/.venv"
  "$py" -m venv "$locust_venv"
  "$locust_venv/bin/python" -m pip install --quiet -r "$root/bench/requirements.txt"
  cp "$root/bench/requirements.txt" "$locust_venv/.requirements"
fi

free_port() { "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
pg_port=$(free_port); redis_port=$(free_port); s3_port=$(free_port)
node_a=$(free_port); node_b=$(free_port); front=$(free_port)
tmp=$(mktemp -d /tmp/casebook-cluster.XXXXXX); chmod 755 "$tmp"
out=${BENCH_OUT:-$(mktemp -d /tmp/casebook-cluster-results.XXXXXX)}; mkdir -p "$out"
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
mkdir "$tmp/pg"; chown postgres "$tmp/pg"
pids=()

cleanup() {
  status=$?
  trap - EXIT INT TERM
  [ -f "$tmp/nginx.pid" ] && kill -TERM "$(cat "$tmp/nginx.pid")" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  [ -f "$tmp/pg/data/postmaster.pid" ] && su postgres -c "$pg_bin/pg_ctl -D $tmp/pg/data -m fast stop" >/dev/null 2>&1
  cp "$tmp"/*.log "$out/" 2>/dev/null || true
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
wait_for() {  # URL, what, pid
  for _ in $(seq 1 150); do
    curl -s -o /dev/null "$1" && return 0
    kill -0 "$3" 2>/dev/null || die "$2 did not start (logs in $out)"
    sleep 0.2
  done
  die "$2 did not answer at $1"
}

started=$(date +%s)
say "PostgreSQL on :$pg_port, Redis on :$redis_port, moto S3 on :$s3_port"
su postgres -c "$pg_bin/initdb -D $tmp/pg/data -U postgres --auth-local=trust --auth-host=trust" >/dev/null
su postgres -c "$pg_bin/pg_ctl -D $tmp/pg/data -o '-p $pg_port -k $tmp/pg -c listen_addresses=127.0.0.1 -c max_connections=200' -w -l $tmp/pg/log start" >/dev/null
psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE ROLE casebook LOGIN PASSWORD 'casebook'"
psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE casebook OWNER casebook"
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$tmp" > "$tmp/redis.log" 2>&1 &
pids+=($!)
"$py" -m moto.server -H 127.0.0.1 -p "$s3_port" > "$tmp/moto.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$s3_port/" "moto_server" "${pids[-1]}"

export DATABASE_URL="postgres://casebook:casebook@127.0.0.1:$pg_port/casebook"
export REDIS_URL="redis://127.0.0.1:$redis_port/0"
export DJANGO_TASKS_BACKEND=database
export DJANGO_S3_BUCKET=casebook-media DJANGO_S3_ENDPOINT_URL="http://127.0.0.1:$s3_port" DJANGO_S3_DEFAULT_ACL=public-read
export DJANGO_S3_ACCESS_KEY_ID=testing DJANGO_S3_SECRET_ACCESS_KEY=testing DJANGO_S3_REGION=us-east-1
export DJANGO_DEBUG=false DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=false DJANGO_COOKIES_SECURE=false
export DJANGO_TRUSTED_PROXY_COUNT=1 DJANGO_CONN_MAX_AGE=60 DJANGO_LOG_LEVEL=WARNING DJANGO_STATIC_ROOT=$tmp/static
DJANGO_SECRET_KEY=$("$py" -c 'import secrets; print(secrets.token_urlsafe(50))'); export DJANGO_SECRET_KEY
export DJANGO_SETTINGS_MODULE=config.settings
"$py" -c "import boto3; boto3.client('s3', endpoint_url='$DJANGO_S3_ENDPOINT_URL', aws_access_key_id='testing', aws_secret_access_key='testing', region_name='us-east-1').create_bucket(Bucket='casebook-media')"

say "migrate, load the course, build a class of $students students"
"$py" manage.py migrate --noinput -v 0
"$py" manage.py load_course content/ > "$tmp/load_course.log"
"$py" manage.py collectstatic --noinput -v 0
"$py" - "$students" > "$tmp/build.json" <<'PY'
"""The class, with bench/dashboard.py's builder; known passwords (a cheap hash: the
synthetic accounts are throwaway, and logins are hload's measurement, not this one's)."""
import importlib.util, json, random, sys
from pathlib import Path
spec = importlib.util.spec_from_file_location("bench_dashboard", Path("bench/dashboard.py"))
builder = importlib.util.module_from_spec(spec)
sys.stdout, real = sys.stderr, sys.stdout
spec.loader.exec_module(builder)
from django.contrib.auth.hashers import PBKDF2PasswordHasher  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from quizzes.models import Accommodation  # noqa: E402
cohort, instructor, quizzes = builder.build(int(sys.argv[1]), random.Random(2008))
cheap = PBKDF2PasswordHasher().encode("bench-student-password", "benchsalt", iterations=1000)
User.objects.filter(enrolments__cohort=cohort).update(password=cheap)
instructor.password = PBKDF2PasswordHasher().encode("bench-password", "benchsalt", iterations=1000)
instructor.save()
retake = [q for q in quizzes if q.attempts_allowed and not q.time_limit_minutes]
Accommodation.objects.bulk_create([Accommodation(quiz=q, user=u, extra_attempts=2, granted_by=instructor, note="load test")
                                   for q in retake for u in User.objects.filter(enrolments__cohort=cohort)])
sys.stdout = real
print(json.dumps({"cohort": cohort.pk, "course": cohort.course.slug}))
PY

say "two gunicorn nodes ($workers workers each) on :$node_a and :$node_b, one worker, nginx on :$front"
for port in "$node_a" "$node_b"; do
  "$root/.venv/bin/gunicorn" config.wsgi --workers "$workers" --bind "127.0.0.1:$port" --timeout 30 \
    --error-logfile - > "$tmp/node-$port.log" 2>&1 &
  pids+=($!)
  wait_for "http://127.0.0.1:$port/accounts/login/" "gunicorn on :$port" "${pids[-1]}"
done
"$py" manage.py db_worker > "$tmp/worker.log" 2>&1 &
pids+=($!)
cat > "$tmp/nginx.conf" <<NGINX
worker_processes 1;
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log warn;
events { worker_connections 1024; }
http {
  log_format upstream '\$status upstream=\$upstream_addr \$request_time';
  access_log $tmp/nginx-access.log upstream;
  client_body_temp_path $tmp/nginx-body; proxy_temp_path $tmp/nginx-proxy;
  fastcgi_temp_path $tmp/nginx-fcgi; uwsgi_temp_path $tmp/nginx-uwsgi; scgi_temp_path $tmp/nginx-scgi;
  client_max_body_size 3m;
  upstream casebook { least_conn; server 127.0.0.1:$node_a; server 127.0.0.1:$node_b; keepalive 32; }
  server {
    listen 127.0.0.1:$front;
    location / {
      proxy_pass http://casebook;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto http;
    }
  }
}
NGINX
/usr/sbin/nginx -c "$tmp/nginx.conf" -p "$tmp"
wait_for "http://127.0.0.1:$front/accounts/login/" "nginx" "$(cat "$tmp/nginx.pid")"

cohort=$("$py" -c "import json; print(json.load(open('$tmp/build.json'))['cohort'])")
course=$("$py" -c "import json; print(json.load(open('$tmp/build.json'))['course'])")
say "Locust: $users users (spawn $spawn_rate/s) for $duration through nginx"
( export BENCH_COHORT=$cohort BENCH_COURSE=$course BENCH_INSTRUCTORS=1 BENCH_FIRST_STUDENT=0 \
         BENCH_STUDENT_PASSWORD=bench-student-password BENCH_INSTRUCTOR_PASSWORD=bench-password
  cd "$root/bench" && timeout --kill-after=30 $(( ${duration%s} + 120 )) \
    "$locust_venv/bin/locust" -f locustfile.py --headless -u "$users" -r "$spawn_rate" -t "$duration" \
      -H "http://127.0.0.1:$front" --only-summary --stop-timeout 10 --csv "$out/cluster" \
      --logfile "$out/locust.log" --loglevel WARNING > "$out/summary.txt" 2>&1 ) || true
"$py" - "$out/cluster_stats.csv" "$tmp/nginx-access.log" "$node_a" "$node_b" <<'PY'
import csv, re, sys
from collections import Counter
rows = list(csv.DictReader(open(sys.argv[1])))
print(f"{'page':<24}{'requests':>9}{'errors':>7}{'rps':>7}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}")
for r in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
    print(f"{('all pages' if r['Name'] == 'Aggregated' else r['Name']):<24}{r['Request Count']:>9}"
          f"{r['Failure Count']:>7}{float(r['Requests/s']):>7.1f}{r['50%']:>8}{r['95%']:>8}{r['99%']:>8}")
PY
for port in "$node_a" "$node_b"; do
  printf '   requests answered by the node on :%s: %s\n' "$port" \
    "$(grep -c "upstream=127.0.0.1:$port" "$tmp/nginx-access.log" 2>/dev/null || echo '?')"
done
say "total time $(( $(date +%s) - started )) s; CSVs and logs in $out"
