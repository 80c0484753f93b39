#!/usr/bin/env bash
# deploy/loopback-cluster.sh — the documented deployment (README "Deployment", "Two servers"), on one
# machine over loopback: PostgreSQL with the owner and application roles, Redis, two `gongkai serve`
# instances and two `gongkai worker`s behind nginx with TLS on a non-443 port; then the backup and
# restore drill. Run it from a fresh clone (it runs ./run install first unless GK_SKIP_INSTALL=1).
#
#   deploy/loopback-cluster.sh up       install, create roles and database, migrate, collect static,
#                                       create the administrator, start everything, wait for /healthz
#   deploy/loopback-cluster.sh drill    back up, stop, DROP the database, restore, re-apply the roles,
#                                       start again and verify (/healthz through nginx, audit chain)
#   deploy/loopback-cluster.sh upgrade  the documented upgrade on the running cluster (migrate as the owner,
#                                       grants, collectstatic, HUP both servers, restart the workers)
#   deploy/loopback-cluster.sh down     stop what `up` started (by the pids it recorded)
#   deploy/loopback-cluster.sh all      up, drill, down
#
# Needs: PostgreSQL reachable as a superuser at GK_PG_ADMIN_URL, Redis at GK_REDIS, nginx and openssl.
# Everything it creates lives under GK_CLUSTER_DIR; ports GK_CLUSTER_PORT (nginx, HTTPS), +1 and +2
# (the two app servers). Environment (defaults in brackets):
#   GK_CLUSTER_DIR [/tmp/gongkai-cluster]  GK_CLUSTER_PORT [18443]  GK_CLUSTER_DB [gongkai_cluster]
#   GK_PG_ADMIN_URL [postgres://postgres@127.0.0.1:5432/postgres]  GK_REDIS [redis://127.0.0.1:6379/13]
#   GK_ADMIN_PASSWORD [generated, written to $GK_CLUSTER_DIR/admin-password]
#   GK_STATIC_ROOT [$GK_CLUSTER_DIR/static]: static files, collected only when their sources changed
#   GK_WEB_WORKERS [2]: gunicorn workers of each app server
#   GK_EXTRA_ENV  extra NAME=value lines appended to the environment file (tests lower rate limits)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DIR=${GK_CLUSTER_DIR:-/tmp/gongkai-cluster}
PORT=${GK_CLUSTER_PORT:-18443}
DB=${GK_CLUSTER_DB:-gongkai_cluster}
PG_ADMIN=${GK_PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
REDIS=${GK_REDIS:-redis://127.0.0.1:6379/13}
STATIC=${GK_STATIC_ROOT:-$DIR/static}
WEB_WORKERS=${GK_WEB_WORKERS:-2}
PG_SERVER=${PG_ADMIN%/*}
PG_HOSTPORT=${PG_SERVER#*@}
# The code of this checkout, even when .venv is shared with another checkout.
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"
GK="$ROOT/.venv/bin/gongkai"
APP_PORTS=("$((PORT + 1))" "$((PORT + 2))")

say() { printf '==> %s\n' "$*"; }
die() { printf '错误：%s\n' "$*" >&2; exit 1; }
load_env() { set -a; . "$DIR/etc/gongkai.env"; set +a; }
owner_env() { set -a; . "$DIR/etc/gongkai.env"; . "$DIR/etc/owner.env"; set +a; }
secret() { python3 -c 'import secrets; print(secrets.token_urlsafe(48))'; }

wait_http() {  # URL SECONDS: until it answers 200
  local deadline=$((SECONDS + $2))
  until curl -sfk -o /dev/null "$1"; do
    [ $SECONDS -lt $deadline ] || die "$1 没有在 $2 秒内就绪"
    sleep 0.3
  done
}

start() {  # NAME COMMAND...: in its own session, output to log/NAME.log, pid to run/NAME.pid
  local name=$1; shift
  setsid "$@" >>"$DIR/log/$name.log" 2>&1 </dev/null &
  echo $! >"$DIR/run/$name.pid"
}

stop_all() {
  local pidfile pid
  for pidfile in "$DIR"/run/*.pid; do
    [ -e "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pidfile in "$DIR"/run/*.pid; do
    [ -e "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    # Still there after 10 s: its whole session goes (gunicorn workers, nginx workers).
    kill -0 "$pid" 2>/dev/null && kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$pidfile"
  done
}

configure() {
  say "环境文件、密钥与 TLS 证书（$DIR）"
  install -d -m 0755 "$DIR" "$DIR/log" "$DIR/run" "$STATIC" "$DIR/nginx" "$DIR/backups"
  install -d -m 0700 "$DIR/etc"
  # The data directory is shared by both servers (on two machines: the same NFS export mounted at
  # the same path); the service creates it 0750 at most (README, Deployment step 1).
  install -d -m 0750 "$DIR/data"
  local app_pw owner_pw admin_pw
  app_pw=$(secret); owner_pw=$(secret)
  admin_pw=${GK_ADMIN_PASSWORD:-$(python3 -c 'import secrets; print("Gk#" + secrets.token_urlsafe(12) + "9a")')}
  printf '%s\n' "$admin_pw" >"$DIR/admin-password"; chmod 600 "$DIR/admin-password"
  # The documented example, with this machine's values: it must stay sourceable by a shell.
  sed -e "s|^GONGKAI_DATA_DIR=.*|GONGKAI_DATA_DIR=$DIR/data|" \
      -e "s|^GONGKAI_STATIC_ROOT=.*|GONGKAI_STATIC_ROOT=$STATIC|" \
      -e "s|^SECRET_KEY=.*|SECRET_KEY=$(secret)$(secret)|" \
      -e "s|^GONGKAI_AUDIT_KEY=.*|GONGKAI_AUDIT_KEY=$(secret)|" \
      -e "s|^GONGKAI_DATA_KEY=.*|GONGKAI_DATA_KEY=$(secret)|" \
      -e "s|^ALLOWED_HOSTS=.*|ALLOWED_HOSTS=127.0.0.1,localhost|" \
      -e "s|^CSRF_TRUSTED_ORIGINS=.*|CSRF_TRUSTED_ORIGINS=https://127.0.0.1:$PORT|" \
      -e "s|^DATABASE_URL=.*|DATABASE_URL=postgres://${DB}_app:$app_pw@$PG_HOSTPORT/$DB|" \
      -e "s|^REDIS_URL=.*|REDIS_URL=$REDIS|" \
      -e "s|^EMAIL_HOST=.*|EMAIL_HOST=|" \
      -e "s|^EMAIL_HOST_PASSWORD=.*|EMAIL_HOST_PASSWORD=|" \
      deploy/gongkai.env.example >"$DIR/etc/gongkai.env"
  printf '%s\n' "${GK_EXTRA_ENV:-}" >>"$DIR/etc/gongkai.env"
  printf 'OWNER_DATABASE_URL=postgres://%s_owner:%s@%s/%s\n' "$DB" "$owner_pw" "$PG_HOSTPORT" "$DB" >"$DIR/etc/owner.env"
  printf 'GONGKAI_DB_OWNER_PASSWORD=%s\nGONGKAI_DB_APP_PASSWORD=%s\n' "$owner_pw" "$app_pw" >>"$DIR/etc/owner.env"
  chmod 600 "$DIR/etc/gongkai.env" "$DIR/etc/owner.env"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=127.0.0.1" \
    -keyout "$DIR/nginx/key.pem" -out "$DIR/nginx/cert.pem" 2>/dev/null
  # deploy/nginx.conf, for loopback: both servers upstream, the same upload limit and headers.
  local body_size
  body_size=$(sed -n 's/^ *client_max_body_size \(.*\);/\1/p' deploy/nginx.conf)
  cat >"$DIR/nginx/nginx.conf" <<EOF
daemon off;
worker_processes 2;
pid $DIR/run/nginx.master;
error_log $DIR/log/nginx-error.log warn;
events { worker_connections 256; }
http {
    access_log $DIR/log/nginx-access.log;
    client_body_temp_path $DIR/nginx/body;
    proxy_temp_path $DIR/nginx/proxy;
    fastcgi_temp_path $DIR/nginx/fastcgi;
    uwsgi_temp_path $DIR/nginx/uwsgi;
    scgi_temp_path $DIR/nginx/scgi;
    upstream gongkai {
        server 127.0.0.1:${APP_PORTS[0]} max_fails=0;
        server 127.0.0.1:${APP_PORTS[1]} max_fails=0;
    }
    server {
        listen 127.0.0.1:$PORT ssl;
        server_name 127.0.0.1;
        ssl_certificate $DIR/nginx/cert.pem;
        ssl_certificate_key $DIR/nginx/key.pem;
        client_max_body_size $body_size;
        location /static/ { alias $STATIC/; }
        location / {
            proxy_pass http://gongkai;
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_next_upstream error timeout;
            add_header X-Gongkai-Upstream \$upstream_addr always;
        }
    }
}
EOF
}

database() {
  say "数据库角色（属主、应用角色）与迁移：$DB"
  owner_env
  "$GK" ops db-roles --admin-url "$PG_ADMIN" --database "$DB" --owner "${DB}_owner" --app "${DB}_app"
  DATABASE_URL="$OWNER_DATABASE_URL" "$GK" migrate >"$DIR/log/migrate.log"
  "$GK" ops db-roles --admin-url "$PG_ADMIN" --database "$DB" --owner "${DB}_owner" --app "${DB}_app"
}

start_services() {
  say "启动两个网站实例（端口 ${APP_PORTS[*]}）、两个后台任务进程和 nginx（https://127.0.0.1:$PORT）"
  load_env
  "$GK" check
  local name port
  for index in 0 1; do
    name=$([ "$index" = 0 ] && echo a || echo b)
    port=${APP_PORTS[$index]}
    start "web-$name" "$GK" serve --bind "127.0.0.1:$port" --workers "$WEB_WORKERS"
    start "worker-$name" "$GK" worker
  done
  start nginx nginx -c "$DIR/nginx/nginx.conf" -p "$DIR/nginx"
  for port in "${APP_PORTS[@]}"; do wait_http "http://127.0.0.1:$port/healthz" 60; done
  wait_http "https://127.0.0.1:$PORT/healthz" 20
}

collect_static() {
  say "收集静态文件（每次发布一次，不在启动时）"
  load_env
  # Collected once per release: skipped when the static sources are those of the last collection.
  local stamp
  stamp=$(find gongkai -path '*/static/*' -type f -printf '%P %s %T@\n' | sort | sha256sum | cut -c1-16)
  if [ "$(cat "$GONGKAI_STATIC_ROOT/.release" 2>/dev/null)" != "$stamp" ]; then
    "$GK" manage collectstatic --noinput -v 0
    echo "$stamp" >"$GONGKAI_STATIC_ROOT/.release"
  fi
}

up() {
  command -v nginx >/dev/null || die "缺少 nginx（apt-get install -y nginx）"
  command -v openssl >/dev/null || die "缺少 openssl"
  [ "${GK_SKIP_INSTALL:-0}" = 1 ] || ./run install
  [ -e "$DIR/run" ] && stop_all
  configure
  # This Redis database belongs to the cluster: no job of an earlier run is left in its queue.
  "$ROOT/.venv/bin/python" -c 'import sys, redis; redis.Redis.from_url(sys.argv[1]).flushdb()' "$REDIS"
  psql -q "$PG_ADMIN" -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)"
  database
  collect_static
  say "创建系统管理员 admin"
  GONGKAI_ADMIN_PASSWORD=$(cat "$DIR/admin-password") "$GK" createadmin --username admin
  start_services
  say "✓ 集群已启动：https://127.0.0.1:$PORT/（管理员 admin，密码见 $DIR/admin-password）"
}

drill() {
  say "备份"
  load_env
  rm -f "$DIR"/backups/*.tar.gz
  "$GK" ops backup --output "$DIR/backups/" >"$DIR/log/backup.log"
  local archive
  archive=$(ls "$DIR"/backups/*.tar.gz)
  [ "$(stat -c %a "$archive")" = 600 ] || die "备份文件不是 0600"
  say "停止服务，删除数据库和数据目录（模拟一台空服务器）"
  stop_all
  psql -q "$PG_ADMIN" -c "DROP DATABASE \"$DB\" WITH (FORCE)"
  rm -rf "$DIR/data"; install -d -m 0750 "$DIR/data"
  say "恢复（属主角色）并重新设置角色"
  owner_env
  "$GK" ops db-roles --admin-url "$PG_ADMIN" --database "$DB" --owner "${DB}_owner" --app "${DB}_app" >/dev/null
  DATABASE_URL="$OWNER_DATABASE_URL" "$GK" ops restore "$archive" >"$DIR/log/restore.log" 2>&1 \
    || { cat "$DIR/log/restore.log" >&2; die "恢复失败"; }
  "$GK" ops db-roles --admin-url "$PG_ADMIN" --database "$DB" --owner "${DB}_owner" --app "${DB}_app" >/dev/null
  start_services
  say "核对"
  load_env
  "$GK" audit verify
  curl -sfk "https://127.0.0.1:$PORT/healthz" >/dev/null
  say "✓ 备份、删除、恢复、核对完成"
}

upgrade() {
  # README "Upgrades", after `git pull && ./run install`: migrate as the owner on the production
  # database, grants, static files, graceful reload of both servers, restart of the workers.
  say "升级：迁移（属主角色）、授权、静态文件、平滑重载网站、重启后台任务"
  owner_env
  DATABASE_URL="$OWNER_DATABASE_URL" "$GK" migrate >>"$DIR/log/migrate.log"
  "$GK" ops db-roles --admin-url "$PG_ADMIN" --database "$DB" --owner "${DB}_owner" --app "${DB}_app" >/dev/null
  collect_static
  local name
  for name in a b; do kill -HUP "$(cat "$DIR/run/web-$name.pid")"; done  # systemctl reload gongkai-web
  for name in a b; do                                                    # systemctl restart gongkai-worker
    local pid
    pid=$(cat "$DIR/run/worker-$name.pid")
    kill -TERM "$pid"
    for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    start "worker-$name" "$GK" worker
  done
  say "✓ 升级完成"
}

case "${1:-all}" in
  up) up ;;
  upgrade) upgrade ;;
  drill) drill ;;
  down) stop_all ;;
  all) trap stop_all EXIT; up; drill ;;
  *) echo "用法：deploy/loopback-cluster.sh up|upgrade|drill|down|all" >&2; exit 2 ;;
esac
