#!/usr/bin/env bash
# Regenerate, check and compile the translation catalogues in gongkai/locale/<lang>/LC_MESSAGES/.
#
#   scripts/i18n.sh           update the .po files from the code and templates, list every msgid that
#                             still needs a translation, compile the .mo files
#   scripts/i18n.sh --check   the same on a scratch copy of gongkai/ (for CI or a pre-commit hook):
#                             the repository is left untouched, nothing is compiled into it
#
# Exit status: 0 when every msgid is translated and the catalogues compile; 1 when a msgid is
# untranslated or fuzzy, or msgfmt finds an error (e.g. a placeholder such as %(n)d missing or
# changed in the translation); 2 on a usage or setup problem.
#
# The msgids are the Chinese strings themselves (zh-hans is LANGUAGE_CODE and has no catalogue).
# How it works:
#   1. makemessages -l <lang> --no-obsolete --no-location (no "#: file:line" lines, so parallel
#      branches adding strings rarely conflict in the .po): adds new msgids, keeps existing translations, drops
#      msgids that are no longer used. A new msgid close to an old one may be pre-filled from it and
#      marked "#, fuzzy": fuzzy entries are NOT used at run time, so check the text, then delete the
#      "#, fuzzy" line. The djangojs domain is included once a project .js file calls gettext().
#   2. Lists untranslated and fuzzy msgids with their file:line (msgattrib).
#   3. msgfmt --check-format -c, then compilemessages. The .mo files are git-ignored (./run compiles
#      them at install), so after editing a .po run this script to see the result in the browser.
#
# To translate: run the script, fill in the msgstr "" of each listed entry in
# gongkai/locale/en/LC_MESSAGES/django.po (keep placeholders like %(u)s exactly), run it again.
#
# Needs GNU gettext (apt-get install gettext). Environment: PYTHON (default .venv/bin/python),
# LOCALES (default "en"), GONGKAI_DATA_DIR (default: a scratch directory, so nothing lands in ./data).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

CHECK_ONLY=0
case "${1:-}" in
  --check) CHECK_ONLY=1 ;;
  "") ;;
  -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
LOCALES=${LOCALES:-en}
for tool in msgfmt msgmerge msgattrib xgettext; do
  command -v "$tool" >/dev/null || { echo "error: $tool not found; install GNU gettext (apt-get install gettext)" >&2; exit 2; }
done
[ -x "$PYTHON" ] || { echo "error: $PYTHON not found; run ./run install first, or set PYTHON" >&2; exit 2; }

SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
export GONGKAI_DATA_DIR=${GONGKAI_DATA_DIR:-$SCRATCH/data}

# makemessages writes next to the sources it finds, so it runs on a scratch copy of the package
# (only gongkai/ holds UI strings; .venv, node_modules, data/, tests/ are never scanned). Without
# --check the refreshed .po files are then copied back.
IGNORE=(--ignore=tests --ignore=gongkai/static/lib)
mkdir -p "$SCRATCH/tree"
tar -C "$ROOT" --exclude=__pycache__ --exclude=gongkai/static/lib --exclude='*.mo' -cf - gongkai | tar -C "$SCRATCH/tree" -xf -
cd "$SCRATCH/tree"
LOCALE_DIR=gongkai/locale

django() { "$PYTHON" -m django "$@" --settings=gongkai.settings; }

DOMAINS=(django)
if grep -rlqE '(^|[^A-Za-z_.])(n|p|np)?gettext\(|interpolate\(' --include='*.js' --exclude-dir=lib gongkai/ 2>/dev/null; then
  DOMAINS+=(djangojs)
fi

for domain in "${DOMAINS[@]}"; do
  for lang in $LOCALES; do
    echo "==> makemessages -d $domain -l $lang --no-obsolete"
    django makemessages -d "$domain" -l "$lang" --no-obsolete --no-location "${IGNORE[@]}" -v 0
  done
done

status=0
for lang in $LOCALES; do
  for domain in "${DOMAINS[@]}"; do
    po="$LOCALE_DIR/$lang/LC_MESSAGES/$domain.po"
    [ -f "$po" ] || continue
    # "N translated messages, M fuzzy translations, K untranslated messages." (parts omitted when 0)
    stats=$(LC_ALL=C msgfmt --statistics -o /dev/null "$po" 2>&1 | tail -n 1)
    fuzzy=$(grep -oE '[0-9]+ fuzzy' <<<"$stats" | grep -oE '[0-9]+' || echo 0)
    untranslated=$(grep -oE '[0-9]+ untranslated' <<<"$stats" | grep -oE '[0-9]+' || echo 0)
    if [ "$fuzzy" -gt 0 ] || [ "$untranslated" -gt 0 ]; then
      status=1
      echo "!! $po: $stats"
      echo "   Untranslated and fuzzy msgids (fuzzy ones are ignored until their '#, fuzzy' line is removed):"
      { msgattrib --untranslated --no-obsolete --no-wrap "$po"; msgattrib --only-fuzzy --no-obsolete --no-wrap "$po"; } |
        awk '/^#:/ {loc=$0} /^#, .*fuzzy/ {fz=" [fuzzy]"} /^msgid / && $0 != "msgid \"\"" {print "   " substr(loc, 4) fz "\n      " $0; fz=""}'
    else
      echo "ok $po: $stats"
    fi
    if ! msgfmt --check-format -c -o /dev/null "$po"; then
      status=1
      echo "!! $po: msgfmt --check-format -c reported the errors above"
    fi
  done
done

if [ "$CHECK_ONLY" = 1 ]; then
  echo "==> --check: $ROOT/$LOCALE_DIR left unchanged"
else
  for po in "$LOCALE_DIR"/*/LC_MESSAGES/*.po; do
    mkdir -p "$ROOT/$(dirname "$po")"
    if ! cmp -s "$po" "$ROOT/$po"; then
      cp "$po" "$ROOT/$po"
      echo "==> updated $po"
    fi
  done
  cd "$ROOT"
  echo "==> compilemessages"
  # Same command as ./run; the ignores keep it from compiling the catalogues of installed packages.
  django compilemessages --ignore=.venv --ignore=node_modules -v 0 || status=1
fi

if [ "$status" -ne 0 ]; then
  echo "i18n: FAILED - translate the msgids listed above in $LOCALE_DIR/<lang>/LC_MESSAGES/*.po, then re-run $0" >&2
else
  echo "i18n: all msgids translated; catalogues compile."
fi
exit "$status"
