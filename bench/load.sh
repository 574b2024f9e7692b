#!/usr/bin/env bash
# Load test: Casebook under gunicorn (production settings, threaded workers)
# against a throwaway PostgreSQL cluster holding the course, a lecture of
# BENCH_STUDENTS students with a term's history and BENCH_SMALL_CLASSES classes
# of 25, driven by Locust (bench/locustfile.py) headless. Prints, per run,
# requests per second, p50/p95/p99 per page and the error count over the whole
# run, then over the steady state only (bench/steady.py). Everything listens on
# 127.0.0.1 only, every run is bounded in time, and the cluster and gunicorn
# are stopped on exit.
#
#   bench/load.sh                         # as root (PostgreSQL runs as user postgres)
#   BENCH_USERS="50" BENCH_TIME=30s bench/load.sh
#   BENCH_MODE=steps BENCH_STEPS="500 1000 2000" BENCH_STEP_HOLD=300 bench/load.sh
#   BENCH_MODE=rush BENCH_USERS=300 BENCH_RUSH=2000 BENCH_RUSH_SECONDS=600 bench/load.sh
#   BENCH_CLUSTER=1 bench/load.sh         # nginx in front of two app servers (bench/cluster.sh)
#
# Settings (environment; bench/README.md has them all): BENCH_MODE (runs,
# steps or rush), BENCH_USERS ("50 200"), BENCH_TIME (60s), BENCH_SPAWN_RATE
# (10), BENCH_PROFILE (short or moodle: think time x1 or x15), BENCH_THINK_SCALE
# (overrides the profile's factor), BENCH_SETTLE (seconds after the ramp left
# out of the steady state; default one think time, 6 s x the factor),
# BENCH_INSTRUCTOR_USERS ("1/25" or a number), BENCH_STUDENTS (1000: the
# lecture), BENCH_SMALL_CLASSES (40 classes of BENCH_CLASS_SIZE, 25),
# BENCH_LECTURE_INSTRUCTORS (4), BENCH_STEPS, BENCH_STEP_HOLD (300), BENCH_STEP_WINDOW
# (0; seconds: each step lasts its ramp + BENCH_SETTLE + this steady window),
# BENCH_RUSH (2000), BENCH_RUSH_SECONDS (600), BENCH_RUSH_BEFORE (120),
# BENCH_WORKERS (2 x cores + 1), BENCH_THREADS (4), BENCH_PG_PORT (5440),
# BENCH_PORT (8040), BENCH_QUIET_WAIT (60: before each run, wait up to that
# many seconds for other processes to leave the CPU mostly idle), BENCH_OUT
# (where the CSVs and logs are kept; default a new /tmp/casebook-load-results.*
# directory), BENCH_REAL_HASHER (1, the default: production's Argon2id; 0: a
# 1,000-iteration PBKDF2, to leave logins out of the figures), BENCH_KEEPALIVE
# (gunicorn's --keep-alive: 0 on a lone node, 75 behind nginx), BENCH_REDIS (1
# when redis-server is installed: the cache and cached_db sessions on a
# throwaway redis-server, as production with REDIS_URL; 0: the database cache),
# BENCH_CLUSTER (0; 1: nginx in front of two gunicorn nodes of BENCH_WORKERS,
# default the core count, each, sharing PostgreSQL, Redis, moto's S3 server for
# media and one background-job worker; Locust goes through nginx, and the
# report counts the requests each node answered).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

mode=${BENCH_MODE:-runs}
users_list=${BENCH_USERS:-"50 200"}
duration=${BENCH_TIME:-60s}
spawn_rate=${BENCH_SPAWN_RATE:-10}
students=${BENCH_STUDENTS:-1000}
small_classes=${BENCH_SMALL_CLASSES:-40}
class_size=${BENCH_CLASS_SIZE:-25}
lecture_instructors=${BENCH_LECTURE_INSTRUCTORS:-4}
instructor_users=${BENCH_INSTRUCTOR_USERS:-1/25}
case ${BENCH_PROFILE:-short} in
  short) think_scale=${BENCH_THINK_SCALE:-1} ;;
  moodle) think_scale=${BENCH_THINK_SCALE:-15} ;;
  *) printf 'bench/load.sh: BENCH_PROFILE is short or moodle.\n' >&2; exit 1 ;;
esac
settle=${BENCH_SETTLE:-$(( ${think_scale%.*} * 6 ))}
steps=${BENCH_STEPS:-"500 1000 1500 2000"}
step_hold=${BENCH_STEP_HOLD:-300}
step_window=${BENCH_STEP_WINDOW:-0}
rush=${BENCH_RUSH:-2000}
rush_seconds=${BENCH_RUSH_SECONDS:-600}
rush_before=${BENCH_RUSH_BEFORE:-120}
threads=${BENCH_THREADS:-4}
cluster=${BENCH_CLUSTER:-0}
[ "$cluster" = 1 ] && keepalive=${BENCH_KEEPALIVE:-75} || keepalive=${BENCH_KEEPALIVE:-0}
if [ "$cluster" = 1 ]; then redis=1
elif command -v redis-server >/dev/null; then redis=${BENCH_REDIS:-1}
else redis=${BENCH_REDIS:-0}
fi
real_hasher=${BENCH_REAL_HASHER:-1}
quiet_wait=${BENCH_QUIET_WAIT:-60}
py=$root/.venv/bin/python

