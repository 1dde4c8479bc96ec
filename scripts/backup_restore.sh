#!/usr/bin/env bash
# Backup with files of site $1, restore onto a new site $2, and compare their fingerprints (every HEZO
# table, HEZO's custom fields, File rows and bytes, the invariant checker's verdict). Exit 1 if different.
# Usage (bench dir): scripts/backup_restore.sh SOURCE.localhost COPY.localhost
set -euo pipefail
src=$1 dst=$2 bench_dir=${BENCH_DIR:-/opt/frappe-bench}
cd "$bench_dir"
start=$(date +%s)
# the source's fingerprint as backed up (nothing may write to it between these two lines)
a=$(bench --site "$src" execute hezo_service.services.common.fingerprint.site_fingerprint)
bench --site "$src" backup --with-files >/dev/null
dir=sites/$src/private/backups
db=$(ls -t "$dir"/*-database.sql.gz | head -1)
pub=$(ls -t "$dir"/*-files.tar | grep -v -- "-private-files.tar" | head -1)
priv=$(ls -t "$dir"/*-private-files.tar | head -1)
bench new-site "$dst" --admin-password admin --db-root-username root --mariadb-root-password root \
	--install-app erpnext --install-app hezo_service >/dev/null
bench --site "$dst" restore "$db" --with-public-files "$pub" --with-private-files "$priv" \
	--db-root-username root --mariadb-root-password root >/dev/null
b=$(bench --site "$dst" execute hezo_service.services.common.fingerprint.site_fingerprint)
echo "backup + restore: $(( $(date +%s) - start )) s"
echo "$a"
if [ "$a" != "$b" ]; then echo "restore differs:"; diff <(echo "$a") <(echo "$b") || true; exit 1; fi
echo "restore identical"
