#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh: the database (pg_restore into
# DATABASE_URL, its tables replaced) and the media files (into MEDIA_ROOT).
# Stop the web and worker services first, and start them again after.
#
#   deploy/restore.sh --yes /var/backups/cooperation/2026-12-01T030000Z [env file]
#
# The database named by DATABASE_URL must exist (createdb on a new machine).
set -euo pipefail

if [ "${1:-}" != "--yes" ] || [ $# -lt 2 ]; then
    echo "usage : $0 --yes DOSSIER_DE_SAUVEGARDE [fichier d'environnement]" >&2
    echo "La base et les médias actuels sont remplacés : --yes le confirme." >&2
    exit 2
fi
backup=$2
if [ $# -ge 3 ]; then
    set -a
    # shellcheck disable=SC1090
    . "$3"
    set +a
fi
: "${DATABASE_URL:?DATABASE_URL manque (la base à restaurer)}"
[ -f "$backup/database.dump" ] || { echo "!! $backup/database.dump manque" >&2; exit 1; }

pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error \
    --dbname "$DATABASE_URL" "$backup/database.dump"
echo ">> Base restaurée depuis $backup/database.dump"

if [ -f "$backup/media.tar.gz" ]; then
    : "${MEDIA_ROOT:?MEDIA_ROOT manque (le dossier des médias)}"
    mkdir -p "$MEDIA_ROOT"
    tar --extract --gzip --file "$backup/media.tar.gz" --directory "$MEDIA_ROOT"
    echo ">> Médias restaurés dans $MEDIA_ROOT"
fi