say() { printf '== %s\n' "$*"; }
die() { printf 'bench/load.sh: %s\n' "$*" >&2; exit 1; }

[[ $duration =~ ^[0-9]+s$ ]] || die "BENCH_TIME must be in seconds, like 60s."
[[ $instructor_users =~ ^[0-9]+(/[1-9][0-9]*)?$ ]] || die "BENCH_INSTRUCTOR_USERS is a number (80) or a ratio (1/25)."
[[ $think_scale =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "BENCH_THINK_SCALE must be a number, like 15."
[[ $spawn_rate =~ ^[1-9][0-9]*$ ]] || die "BENCH_SPAWN_RATE must be a whole number of users a second, like 10."
for n in $students $small_classes $class_size $lecture_instructors $step_hold $rush $rush_seconds $rush_before \
         $threads $keepalive $settle $step_window; do
  [[ $n =~ ^[0-9]+$ ]] || die "a count or a time in seconds is not a whole number: $n"
done
accounts=$(( students + small_classes * class_size ))
total_users=0
case $mode in
  runs) for users in $users_list; do
          [[ $users =~ ^[1-9][0-9]*$ ]] || die "BENCH_USERS must be numbers, like \"50 200\"."
          total_users=$(( total_users + users ))
        done ;;
  steps) users_list=steps
         for users in $steps; do
           [[ $users =~ ^[1-9][0-9]*$ ]] || die "BENCH_STEPS must be numbers of students, like \"500 1000\"."
           (( users > total_users )) || die "BENCH_STEPS must grow, step by step."
           total_users=$users
         done ;;
  rush) users_list=${users_list%% *}
        total_users=$(( users_list + rush )) ;;
  *) die "BENCH_MODE is runs, steps or rush." ;;
esac
(( total_users <= accounts )) || die "the run needs $total_users student accounts; the classes have $accounts."
[ "$redis" = 0 ] || command -v redis-server >/dev/null || die "redis-server is not installed: apt-get install -y redis-server (or BENCH_REDIS=0)."
if [ "$cluster" = 1 ]; then
  [ -x /usr/sbin/nginx ] || die "nginx is not installed: apt-get install -y nginx (or run .ci/run once)."
  "$py" -c "import moto.server, storages, django_tasks_db, redis" 2>/dev/null \
    || die "the cluster needs the dev requirements (moto, django-storages, django-tasks-db, redis): make .venv/.dev"
fi
[ "$(id -u)" = 0 ] || die "run as root: the throwaway PostgreSQL cluster runs as user postgres (like .ci/run)."
id postgres >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
  || die "PostgreSQL is not installed: apt-get install -y postgresql (or run .ci/run once)."
[ -x "$py" ] || make --no-print-directory "$root/.venv/.runtime" >/dev/null
[ -x "$root/.venv/bin/gunicorn" ] || "$py" -m pip install --quiet -r requirements.txt

# Locust lives in its own venv (bench/.venv, git-ignored): it is heavy and the
# tests do not need it.
locust_venv=$root/bench/.venv
if ! cmp -s "$root/bench/requirements.txt" "$locust_venv/.requirements" 2>/dev/null; then
  say "installing Locust into bench/.venv"
  "$py" -m venv "$locust_venv"
  "$locust_venv/bin/python" -m pip install --quiet --upgrade pip
  "$locust_venv/bin/python" -m pip install --quiet -r "$root/bench/requirements.txt"
  cp "$root/bench/requirements.txt" "$locust_venv/.requirements"
fi

free_port() {  # the first port from $1 on that nothing listens on (127.0.0.1)
  "$py" - "$1" <<'PY'
import socket, sys
port = int(sys.argv[1])
while True:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn: TIME_WAIT is no obstacle
        try:
            s.bind(("127.0.0.1", port))
            break
        except OSError:
            port += 1
print(port)
PY
}
pg_port=$(free_port "${BENCH_PG_PORT:-5440}")
app_port=$(free_port "${BENCH_PORT:-8040}")  # what Locust talks to: gunicorn, or nginx in a cluster
nodes=("$app_port")
if [ "$cluster" = 1 ]; then
  node_a=$(free_port $(( app_port + 1 ))); node_b=$(free_port $(( node_a + 1 )))
  nodes=("$node_a" "$node_b")
  s3_port=$(free_port $(( node_b + 1 )))
fi
[ "$redis" = 1 ] && redis_port=$(free_port 6390)

tmp=$(mktemp -d /tmp/casebook-load.XXXXXX)
chmod 755 "$tmp"
out=${BENCH_OUT:-$(mktemp -d /tmp/casebook-load-results.XXXXXX)}
mkdir -p "$out"
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
mkdir "$tmp/pg"
chown postgres "$tmp/pg"
gunicorn_pids=() service_pids=() redis_pid= moto_pid= worker_pid=

