#!/usr/bin/env bash
# Re-vendor the front-end assets in src/eenplan/static/vendor/ from the npm
# registry. Bump a version below (or override it from the environment) and
# run:  scripts/update-vendor.sh
#
# For each package it runs `npm pack NAME@VERSION` in a temporary directory,
# copies only the needed file(s), the package's own licence file and writes a
# VENDORED.md with name, version, licence, origin, date and checksums.
set -euo pipefail

# --- pinned versions --------------------------------------------------------
UTRECHT_CSS_VERSION="${UTRECHT_CSS_VERSION:-9.0.4}"       # @utrecht/component-library-css
VOORBEELD_TOKENS_VERSION="${VOORBEELD_TOKENS_VERSION:-7.4.1}" # @nl-design-system-unstable/voorbeeld-design-tokens
HTMX_VERSION="${HTMX_VERSION:-2.0.11}"                    # htmx.org (stay on 2.x)
SPDX_LIST_VERSION="${SPDX_LIST_VERSION:-6.12.0}"          # spdx-license-list (licence-text fallback only)
VENDOR_DATE="${VENDOR_DATE:-$(date +%F)}"
# ----------------------------------------------------------------------------

case "$HTMX_VERSION" in
  2.*) ;;
  *) echo "HTMX_VERSION must be 2.x (got $HTMX_VERSION)" >&2; exit 1 ;;
esac

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/src/eenplan/static/vendor"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

command -v npm >/dev/null || { echo "npm is required" >&2; exit 1; }
command -v node >/dev/null || { echo "node is required" >&2; exit 1; }

# pack SPEC -> prints the directory holding the unpacked package/
pack() {
  local spec="$1" dir
  dir="$(mktemp -d "$TMP/pkg.XXXXXX")"
  (cd "$dir" && npm pack --silent --json "$spec" >pack.json)
  tar -xzf "$dir"/*.tgz -C "$dir"
  echo "$dir"
}

pkg_field() { # DIR FIELD
  node -e 'const p=require(process.argv[1]+"/package/package.json"); process.stdout.write(String(p[process.argv[2]] ?? ""))' "$1" "$2"
}

pack_field() { # DIR FIELD  (from `npm pack --json`)
  node -e 'const p=require(process.argv[1]+"/pack.json")[0]; process.stdout.write(String(p[process.argv[2]] ?? ""))' "$1" "$2"
}

# Copy the package's own licence file to DEST; if it ships none, take the
# official text for its SPDX id from the spdx-license-list package.
copy_license() { # DIR DEST_DIR
  local dir="$1" dest="$2" f spdx sdir
  for f in LICENSE LICENSE.md LICENSE.txt LICENCE LICENCE.md license license.md COPYING; do
    if [[ -f "$dir/package/$f" ]]; then
      cp "$dir/package/$f" "$dest/$f"
      echo "$f"
      return
    fi
  done
  spdx="$(pkg_field "$dir" license)"
  sdir="$(pack "spdx-license-list@$SPDX_LIST_VERSION")"
  [[ -f "$sdir/package/licenses/$spdx.json" ]] || { echo "no licence text for '$spdx'" >&2; exit 1; }
  node -e 'let t=require(process.argv[1]).licenseText; if(!t.endsWith("\n")) t+="\n"; process.stdout.write(t)' \
    "$sdir/package/licenses/$spdx.json" >"$dest/LICENSE"
  echo "LICENSE"
}

# vendor NAME VERSION SPDX NOTE SRC:DEST [SRC:DEST ...]
vendor() {
  local name="$1" version="$2" spdx="$3" note="$4"; shift 4
  local dir dest first_dest lic files="" pair src dst
  echo "==> $name@$version"
  dir="$(pack "$name@$version")"
  [[ "$(pkg_field "$dir" version)" == "$version" ]] || { echo "version mismatch for $name" >&2; exit 1; }

  first_dest="${1#*:}"
  dest="$VENDOR/$(dirname "$first_dest")"
  rm -rf "$dest"
  mkdir -p "$dest"
  for pair in "$@"; do
    src="${pair%%:*}"; dst="${pair#*:}"
    cp "$dir/package/$src" "$VENDOR/$dst"
    files+="| \`$(basename "$dst")\` | \`package/$src\` | $(wc -c <"$VENDOR/$dst") | \`$(sha256sum "$VENDOR/$dst" | cut -d' ' -f1)\` |"$'\n'
  done
  lic="$(copy_license "$dir" "$dest")"

  {
    echo "# Vendored: $name"
    echo
    echo "| | |"
    echo "| --- | --- |"
    echo "| Package | \`$name\` |"
    echo "| Version | $version |"
    echo "| Licence (SPDX) | $spdx |"
    echo "| package.json \`license\` | \`$(pkg_field "$dir" license)\` |"
    echo "| Licence file | [\`$lic\`]($lic) (copied from the package tarball) |"
    echo "| Origin | npm registry, \`npm pack $name@$version\` |"
    echo "| Tarball integrity | \`$(pack_field "$dir" integrity)\` |"
    echo "| Date vendored | $VENDOR_DATE |"
    echo
    echo "## Files"
    echo
    echo "| File | From tarball | Bytes | SHA-256 |"
    echo "| --- | --- | --- | --- |"
    printf '%s' "$files"
    echo
    if [[ -n "$note" ]]; then
      echo "## Note"
      echo
      echo "$note"
      echo
    fi
    echo "Files are unmodified. To update, change the pinned version in"
    echo "\`scripts/update-vendor.sh\` and run it."
  } >"$dest/VENDORED.md"
}

vendor "@utrecht/component-library-css" "$UTRECHT_CSS_VERSION" "EUPL-1.2" "" \
  "dist/index.css:utrecht/component-library-css/index.css"

# The NL Design System example theme (EUPL-1.2). The Utrecht theme (@utrecht/design-tokens) is
# proprietary to Gemeente Utrecht and must not be redistributed; a gemeente brings its own theme.
vendor "@nl-design-system-unstable/voorbeeld-design-tokens" "$VOORBEELD_TOKENS_VERSION" "EUPL-1.2" "" \
  "dist/theme.css:nl-design-system/voorbeeld-design-tokens/theme.css"

vendor "htmx.org" "$HTMX_VERSION" "0BSD" "" \
  "dist/htmx.min.js:htmx/htmx.min.js"

echo "Done. Vendored into $VENDOR"
