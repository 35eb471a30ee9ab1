#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests of team mode (issue 13, SPEC §10):
#   scripts/pg-server.sh start DIR [PORT]   initdb into DIR, start on 127.0.0.1:PORT
#                                           (default 55432), create database shipmode_test,
#                                           print its URL (postgres://…) on stdout
#   scripts/pg-server.sh stop DIR           stop it (DIR can then be deleted)
# It uses Debian's postgresql package (installed by scripts/setup-debian.sh test). The
# server refuses to run as root: as root it runs as the package's postgres user.
set -euo pipefail
cmd=${1:?start or stop}; dir=${2:?a directory}; port=${3:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "pg-server: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
as() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case $cmd in
start)
	mkdir -p "$dir"
	[ "$(id -u)" = 0 ] && chown postgres "$dir"
	if [ ! -f "$dir/PG_VERSION" ]; then
		as "$bin/initdb" -D "$dir" -U shipmode --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir.initdb.log" 2>&1 ||
			{ cat "$dir.initdb.log" >&2; exit 1; }
	fi
	as "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
		-o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
		start >/dev/null
	as "$bin/psql" -h 127.0.0.1 -p "$port" -U shipmode -d postgres -qtAc \
		"SELECT 1 FROM pg_database WHERE datname='shipmode_test'" | grep -q 1 ||
		as "$bin/createdb" -h 127.0.0.1 -p "$port" -U shipmode shipmode_test
	echo "postgres://shipmode@127.0.0.1:$port/shipmode_test?sslmode=disable"
	;;
stop)
	as "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null
	;;
*) echo "pg-server: start or stop" >&2; exit 2 ;;
esac
