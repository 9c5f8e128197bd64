#!/bin/sh
# Regenerates kubernetes-strict.schema.json, the JSON Schema that DaemonSetManifestTest checks
# deploy/kubernetes/daemonset.yaml against, from the Kubernetes models on the npm registry:
#
#   kubernetes-models@4.3.1 (Kubernetes v1.27.1 OpenAPI, as JSON Schema; MIT, tommy351/kubernetes-models-ts)
#   @kubernetes-models/apimachinery@1.2.2 (ObjectMeta, LabelSelector, Quantity, IntOrString, ...)
#
# Those packages register each definition with @kubernetes-models/validate; extract.cjs stands
# in for that package, collects what the kinds we use reach, and writes one file (see its header
# for what it changes). Needs npm and node. Usage: deploy/kubernetes/schema/generate.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent kubernetes-models@4.3.1 @kubernetes-models/apimachinery@1.2.2 >/dev/null
mkdir -p node_modules/kubernetes-models node_modules/@kubernetes-models/apimachinery \
  node_modules/@kubernetes-models/validate
tar -xzf kubernetes-models-4.3.1.tgz --strip-components=1 -C node_modules/kubernetes-models
tar -xzf kubernetes-models-apimachinery-1.2.2.tgz --strip-components=1 -C node_modules/@kubernetes-models/apimachinery
# The stand-in for @kubernetes-models/validate: register(id, schema) only records the schema.
printf '%s\n' '{"name":"@kubernetes-models/validate","version":"0.0.0","main":"index.js"}' \
  > node_modules/@kubernetes-models/validate/package.json
printf '%s\n' 'exports.register = (id, schema) => { (globalThis.k8sSchemas ??= {})[id] = schema; };' \
  > node_modules/@kubernetes-models/validate/index.js
cp "$here/extract.cjs" .
node extract.cjs > "$here/kubernetes-strict.schema.json"
echo "generate: $here/kubernetes-strict.schema.json" >&2
