#!/bin/sh
# web-assets.sh -- prepares the web application's assets in OUTDIR for
# tools/embed.c to build into the binary; CMake runs it (web/assets.cmake).
#   1. npm ci when node_modules is missing or older than package-lock.json
#      (under a lock: several build directories may build at once);
#   2. compiles web/assets/app.scss with npm's sass into OUTDIR/app.css;
#   3. copies our scripts and icon, GOV.UK Frontend's and MoJ Frontend's
#      ES module bundles, and the MoJ icons the stylesheet refers to;
#   4. writes OUTDIR/manifest (NAME<tab>PATH a line) and OUTDIR/stamp.
# Nothing from npm runs in production: only these files, embedded.
set -eu

out=${1:?usage: web-assets.sh OUTDIR}
root=$(cd "$(dirname "$0")/.." && pwd)
nm=$root/node_modules

fail() {
    echo "web-assets: $*" >&2
    exit 1
}

command -v npm >/dev/null 2>&1 || fail "npm not found (Node.js and npm are needed to build the web assets)"
mkdir -p "$out/images"

(
    flock 9
    if [ ! -f "$nm/.package-lock.json" ] || [ "$root/package-lock.json" -nt "$nm/.package-lock.json" ]; then
        echo "web-assets: installing the front-end packages (npm ci)" >&2
        (cd "$root" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2) ||
            fail "npm ci failed"
    fi
) 9<"$root/package-lock.json"

govuk=$nm/govuk-frontend/dist/govuk
moj=$nm/@ministryofjustice/frontend/moj
[ -f "$govuk/govuk-frontend.min.js" ] || fail "govuk-frontend is not installed in $nm"
[ -f "$moj/moj-frontend.min.js" ] || fail "@ministryofjustice/frontend is not installed in $nm"

# The packages' own deprecation notices (MoJ Frontend calling GOV.UK
# Frontend's older mixins) are kept out of the build's output unless sass
# fails.
if ! "$nm/.bin/sass" --load-path="$root" --no-source-map --style=compressed --quiet-deps \
    --no-unicode "$root/web/assets/app.scss" "$out/app.css.tmp" 2>"$out/sass.log"; then
    cat "$out/sass.log" >&2
    fail "sass failed"
fi
mv "$out/app.css.tmp" "$out/app.css"
if grep -q "GDS Transport" "$out/app.css"; then
    fail "app.css still names the GDS Transport font"
fi

cp "$root/web/assets/app.js" "$root/web/assets/js-enabled.js" "$root/web/assets/favicon.svg" "$out/"
cp "$govuk/govuk-frontend.min.js" "$moj/moj-frontend.min.js" "$out/"
# The MoJ icons its components' styles use; none of the crown, crest or
# logotype images of either package.
rm -f "$out"/images/*
cp "$moj"/assets/images/icon-*.svg "$out/images/"

{
    for f in app.css app.js js-enabled.js favicon.svg govuk-frontend.min.js moj-frontend.min.js; do
        printf '%s\t%s\n' "$f" "$out/$f"
    done
    for f in "$out"/images/*; do
        printf 'images/%s\t%s\n' "$(basename "$f")" "$f"
    done
} >"$out/manifest.tmp"
mv "$out/manifest.tmp" "$out/manifest"
touch "$out/stamp"
