#!/usr/bin/env bash
# Make sure what `make test` needs is there: PostgreSQL, Redis, Chromium, and
# nginx with its cache purge module (tests/deploy/).
# On a Debian/Ubuntu machine where one is missing, install and start it.
set -euo pipefail

PG_HOST=127.0.0.1
PG_PORT=5432
REDIS_PORT=6379
source "$(dirname "$0")/apt_install.sh"

pg_ready() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null; }

# PostgreSQL ---------------------------------------------------------------
if ! command -v pg_isready >/dev/null 2>&1; then
    echo ">> Installation de PostgreSQL"
    apt_install postgresql postgresql-client
fi
if ! pg_ready; then
    echo ">> Démarrage de PostgreSQL"
    for version in $(ls /etc/postgresql 2>/dev/null); do
        $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    done
    for _ in $(seq 1 30); do pg_ready && break; sleep 1; done
fi
pg_ready || { echo "!! PostgreSQL ne répond pas sur $PG_HOST:$PG_PORT" >&2; exit 1; }
# The tests connect as postgres/postgres over TCP: make that work on a fresh
# install (peer or password authentication) as well as with trust.
if ! PGPASSWORD=postgres psql -h "$PG_HOST" -U postgres -d postgres -qtAc "select 1" >/dev/null 2>&1; then
    echo ">> Mot de passe du rôle postgres pour les tests"
    $SUDO -u postgres psql -qc "ALTER USER postgres PASSWORD 'postgres';" \
        || su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres';\""
fi

# The database named by the test settings (pytest creates test_cooperation
# next to it; `makemigrations --check` reads the real one).
if ! PGPASSWORD=postgres psql -h "$PG_HOST" -U postgres -d postgres -qtAc \
    "SELECT 1 FROM pg_database WHERE datname = 'cooperation'" | grep -q 1; then
    PGPASSWORD=postgres createdb -h "$PG_HOST" -U postgres cooperation
fi

# Redis --------------------------------------------------------------------
redis_ready() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }
if ! command -v redis-server >/dev/null 2>&1; then
    echo ">> Installation de Redis"
    apt_install redis-server
fi
if ! redis_ready; then
    echo ">> Démarrage de Redis"
    $SUDO mkdir -p /var/lib/redis /var/log/redis
    $SUDO redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" \
        --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
    for _ in $(seq 1 20); do redis_ready && break; sleep 0.5; done
fi
redis_ready || { echo "!! Redis ne répond pas sur le port $REDIS_PORT" >&2; exit 1; }

# Chromium for the browser tests ---------------------------------------------
if [ ! -x /usr/bin/chromium ]; then
    echo ">> Installation de Chromium (paquet Debian)"
    apt_install chromium
fi

# nginx and ngx_cache_purge for the deployment test ------------------------
# Only the binary and the module: the test runs its own nginx, with its own
# configuration, in the foreground. A Debian install starts the default site
# on port 80 where services may start; nothing here needs it.
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    echo ">> Installation de nginx (paquet Debian)"
    apt_install nginx
fi
if [ ! -f /usr/lib/nginx/modules/ngx_http_cache_purge_module.so ]; then
    echo ">> Installation du module de purge de nginx (ngx_cache_purge)"
    apt_install libnginx-mod-http-cache-purge
fi

echo ">> PostgreSQL, Redis, Chromium et nginx sont prêts."
