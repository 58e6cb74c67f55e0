#!/bin/sh
# The periodic tasks of config/deploy/systemd/egovuz-cron@.service (or of a crontab).
set -eu
CK="/opt/egovuz/.venv/bin/ckan -c ${CKAN_INI:-/etc/egovuz/ckan.ini}"
case "$1" in
  stats) exec $CK egovuz stats refresh ;;
  monitoring) exec $CK egovuz monitoring notify --days 7 ;;
  tracking) exec $CK tracking update ;;
  backup)
    dir="${EGOVUZ_BACKUP_DIR:-/var/backups/egovuz}/$(date +%Y-%m-%d)"
    $CK egovuz backup "$dir"
    # keep 14 daily backups
    ls -1d "${EGOVUZ_BACKUP_DIR:-/var/backups/egovuz}"/20* 2>/dev/null | head -n -14 | xargs -r rm -rf ;;
  *) echo "usage: $0 stats|monitoring|tracking|backup" >&2; exit 2 ;;
esac