cleanup() {
  status=$?
  trap - EXIT INT TERM
  [ -f "$tmp/nginx.pid" ] && { kill -TERM "$(cat "$tmp/nginx.pid")" 2>/dev/null || true; }
  for pid in "${gunicorn_pids[@]}" "${service_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${gunicorn_pids[@]}" "${service_pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  [ -f "$tmp/pg/data/postmaster.pid" ] && su postgres -c "$pg_bin/pg_ctl -D $tmp/pg/data -m fast stop" >/dev/null 2>&1
  cp "$tmp"/*.log "$out/" 2>/dev/null || true  # gunicorn's, the access logs, nginx's, Redis', moto's, the worker's
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

started=$(date +%s)
say "PostgreSQL: throwaway cluster on 127.0.0.1:$pg_port"
su postgres -c "$pg_bin/initdb -D $tmp/pg/data -U postgres --auth-local=trust --auth-host=trust" >/dev/null
su postgres -c "$pg_bin/pg_ctl -D $tmp/pg/data -o '-p $pg_port -k $tmp/pg -c listen_addresses=127.0.0.1' -w -l $tmp/pg/log start" >/dev/null
psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE ROLE casebook LOGIN PASSWORD 'casebook'"
psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE casebook OWNER casebook"
wait_for() {  # URL, what, pid: until the URL answers (any status), or die if the process is gone
  for _ in $(seq 1 150); do
    curl -s -o /dev/null "$1" && return 0
    kill -0 "$3" 2>/dev/null || die "$2 did not start: $(tail -n 20 "$4" 2>/dev/null)"
    sleep 0.2
  done
  die "$2 did not answer at $1"
}
if [ "$redis" = 1 ]; then
  say "Redis: throwaway redis-server on 127.0.0.1:$redis_port (cache and cached_db sessions)"
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$tmp" > "$tmp/redis.log" 2>&1 &
  redis_pid=$!
  service_pids+=("$redis_pid")
  export REDIS_URL="redis://127.0.0.1:$redis_port/0"
fi
if [ "$cluster" = 1 ]; then
  say "moto's S3 server on 127.0.0.1:$s3_port (media), background jobs in the database"
  "$py" -m moto.server -H 127.0.0.1 -p "$s3_port" > "$tmp/moto.log" 2>&1 &
  moto_pid=$!
  service_pids+=("$moto_pid")
  wait_for "http://127.0.0.1:$s3_port/" "moto's S3 server" "$moto_pid" "$tmp/moto.log"
  export DJANGO_TASKS_BACKEND=database DJANGO_S3_BUCKET=casebook-media DJANGO_S3_ENDPOINT_URL="http://127.0.0.1:$s3_port"
  export DJANGO_S3_DEFAULT_ACL=public-read DJANGO_S3_ACCESS_KEY_ID=testing DJANGO_S3_SECRET_ACCESS_KEY=testing
  export DJANGO_S3_REGION=us-east-1 DJANGO_TRUSTED_PROXY_COUNT=1  # nginx appends to X-Forwarded-For
  "$py" -c "import boto3; boto3.client('s3', endpoint_url='$DJANGO_S3_ENDPOINT_URL', aws_access_key_id='testing',
    aws_secret_access_key='testing', region_name='us-east-1').create_bucket(Bucket='casebook-media')"
fi

# Production settings, as `make serve` runs them, except for plain HTTP on the
# loopback (no SSL redirect, cookies not marked Secure).
export DATABASE_URL="postgres://casebook:casebook@127.0.0.1:$pg_port/casebook"
export DJANGO_DEBUG=false
DJANGO_SECRET_KEY=$("$py" -c 'import secrets; print(secrets.token_urlsafe(50))')
export DJANGO_SECRET_KEY
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECURE_SSL_REDIRECT=false
export DJANGO_COOKIES_SECURE=false
export DJANGO_CONN_MAX_AGE=60
export DJANGO_STATIC_ROOT=$tmp/static
export DJANGO_MEDIA_ROOT=$tmp/media
export DJANGO_LOG_LEVEL=WARNING
export PYTHONPATH="$tmp${PYTHONPATH:+:$PYTHONPATH}"

# Logging in costs one Argon2id hash (config/hashers.py: about 85 ms of CPU
# here), as in production. BENCH_REAL_HASHER=0 gives the synthetic accounts a
# PBKDF2 of 1,000 iterations instead, to leave logins out of the figures; this
# settings module (in the temp dir, used for this run only) differs from
# config.settings in that one setting.
cat > "$tmp/bench_hasher.py" <<'PY'
from django.contrib.auth.hashers import PBKDF2PasswordHasher


class FastPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """pbkdf2_sha256 with 1,000 iterations: for the load test's synthetic accounts only."""
    iterations = 1000
PY
cat > "$tmp/bench_settings.py" <<PY
from config.settings import *  # noqa: F403

if "$real_hasher" != "1":
    PASSWORD_HASHERS = ["bench_hasher.FastPBKDF2PasswordHasher", *PASSWORD_HASHERS]  # noqa: F405
PY
export DJANGO_SETTINGS_MODULE=bench_settings

# The build (migrate, the course, the classes) takes minutes at 2,000 students;
# it is kept as a pg_dump in BENCH_BUILD_CACHE (default
# /var/tmp/casebook-bench-builds; "off": never), keyed by the class sizes, the
# hasher, the migrations, the course and this script and the builder, and
# restored by the next run that asks for the same classes.
cache_dir=${BENCH_BUILD_CACHE:-/var/tmp/casebook-bench-builds}
build_key=$( { echo "$students $small_classes $class_size $lecture_instructors $real_hasher ${pg_bin}"
               sed -n '/^say "migrate, load the course/,/^fi$/p' bench/load.sh  # the build below
               cat bench/dashboard.py
               find content ./*/migrations -type f \( -path 'content/*' -o -name '*.py' \) -print0 | sort -z \
                 | xargs -0 cat; } | sha1sum | cut -c1-16)
