// Validates rendered Kubernetes manifests offline: every object against its kind's schema
// (npm kubernetes-models, @kubernetes-models/cert-manager, and our own JSON schema in
// schemas/ for the Secrets Store CSI driver's SecretProviderClass), then a strict pass
// refusing unknown fields, which the models' validate() lets through.
//
// Usage: node validate_manifests.js FILE.yaml...   (exit 1 naming each problem)
//        node validate_manifests.js --self-test    (a wrong type and a misspelled field fail)
//
// The strict pass: kubernetes-models ships its schemas as precompiled ajv validators (its
// _schemas/*.js), not as JSON, so "additionalProperties: false" cannot be switched on. The
// compiled code reads every property its schema declares (`void 0 === data.replicas`) and
// walks every map it declares (labels, ConfigMap data). So the object is validated through a
// Proxy that records each property read: a property nobody read is one the schema does not
// know, as kubeconform's -strict reports it.
'use strict';
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');

function modelModule(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (group === 'cert-manager.io' || group === 'acme.cert-manager.io') {
    return `@kubernetes-models/cert-manager/${group}/${version}/${kind}`;
  }
  return group ? `kubernetes-models/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`;
}

// A kind no npm models package covers has a JSON schema of our own in schemas/<group>/
// <version>/<Kind>.json (additionalProperties false throughout), compiled with ajv.
function localSchemaValidator(apiVersion, kind) {
  const file = path.join(__dirname, 'schemas', ...apiVersion.split('/'), `${kind}.json`);
  if (!apiVersion.includes('/') || !fs.existsSync(file)) return null;
  const Ajv = require('ajv');
  return new Ajv({ allErrors: true }).compile(JSON.parse(fs.readFileSync(file, 'utf8')));
}

// The compiled validator of a kind: the model file names its _schemas module.
function schemaValidator(apiVersion, kind) {
  const local = localSchemaValidator(apiVersion, kind);
  if (local) return local;
  const id = modelModule(apiVersion, kind);
  let file;
  try {
    file = require.resolve(id);
  } catch (e) {
    return null;
  }
  const source = fs.readFileSync(file, 'utf8');
  const match = source.match(/require\("([^"]*_schemas\/[A-Za-z0-9]+)(\.js)?"\)/);
  if (!match) return null;
  return require(path.resolve(path.dirname(file), match[1] + '.js')).validate;
}

function describe(errors) {
  return (errors || [])
    .map((e) => `${e.instancePath || '/'} ${e.keyword}: ${JSON.stringify(e.params)}`)
    .join('; ');
}

// Runs validate over a recording Proxy of doc; returns [ok, errors, unknown field paths].
function strictValidate(validate, doc) {
  const read = new Map();  // object -> Set of keys read
  const proxies = new WeakMap();
  function wrap(value) {
    if (value === null || typeof value !== 'object') return value;
    if (proxies.has(value)) return proxies.get(value);
    read.set(value, new Set());
    const proxy = new Proxy(value, {
      get(target, key) {
        if (typeof key === 'string') read.get(target).add(key);
        return wrap(target[key]);
      },
    });
    proxies.set(value, proxy);
    return proxy;
  }
  const ok = validate(wrap(doc));
  const unknown = [];
  (function walk(value, where) {
    if (value === null || typeof value !== 'object') return;
    const seen = read.get(value);
    for (const key of Object.keys(value)) {
      const here = Array.isArray(value) ? `${where}[${key}]` : `${where}.${key}`;
      if (!seen || (!Array.isArray(value) && !seen.has(key))) {
        if (!Array.isArray(value)) unknown.push(here);
        continue;
      }
      walk(value[key], here);
    }
  })(doc, '');
  return [ok, validate.errors, unknown];
}

