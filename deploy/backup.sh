#!/usr/bin/env bash
# Back up the site: the PostgreSQL database (pg_dump, custom format) and the
# media files (a tar of MEDIA_ROOT), in one dated folder under BACKUP_DIR;
# the BACKUP_KEEP newest folders are kept. Restore with deploy/restore.sh.
#
# Reads the site's environment file (the one systemd gives the services):
#   deploy/backup.sh [/etc/cooperation/cooperation.env]
# or the variables already exported: DATABASE_URL, MEDIA_ROOT (unless the
# media are on S3: MEDIA_S3_BUCKET), BACKUP_DIR, BACKUP_KEEP.
set -euo pipefail

if [ $# -ge 1 ]; then
    set -a
    # shellcheck disable=SC1090
    . "$1"
    set +a
fi

: "${DATABASE_URL:?DATABASE_URL manque (la base à sauvegarder)}"
BACKUP_DIR=${BACKUP_DIR:-/var/backups/cooperation}
BACKUP_KEEP=${BACKUP_KEEP:-14}
case "$BACKUP_KEEP" in
    ''|*[!0-9]*|0) echo "!! BACKUP_KEEP doit être un nombre entier positif" >&2; exit 2 ;;
esac

stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
target="$BACKUP_DIR/$stamp"
partial="$BACKUP_DIR/.partial-$stamp"
mkdir -p "$partial"
chmod 700 "$partial"
trap 'rm -rf "$partial"' EXIT

# Custom format: compressed, restored table by table by pg_restore.
pg_dump --format=custom --no-owner --no-privileges --file "$partial/database.dump" \
    --dbname "$DATABASE_URL"

if [ -n "${MEDIA_S3_BUCKET:-}" ]; then
    echo ">> Médias sur S3 ($MEDIA_S3_BUCKET) : gardés par le stockage (versions du bucket), pas ici."
else
    : "${MEDIA_ROOT:?MEDIA_ROOT manque (le dossier des médias)}"
    tar --create --gzip --file "$partial/media.tar.gz" --directory "$MEDIA_ROOT" .
fi

mv "$partial" "$target"
trap - EXIT
echo ">> Sauvegarde : $target"

# Keep the newest BACKUP_KEEP folders (names sort by date).
find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -type d -name '20*' -printf '%f\n' \
    | sort -r | tail -n +"$((BACKUP_KEEP + 1))" \
    | while read -r old; do rm -rf "${BACKUP_DIR:?}/$old"; echo ">> Supprimée : $old"; done
