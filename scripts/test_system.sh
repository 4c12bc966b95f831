#!/usr/bin/env bash
# What the test suite needs from the system, installed with apt-get when run as root (quick and
# silent when everything is there); otherwise one line saying what to install.
#   chromium       browser tests (Playwright drives Debian's Chromium, no browser download)
#   redis-server   reliability, cache and compose tests start private Redis servers
#   postgresql     the compose check and the backup-restore test (pg_dump, pg_restore, a server)
#   wrk            the API bench
#   gettext        tests/i18n runs makemessages (xgettext, msgmerge); `make messages` compiles (msgfmt)
#   Pango, HarfBuzz and fonts for WeasyPrint
set -uo pipefail

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v redis-server >/dev/null || need+=(redis-server)
command -v pg_dump >/dev/null || need+=(postgresql-client)
[ -d /etc/postgresql ] || need+=(postgresql)
command -v wrk >/dev/null || need+=(wrk)
command -v xgettext >/dev/null && command -v msgfmt >/dev/null || need+=(gettext)
ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || need+=(libpango-1.0-0)
ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so' || need+=(libpangoft2-1.0-0)
ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset.so' || need+=(libharfbuzz-subset0)
command -v fc-list >/dev/null && [ -n "$(fc-list 2>/dev/null | head -1)" ] || need+=(fontconfig fonts-dejavu-core)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "riskassess: installing the system packages the tests use: ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
      || echo "riskassess: apt-get install ${need[*]} failed; the tests that need them will fail and say so" >&2
  else
    echo "riskassess: the tests need system packages; install them as root: apt-get install ${need[*]}" >&2
  fi
fi

# PostgreSQL installed but not running (a fresh machine): start its cluster when we may.
if command -v pg_isready >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  if [ "$(id -u)" = 0 ] && [ -d /etc/postgresql ] && command -v pg_ctlcluster >/dev/null; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start >/dev/null 2>&1 || true
  fi
  pg_isready -q -h 127.0.0.1 -p 5432 \
    || echo "riskassess: PostgreSQL is not answering on 127.0.0.1:5432 (trust auth for user postgres); start it: pg_ctlcluster <version> main start" >&2
fi
exit 0