cached=$cache_dir/$students-$small_classes-$class_size-$build_key
if [ "$cache_dir" != off ] && [ -f "$cached/db.dump" ]; then
  say "restore the lecture of $students students and $small_classes classes of $class_size from $cached"
  restore_began=$(date +%s)
  pg_restore -h 127.0.0.1 -p "$pg_port" -U casebook -d casebook --no-owner -j 2 "$cached/db.dump"
  psql -h 127.0.0.1 -p "$pg_port" -U postgres -d casebook -qc "ANALYZE"  # statistics are not in a dump
  cp "$cached/accounts.json" "$cached/build.json" "$tmp/"
  "$py" - "$tmp/build.json" "$(( $(date +%s) - restore_began ))" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))
print(f"   restored in {sys.argv[2]} s (built in {b['seconds']} s): {b['students']} students, "
      f"{b['instructors']} instructors")
PY
else
say "migrate, load the course, build the lecture of $students students and $small_classes classes of $class_size"
"$py" manage.py migrate --noinput -v 0
"$py" manage.py createcachetable
"$py" manage.py load_course content/ > "$tmp/load_course.log"
"$py" - "$students" "$small_classes" "$class_size" "$lecture_instructors" "$tmp/accounts.json" \
  > "$tmp/build.json" <<'PY'
"""Build the lecture with bench/dashboard.py's builder, then give the accounts
known passwords, add the lecture's instructors, grant extra attempts, and add
the small classes (each of class_size new students and one teacher)."""
import importlib.util
import json
import random
import sys
import time
from pathlib import Path

began = time.perf_counter()
spec = importlib.util.spec_from_file_location("bench_dashboard", Path("bench/dashboard.py"))
builder = importlib.util.module_from_spec(spec)
sys.stdout, real_stdout = sys.stderr, sys.stdout  # the builder's progress lines go to stderr
spec.loader.exec_module(builder)  # django.setup() with DJANGO_SETTINGS_MODULE=bench_settings

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection  # noqa: E402

from core import roles  # noqa: E402
from lessons.models import Cohort, Enrolment  # noqa: E402
from quizzes.models import Accommodation  # noqa: E402

STUDENT_PASSWORD = "bench-student-password"
INSTRUCTOR_PASSWORD = "bench-password"  # the builder's bench-instructor has it
SMALL_CLASSES, CLASS_SIZE, INSTRUCTORS = map(int, sys.argv[2:5])

cohort, instructor, quizzes = builder.build(int(sys.argv[1]), random.Random(2008))
# One hash for every synthetic student (same salt): their accounts are throwaway.
User.objects.filter(enrolments__cohort=cohort).update(password=make_password(STUDENT_PASSWORD))
instructor.set_password(INSTRUCTOR_PASSWORD)
instructor.save()
group = Group.objects.get(name=roles.INSTRUCTORS)
hashed = make_password(INSTRUCTOR_PASSWORD)
extra = User.objects.bulk_create([User(username=f"bench-instructor{n:02d}", password=hashed)
                                  for n in range(1, INSTRUCTORS)])  # the lecture's, beside bench-instructor
group.user_set.add(*extra)
cohort.instructors.add(*extra)
# The builder has every student use up the attempts of the three course-wide
# quizzes; a teacher grants two more each so that the simulated students can
# take them again (the timed final stays used up; chapter checks are unlimited).
retake = [q for q in quizzes if q.attempts_allowed and not q.time_limit_minutes]
Accommodation.objects.bulk_create([
    Accommodation(quiz=quiz, user=user, extra_attempts=2, granted_by=instructor, note="load test")
    for quiz in retake for user in User.objects.filter(enrolments__cohort=cohort)])
