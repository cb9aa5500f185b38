#!/bin/sh
# Every dashboard string has a German translation, and every plural an English form:
# lupdate over the sources (qml/, src/ui/) into copies of the .ts files finds nothing
# unfinished. A string added without running update_translations fails here too.
# usage: check-complete.sh LUPDATE SOURCE_DIR
set -eu
lupdate=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$src/translations/jobpulse_de.ts" "$src/translations/jobpulse_en.ts" "$tmp/"
sources=$(find "$src/qml" -name '*.qml'; ls "$src"/src/ui/*.cpp "$src"/src/ui/*.h "$src"/src/config/appconfig.cpp)
# shellcheck disable=SC2086
"$lupdate" -silent -no-obsolete -locations none $sources -ts "$tmp/jobpulse_de.ts"
# shellcheck disable=SC2086
"$lupdate" -silent -pluralonly -no-obsolete -locations none $sources -ts "$tmp/jobpulse_en.ts"
status=0
for ts in jobpulse_de.ts jobpulse_en.ts; do
    if grep -q 'type="unfinished"' "$tmp/$ts"; then
        echo "FAIL: $ts has untranslated strings (run the update_translations target):" >&2
        grep -B3 'type="unfinished"' "$tmp/$ts" | grep '<source>' >&2
        status=1
    fi
done
[ $status -ne 0 ] || echo "translations complete"
exit $status
