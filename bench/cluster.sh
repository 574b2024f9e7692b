#!/usr/bin/env bash
# Several app servers: Debian's nginx on 127.0.0.1 in front of two gunicorn
# nodes (different ports, least connections), sharing one throwaway PostgreSQL
# cluster, one redis-server (cache, cached_db sessions) and moto's S3 server
# (media), with one background-job worker (make worker's db_worker); Locust
# (bench/locustfile.py) goes through nginx. It is bench/load.sh with
# BENCH_CLUSTER=1: the same classes, the production hasher, every setting and
# mode of load.sh (BENCH_USERS, BENCH_TIME, BENCH_PROFILE, BENCH_MODE …), the
# same report and steady state, and under each run the requests each node
# answered, counted in its own access log. Everything listens on 127.0.0.1
# only, every run is bounded in time, and all of it is stopped on exit.
#
#   bench/cluster.sh                          # as root (PostgreSQL runs as user postgres)
#   BENCH_USERS=300 BENCH_TIME=240s BENCH_PROFILE=moodle bench/cluster.sh
#
# BENCH_WORKERS is per node here (default the core count: the two nodes share
# this machine's cores).
exec env BENCH_CLUSTER=1 "$(dirname "$0")/load.sh" "$@"