# The small classes: new students (no history yet) and one teacher each.
hashed_student = User.objects.filter(enrolments__cohort=cohort).values_list("password", flat=True).first()
teachers = []
for number in range(1, SMALL_CLASSES + 1):
    small = Cohort.objects.create(course=cohort.course, name=f"Seminar {number:02d}", join_code=f"SEM{number:04d}")
    teacher = User.objects.create(username=f"bench-teacher{number:02d}", password=hashed)
    group.user_set.add(teacher)
    small.instructors.add(teacher)
    teachers.append({"username": teacher.username, "cohort": small.pk})
    members = User.objects.bulk_create([User(username=f"seminar{number:02d}-{n:02d}", password=hashed_student)
                                        for n in range(CLASS_SIZE)])
    Enrolment.objects.bulk_create([Enrolment(user=u, course=cohort.course, cohort=small) for u in members])
# Simulated students take the accounts in this order: the lecture's and the
# small classes' mixed at random, so any number of users has both in proportion.
order = list(User.objects.filter(enrolments__course=cohort.course).order_by("username")
             .values_list("username", flat=True))
random.Random(7).shuffle(order)
lecture = [{"username": u.username, "cohort": cohort.pk} for u in [instructor, *extra]]
with open(sys.argv[5], "w") as accounts:
    json.dump({"students": order, "instructors": lecture + teachers}, accounts)
with connection.cursor() as cursor:
    cursor.execute("ANALYZE")
# The dashboards' topic summary is written on the write path (quizzes.summary);
# bench/dashboard.py's builder, which bulk-creates the attempts, writes it too.
summary = {}
sys.stdout = real_stdout
print(json.dumps({"cohort": cohort.pk, "course": cohort.course.slug, "student_password": STUDENT_PASSWORD,
                  "instructor_password": INSTRUCTOR_PASSWORD, "instructors": INSTRUCTORS + SMALL_CLASSES,
                  "students": len(order),
                  "seconds": round(time.perf_counter() - began), **summary}))
PY
"$py" - "$tmp/build.json" <<'PY'
import json, sys
built = json.load(open(sys.argv[1]))
print("   built in %(seconds)s s: lecture %(cohort)s of course %(course)s; %(students)s students, "
      "%(instructors)s instructors" % built)
if "summarised" in built:
    print("   dashboard topic summary of %(summarised)s attempts made in %(summary_seconds)s s "
          "(what the first class overview would otherwise do)" % built)
PY
  if [ "$cache_dir" != off ]; then
    mkdir -p "$cached"
    dump_began=$(date +%s)
    pg_dump -h 127.0.0.1 -p "$pg_port" -U casebook -Fc -f "$cached/db.dump.part" casebook
    cp "$tmp/accounts.json" "$tmp/build.json" "$cached/"
    mv "$cached/db.dump.part" "$cached/db.dump"
    echo "   kept for the next run with these classes: $cached ($(du -sh "$cached/db.dump" | cut -f1), $(( $(date +%s) - dump_began )) s)"
  fi
fi

"$py" manage.py collectstatic --noinput -v 0

# A lone node: 2 x cores + 1 workers, as `make serve`; a cluster: the core
# count per node (two nodes on this one machine share its cores).
if [ "$cluster" = 1 ]; then workers=${BENCH_WORKERS:-$(nproc)}; else workers=${BENCH_WORKERS:-$(( $(nproc) * 2 + 1 ))}; fi
# --keep-alive: gunicorn's threaded worker closes a connection idle for its
# keep-alive timeout (2 s by default) whatever may be on its way: a client that
# sends its next request just then, after thinking about that long, gets a
# reset (Locust's status 0). So a lone node answers "Connection: close" (0:
# one loopback connection per request, which costs next to nothing), and
# behind nginx the node keeps idle connections longer (75 s) than nginx keeps
# them in its pool (30 s), so that it is always nginx that closes them.
for port in "${nodes[@]}"; do
  say "gunicorn config.wsgi: $workers workers x $threads threads on 127.0.0.1:$port (keep-alive $keepalive s)"
  "$root/.venv/bin/gunicorn" config.wsgi --workers "$workers" --threads "$threads" --bind "127.0.0.1:$port" \
    --keep-alive "$keepalive" --access-logfile "$tmp/access-$port.log" --error-logfile - --timeout 30 \
    --graceful-timeout 20 >> "$tmp/gunicorn.log" 2>&1 &
  gunicorn_pids+=($!)
  wait_for "http://127.0.0.1:$port/accounts/login/" "gunicorn on :$port" "${gunicorn_pids[-1]}" "$tmp/gunicorn.log"
done
if [ "$cluster" = 1 ]; then
  "$py" manage.py db_worker > "$tmp/worker.log" 2>&1 &  # make worker
  worker_pid=$!
  service_pids+=("$worker_pid")
  mkdir -p "$tmp/nginx"
  chown www-data "$tmp/nginx" 2>/dev/null || true  # its workers buffer large responses there
  cat > "$tmp/nginx.conf" <<NGINX