function check(doc) {
  const where = `${doc.kind}/${doc.metadata && doc.metadata.name}`;
  const validate = schemaValidator(doc.apiVersion, doc.kind);
  if (!validate) return [`${where}: no schema for ${doc.apiVersion} ${doc.kind}`];
  const problems = [];
  if (!validate(JSON.parse(JSON.stringify(doc)))) {
    problems.push(`${where}: ${describe(validate.errors)}`);
    return problems;
  }
  const [ok, errors, unknown] = strictValidate(validate, JSON.parse(JSON.stringify(doc)));
  if (!ok) problems.push(`${where}: ${describe(errors)}`);
  for (const field of unknown) problems.push(`${where}: unknown field ${field}`);
  return problems;
}

function checkFiles(files) {
  let count = 0;
  const problems = [];
  for (const file of files) {
    for (const document of YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      const doc = document.toJS();
      if (doc === null) continue;
      count++;
      for (const p of check(doc)) problems.push(`${file}: ${p}`);
    }
  }
  return [count, problems];
}

function selfTest() {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'x', labels: { a: 'b' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { a: 'b' } },
      template: {
        metadata: { labels: { a: 'b' } },
        spec: { containers: [{ name: 'c', image: 'i', imagePullPolicy: 'IfNotPresent' }] },
      },
    },
  };
  const cases = [
    ['a valid Deployment passes', deployment, (p) => p.length === 0],
    ['replicas: "two" fails', { ...deployment, spec: { ...deployment.spec, replicas: 'two' } },
      (p) => p.some((m) => m.includes('/spec/replicas'))],
  ];
  const misspelled = JSON.parse(JSON.stringify(deployment));
  delete misspelled.spec.template.spec.containers[0].imagePullPolicy;
  misspelled.spec.template.spec.containers[0].imagePullPolice = 'IfNotPresent';
  cases.push(['imagePullPolice fails the strict pass', misspelled,
    (p) => p.some((m) => m.includes('unknown field .spec.template.spec.containers[0].imagePullPolice'))]);
  // The models alone let it through: the reason for the strict pass.
  const validate = schemaValidator('apps/v1', 'Deployment');
  cases.push(['(the models alone accept imagePullPolice)', misspelled, () => validate(misspelled)]);
  const certificate = {
    apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'c' },
    spec: { secretName: 's', issuerRef: { name: 'i', kind: 'ClusterIssuer' }, uri: ['x'] },
  };
  cases.push(['a cert-manager Certificate with "uri" (not "uris") fails', certificate,
    (p) => p.some((m) => m.includes('unknown field .spec.uri'))]);
  const providerClass = {
    apiVersion: 'secrets-store.csi.x-k8s.io/v1', kind: 'SecretProviderClass',
    metadata: { name: 'p' }, spec: { provider: 'vault', parameters: { roleName: 'r' } },
  };
  cases.push(['a valid SecretProviderClass passes', providerClass, (p) => p.length === 0]);
  cases.push(['a SecretProviderClass with "providers" fails',
    { ...providerClass, spec: { providers: 'vault', parameters: {} } },
    (p) => p.some((m) => m.includes('providers') || m.includes('additionalProperties'))]);
  cases.push(['a SecretProviderClass parameter that is not a string fails',
    { ...providerClass, spec: { provider: 'vault', parameters: { port: 8200 } } },
    (p) => p.some((m) => m.includes('/spec/parameters/port'))]);
  let failed = 0;
  for (const [name, doc, expect] of cases) {
    const problems = check(doc);
    const good = expect(problems);
    console.log(`${good ? 'ok  ' : 'FAIL'} ${name}${problems.length ? ': ' + problems.join('; ') : ''}`);
    if (!good) failed++;
  }
  return failed === 0;
}

if (process.argv[2] === '--self-test') {
  process.exit(selfTest() ? 0 : 1);
}
const [count, problems] = checkFiles(process.argv.slice(2));
for (const p of problems) console.error(p);
console.log(`validate_manifests: ${count} objects, ${problems.length} problems`);
process.exit(problems.length === 0 && count > 0 ? 0 : 1);
