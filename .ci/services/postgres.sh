# The PostgreSQL ledger tests need a real server: a throwaway cluster, initdb'd into a temp folder and run by an
# unprivileged user (postgres refuses root), listening on a free 127.0.0.1 port (password login) and on a socket in
# that folder. MATTERMFG_TEST_PG is its connection string; the cluster and the folder go at exit.
pg_find_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && pg_bin="$d"; done
  [ -n "${pg_bin:-}" ] || { command -v initdb >/dev/null 2>&1 && pg_bin="$(dirname "$(readlink -f "$(command -v initdb)")")"; }
  [ -n "${pg_bin:-}" ]
}
pg_bin=""
pg_find_bin || ci_apt_install postgresql || { echo "CI: postgresql could not be installed"; return 1; }
pg_find_bin || { echo "CI: initdb not found after installing postgresql"; return 1; }
pg_as() { if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi; }
pg_dir="$(mktemp -d /tmp/mattermfg-pg.XXXXXX)"
ci_on_exit "rm -rf '$pg_dir'"
pg_password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
printf '%s\n' "$pg_password" > "$pg_dir/pwfile"
[ "$(id -u)" = 0 ] && chown -R nobody "$pg_dir"
chmod 700 "$pg_dir"
pg_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
pg_as "$pg_bin/initdb" -D "$pg_dir/data" -U mattermfg --pwfile="$pg_dir/pwfile" --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --no-locale \
  > "$pg_dir/initdb.log" 2>&1 || { echo "CI: initdb failed:"; cat "$pg_dir/initdb.log"; return 1; }
pg_as "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_dir -c fsync=off -c max_connections=200" start >/dev/null \
  || { echo "CI: PostgreSQL did not start:"; cat "$pg_dir/server.log"; return 1; }
ci_on_exit "runuser -u nobody -- '$pg_bin/pg_ctl' -D '$pg_dir/data' -m immediate stop >/dev/null 2>&1 || '$pg_bin/pg_ctl' -D '$pg_dir/data' -m immediate stop >/dev/null 2>&1"
pg_as "$pg_bin/createdb" -h "$pg_dir" -p "$pg_port" -U mattermfg mattermfg_test || { echo "CI: createdb failed"; return 1; }
export MATTERMFG_TEST_PG="Host=127.0.0.1;Port=$pg_port;Database=mattermfg_test;Username=mattermfg;Password=$pg_password"