user www-data;
worker_processes 1;
worker_rlimit_nofile 20000;
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log warn;
events { worker_connections 10000; }
http {
  log_format upstream '\$upstream_addr \$status \$request_time';
  access_log $tmp/nginx-access.log upstream;
  client_body_temp_path $tmp/nginx/body; proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fcgi; uwsgi_temp_path $tmp/nginx/uwsgi; scgi_temp_path $tmp/nginx/scgi;
  client_max_body_size 3m;
  keepalive_timeout 300s;  # longer than any think time: a browser's idle connection is not cut under it
  upstream casebook {
    least_conn;
    server 127.0.0.1:$node_a;
    server 127.0.0.1:$node_b;
    keepalive 64;
    keepalive_timeout 30s;  # under the nodes' --keep-alive: nginx, not gunicorn, closes an idle connection
  }
  server {
    listen 127.0.0.1:$app_port;
    location / {
      proxy_pass http://casebook;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto http;
    }
  }
}
NGINX
  /usr/sbin/nginx -c "$tmp/nginx.conf" -p "$tmp" -e "$tmp/nginx-error.log"
  say "nginx on 127.0.0.1:$app_port in front of :$node_a and :$node_b (least connections); job worker (db_worker)"
  wait_for "http://127.0.0.1:$app_port/accounts/login/" "nginx" "$(cat "$tmp/nginx.pid")" "$tmp/nginx-error.log"
fi

cpu_watch() {  # until $1 exists: CPU used per second by this run's processes and by everything else
  local roots=("gunicorn=${gunicorn_pids[0]}" "PostgreSQL=$(head -n 1 "$tmp/pg/data/postmaster.pid")")
  [ "$cluster" = 1 ] && roots+=("gunicorn=${gunicorn_pids[1]}" "nginx=$(cat "$tmp/nginx.pid")" "moto=$moto_pid"
                                "job worker=$worker_pid")
  [ -n "$redis_pid" ] && roots+=("Redis=$redis_pid")
  "$py" - "$1" "$2" "$$" "$(nproc)" "${roots[@]}" <<'PY'
import os, sys, time
from collections import Counter
stop, result, me, cores = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
roots = {int(pid): name for name, pid in (arg.rsplit("=", 1) for arg in sys.argv[5:])}  # a process tree each
tick = os.sysconf("SC_CLK_TCK")

def snapshot():
    procs = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as f:
                raw = f.read()
        except OSError:
            continue
        comm, rest = raw[raw.index("(") + 1:raw.rindex(")")], raw[raw.rindex(")") + 2:].split()
        procs[int(pid)] = (comm, int(rest[1]), int(rest[11]) + int(rest[12]))  # name, parent, utime+stime
    return procs

def group(pid, procs):
    seen = pid
    while seen > 1 and seen in procs:
        if seen in roots:
            return roots[seen]
        if seen == me:
            return "clients"  # Locust, and bench/logins.py in a rush
        seen = procs[seen][1]
    return "other: " + procs[pid][0]

used, began, before = Counter(), time.monotonic(), snapshot()
while not os.path.exists(stop) and time.monotonic() - began < 6000:  # the longest stepped run, bounded
    time.sleep(1)
    after = snapshot()
    for pid, (comm, parent, ticks) in after.items():
        if pid in before and before[pid][0] == comm:
            used[group(pid, after)] += max(0, ticks - before[pid][2])
    before = after
seconds = time.monotonic() - began
share = {k: 100 * v / tick / seconds / cores for k, v in used.items()}  # percent of the whole machine
others = sorted(((v, k[7:]) for k, v in share.items() if k.startswith("other")), reverse=True)
mine = ["gunicorn", "PostgreSQL", *dict.fromkeys(n for n in roots.values() if n not in ("gunicorn", "PostgreSQL"))]
line = (f"CPU over the run ({cores} cores = 100%): "
        + ", ".join(f"{name} {share.get(name, 0):.0f}%" for name in mine)
        + f", Locust {share.get('clients', 0):.0f}%"
        + f"; other processes {sum(v for v, _ in others):.0f}%")
if others and others[0][0] >= 1:
    line += " (" + ", ".join(f"{name} {v:.0f}%" for v, name in others[:3] if v >= 1) + ")"
open(result, "w").write(line + "\n")
PY
}

wait_quiet() {  # up to $1 s for the machine to be quiet: this is a shared 2-core machine
  "$py" - "$1" "$(nproc)" <<'PY'
import os, sys, time
limit, cores = int(sys.argv[1]), int(sys.argv[2])
def busy():
    with open("/proc/stat") as f:
        v = list(map(int, f.readline().split()[1:]))
    return sum(v) - v[3] - v[4], sum(v)  # all but idle and iowait
began = time.monotonic()
while True:
    b0, t0 = busy(); time.sleep(3); b1, t1 = busy()
    share = 100 * (b1 - b0) / max(1, t1 - t0)
    waited = time.monotonic() - began
    if share < 20:
        print(f"   machine quiet ({share:.0f}% CPU busy)" + (f" after {waited:.0f} s" if waited > 4 else ""))
        break
    if waited >= limit:
        print(f"   machine still busy ({share:.0f}% CPU) after {waited:.0f} s: running anyway; "
              "see the CPU line under the table")
        break
PY
}

