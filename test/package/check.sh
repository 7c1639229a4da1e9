#!/usr/bin/env bash
# The package as a user gets it: `npm pack` the library (compiled: lib/ and .jsii), install the
# tarball into a new cdk8s app in a temporary folder (dependencies from the npm cache,
# --prefer-offline), synthesize a canary Rollout there with plain node, lint the output with the
# installed `cdk8s-progressive` bin (no finding), lint a broken copy and one with a misspelt field
# (the findings and exit 1), and check the package's metadata and contents (metadata.js).
# `npx projen package:check`.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$ROOT/test/package"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
start=$SECONDS
step() { echo "package:check [$((SECONDS - start))s] $*"; }
fail() { echo "package:check FAILED: $*" >&2; exit 1; }

[ -f "$ROOT/.jsii" ] && [ -f "$ROOT/lib/index.js" ] || fail "the library is not compiled (run npx projen compile)"
version() { node -p "require('$ROOT/node_modules/$1/package.json').version"; }

step "npm pack"
(cd "$ROOT" && npm pack --silent --pack-destination "$WORK" >/dev/null)
TARBALL="$(ls "$WORK"/cdk8s-progressive-*.tgz)"
step "$(basename "$TARBALL"): $(du -k "$TARBALL" | cut -f1) KB"

mkdir "$WORK/app"
cd "$WORK/app"
echo '{ "name": "package-check-app", "version": "0.0.0", "private": true }' > package.json
step "npm install (tarball, cdk8s $(version cdk8s), cdk8s-plus-27 $(version cdk8s-plus-27), constructs $(version constructs))"
npm install --prefer-offline --no-audit --no-fund --loglevel=error \
  "$TARBALL" "cdk8s@$(version cdk8s)" "cdk8s-plus-27@$(version cdk8s-plus-27)" "constructs@$(version constructs)" >/dev/null

node "$HERE/metadata.js" node_modules/cdk8s-progressive

step "synth (node app.js)"
cp "$HERE/app.js" app.js
node app.js dist
[ -f dist/web.k8s.yaml ] || fail "app.js wrote no dist/web.k8s.yaml"
grep -q '^kind: Rollout$' dist/web.k8s.yaml || fail "dist/web.k8s.yaml has no Rollout"

step "lint with the installed bin"
out="$(./node_modules/.bin/cdk8s-progressive lint dist/)" || fail "lint of the synthesized app failed: $out"
echo "$out"
[ "$out" = "no problems found: 5 objects in 1 file" ] || fail "unexpected lint output: $out"

# lint_copy <dir> <sed expression> <finding pattern> <what>: lints a copy of the output changed by the
# sed expression; the installed bin must exit 1 and print a finding that matches the pattern
lint_copy() {
  local dir="$1" expr="$2" pattern="$3" what="$4" out rc
  step "lint a copy with $what"
  mkdir "$dir"
  sed "$expr" dist/web.k8s.yaml > "$dir/web.k8s.yaml"
  cmp -s dist/web.k8s.yaml "$dir/web.k8s.yaml" && fail "the copy with $what equals the original ($expr changed nothing)"
  set +e
  out="$(./node_modules/.bin/cdk8s-progressive lint "$dir/")"
  rc=$?
  set -e
  echo "$out"
  [ "$rc" -eq 1 ] || fail "lint of the copy with $what exited $rc, expected 1"
  echo "$out" | grep -q "$pattern" || fail "lint did not report $what"
}
lint_copy broken 's/canaryService: web-canary/canaryService: web-canary-gone/' \
  'service "web-canary-gone" not found.*\[ref-service-exists\]' "the canary Service renamed away"
lint_copy misspelt 's/canaryService: web-canary/canarySevice: web-canary/' \
  'unknown field "spec.strategy.canary.canarySevice".*\[crd-unknown-field\]' "a misspelt field (CRD schema)"

step "passed"