report() {  # the table of one run, from Locust's CSVs (and gunicorn's log from line $3 on)
  "$py" - "$1" "$2" "$duration" "$tmp/gunicorn.log" "$3" <<'PY'
import csv, re, sys
from collections import Counter
from pathlib import Path
prefix, users, duration, log, log_from = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])  # users: a number, or "steps"
stats_file = Path(f"{prefix}_stats.csv")
if not stats_file.exists():
    sys.exit(f"   no statistics: Locust did not run (see {prefix}-summary.txt)")
rows = list(csv.DictReader(stats_file.open()))
pages = sorted((r for r in rows if r["Name"] != "Aggregated"), key=lambda r: r["Name"])
total = next(r for r in rows if r["Name"] == "Aggregated")
ms = lambda r, q: r[q] if r[q] != "N/A" else "-"
print(f"\n{users} users, {duration}: {float(total['Requests/s']):.1f} requests/s, "
      f"{total['Request Count']} requests, {total['Failure Count']} errors")
print(f"{'page':<24}{'requests':>9}{'errors':>7}{'rps':>7}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'max ms':>8}")
for r in pages + [total]:
    name = "all pages" if r is total else r["Name"]
    print(f"{name:<24}{r['Request Count']:>9}{r['Failure Count']:>7}{float(r['Requests/s']):>7.1f}"
          f"{ms(r, '50%'):>8}{ms(r, '95%'):>8}{ms(r, '99%'):>8}{float(r['Max Response Time']):>8.0f}")
failures = Path(f"{prefix}_failures.csv")
if failures.exists():
    for f in csv.DictReader(failures.open()):
        print(f"   error x{f['Occurrences']}: {f['Method']} {f['Name']}: {f['Error']}")
exceptions = Path(f"{prefix}_exceptions.csv")
if exceptions.exists():
    for e in csv.DictReader(exceptions.open()):
        print(f"   locustfile exception x{e['Count']}: {e['Message']}")
lines = Path(log).read_text(errors="replace").splitlines()[log_from:] if Path(log).exists() else []
raised = Counter(line for line in lines if re.match(r"[\w.]+(Error|Exception|Violation): ", line))
for line, count in raised.most_common(5):
    print(f"   server exception x{count}: {line[:160]}")
by_name = {r["Name"]: r for r in pages}
def p95(name):
    return float(by_name[name]["95%"]) if name in by_name and by_name[name]["95%"] != "N/A" else None
lesson, submit = p95("lesson"), p95("quiz submit")
verdict = [
    ("no errors", int(total["Failure Count"]) == 0),
    (f"lesson p95 {lesson} ms < 300 ms", lesson is not None and lesson < 300),
    (f"quiz submit p95 {submit} ms < 500 ms", submit is not None and submit < 500),
]
print("goals (set for 50 users): " + "; ".join(f"{text}: {'met' if ok else 'MISSED'}" for text, ok in verdict))
PY
}

# Each run uses fresh students (run 1 from the first account, run 2 after the
# users run 1 had), so no one resumes the previous run's attempts.
"$locust_venv/bin/python" - "$tmp/build.json" > "$tmp/locust.env" <<'PY'
import json, shlex, sys
b = json.load(open(sys.argv[1]))
for key, value in {"BENCH_COURSE": b["course"], "BENCH_STUDENT_PASSWORD": b["student_password"],
                   "BENCH_INSTRUCTOR_PASSWORD": b["instructor_password"]}.items():
    print(f"export {key}={shlex.quote(str(value))}")
PY
cp "$tmp/accounts.json" "$out/accounts.json"

locust_run() {  # $1 run name, $2 users, $3 seconds; more Locust options after
  local name=$1 users=$2 seconds=$3
  shift 3
  # shellcheck disable=SC1091
  ( . "$tmp/locust.env"
    export BENCH_FIRST_STUDENT=$first BENCH_ACCOUNTS=$out/accounts.json BENCH_THINK_SCALE=$think_scale \
           BENCH_INSTRUCTOR_USERS=$instructor_users BENCH_REQUEST_LOG=$out/$name-requests.csv \
           BENCH_SCHEDULE=$out/$name-schedule.json BENCH_SETTLE=$settle BENCH_SPAWN_RATE=$spawn_rate
    cd "$root/bench" && timeout --kill-after=30 $(( seconds + 120 )) \
      "$locust_venv/bin/locust" -f locustfile.py --headless -u "$users" -r "$spawn_rate" -t "${seconds}s" \
        -H "http://127.0.0.1:$app_port" --only-summary --stop-timeout 10 --csv "$out/$name" --csv-full-history \
        --logfile "$out/$name-locust.log" --loglevel WARNING "$@" > "$out/$name-summary.txt" 2>&1 ) || true
}

front=
[ "$cluster" = 1 ] && front="through nginx"
fixed_instructors=0
[[ $instructor_users =~ / ]] || fixed_instructors=$instructor_users
first=0
for users in $users_list; do
  name=u$users
  seconds=${duration%s}
  case $mode in
    steps) if (( step_window > 0 )); then  # each step: its own ramp + settle + the window (locustfile.step_plan)
             seconds=0 before=0
             for students_step in $steps; do
               added=$(( students_step + fixed_instructors - before ))
               seconds=$(( seconds + (added + spawn_rate - 1) / spawn_rate + settle + step_window ))
               before=$(( students_step + fixed_instructors ))
             done
             held="its ramp + ${settle} s + a steady window of ${step_window} s ($seconds s in all)"
           else
             set -- $steps
             seconds=$(( $# * step_hold ))
             held="held ${step_hold} s"
           fi
           say "Locust: stepped run, students ${steps// / → } (+ $fixed_instructors fixed instructors), each step" \
               "$held, spawn $spawn_rate/s, think time x$think_scale" ;;
    rush) seconds=$(( (users + fixed_instructors) / spawn_rate + settle + rush_before + rush_seconds + 30 ))
          say "Locust: $users users signed in (think time x$think_scale), then $rush logins over $rush_seconds s" ;;
    *) say "Locust: $users users (spawn $spawn_rate/s, think time x$think_scale, instructors $instructor_users)" \
           "for $duration${front:+ $front}" ;;
  esac
  wait_quiet "$quiet_wait"
  log_mark=$(wc -l < "$tmp/gunicorn.log")
  node_marks=()
  for port in "${nodes[@]}"; do node_marks+=("$(wc -l < "$tmp/access-$port.log")"); done
  rm -f "$tmp/stop-watch"
  cpu_watch "$tmp/stop-watch" "$out/$name-cpu.txt" &
  watch_pid=$!
  if [ "$mode" = steps ]; then
    BENCH_STEPS=$steps BENCH_STEP_HOLD=$step_hold BENCH_STEP_WINDOW=$step_window locust_run "$name" 1 "$(( seconds + 10 ))"
  elif [ "$mode" = rush ]; then
    locust_run "$name" "$(( users + fixed_instructors ))" "$seconds" &
    locust_pid=$!
    # The rush starts once the signed-in users have ramped up, settled and been
    # measured for BENCH_RUSH_BEFORE seconds; its accounts come after theirs.
    sleep $(( (users + fixed_instructors) / spawn_rate + settle + rush_before ))
    . "$tmp/locust.env"
    timeout --kill-after=30 $(( rush_seconds + 120 )) "$locust_venv/bin/python" "$root/bench/logins.py" \
      --port "$app_port" --accounts "$out/accounts.json" --first "$(( first + users ))" --count "$rush" \
      --seconds "$rush_seconds" --password "$BENCH_STUDENT_PASSWORD" --out "$out/$name-rush.csv" \
      --summary "$out/$name-rush.json" | tee "$out/$name-rush.txt" || true
    wait "$locust_pid" || true
  else
    locust_run "$name" "$(( users + fixed_instructors ))" "$seconds"  # BENCH_USERS counts students
  fi
  touch "$tmp/stop-watch"
  wait "$watch_pid" || true
  duration=${seconds}s report "$out/$name" "$users" "$log_mark"
  cat "$out/$name-cpu.txt" 2>/dev/null || true
  if [ "$cluster" = 1 ]; then  # from each node's own access log: both must have served
    answered=() sum=0
    for i in "${!nodes[@]}"; do
      answered+=("$(( $(wc -l < "$tmp/access-${nodes[$i]}.log") - node_marks[i] ))")
      sum=$(( sum + answered[i] ))
    done
    line="requests answered per app server (their access logs):"
    for i in "${!nodes[@]}"; do
      line+=" :${nodes[$i]} ${answered[$i]} ($(( 100 * answered[i] / (sum > 0 ? sum : 1) ))%)"
    done
    printf '%s; both nodes served: %s\n' "$line" \
      "$( (( answered[0] > 0 && answered[1] > 0 )) && echo yes || echo NO)" | tee "$out/$name-nodes.txt"
  fi
  if [ ! -s "$out/$name-requests.csv" ] || [ ! -f "$out/$name-schedule.json" ]; then
    echo "   no request log or schedule: no steady-state figures"
  elif [ "$mode" = steps ]; then
    "$py" "$root/bench/steady.py" "$out/$name-requests.csv" --schedule "$out/$name-schedule.json" --steps \
      --json "$out/$name-steady.json" | tee "$out/$name-steady.txt"
  elif [ "$mode" = rush ]; then
    [ -f "$out/$name-rush.json" ] && "$py" "$root/bench/steady.py" "$out/$name-requests.csv" \
      --schedule "$out/$name-schedule.json" --settle "$settle" --rush "$out/$name-rush.json" \
      --json "$out/$name-steady.json" | tee "$out/$name-steady.txt"
  else
    "$py" "$root/bench/steady.py" "$out/$name-requests.csv" --schedule "$out/$name-schedule.json" \
      --settle "$settle" --json "$out/$name-steady.json" | tee "$out/$name-steady.txt"
  fi
  [ "$mode" = steps ] || first=$(( first + users ))  # in steps mode $users is the word "steps"
done

say "total time $(( $(date +%s) - started )) s; CSVs and logs in $out"
