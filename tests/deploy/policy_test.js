// Policy checks on rendered manifests (the production overlay): least privilege and the
// operational rules of issue 22. Usage: node policy_test.js RENDERED.yaml
// Each rule is also run against a copy broken on purpose, which it must catch.
'use strict';
const fs = require('fs');
const YAML = require('yaml');

function podSpecs(docs) {  // [workload name, pod spec]
  const out = [];
  for (const d of docs) {
    if (['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(d.kind)) {
      out.push([`${d.kind}/${d.metadata.name}`, d.spec.template.spec]);
    } else if (d.kind === 'CronJob') {
      out.push([`${d.kind}/${d.metadata.name}`, d.spec.jobTemplate.spec.template.spec]);
    } else if (d.kind === 'Pod') {
      out.push([`Pod/${d.metadata.name}`, d.spec]);
    }
  }
  return out;
}

function containers(spec) {
  return [...(spec.initContainers || []), ...(spec.containers || [])];
}

// Secrets a pod can read: volumes (plain, projected, and the Secrets Store CSI driver's,
// named by their SecretProviderClass) and env.
function secretsOf(spec) {
  const names = new Set();
  for (const v of spec.volumes || []) {
    if (v.secret) names.add(v.secret.secretName);
    if (v.csi && v.csi.driver === 'secrets-store.csi.k8s.io') {
      names.add((v.csi.volumeAttributes || {}).secretProviderClass);
    }
    for (const s of (v.projected && v.projected.sources) || []) if (s.secret) names.add(s.secret.name);
  }
  for (const c of containers(spec)) {
    for (const e of c.env || []) {
      if (e.valueFrom && e.valueFrom.secretKeyRef) names.add(e.valueFrom.secretKeyRef.name);
    }
    for (const e of c.envFrom || []) if (e.secretRef) names.add(e.secretRef.name);
  }
  return names;
}

function seconds(duration) {  // "30s", "2m", "1h30m"
  let total = 0;
  for (const [, n, unit] of duration.matchAll(/(\d+(?:\.\d+)?)(h|m|s)/g)) {
    total += Number(n) * { h: 3600, m: 60, s: 1 }[unit];
  }
  return total;
}

function configOf(docs, deployment) {
  const spec = deployment.spec.template.spec;
  const volume = (spec.volumes || []).find((v) => v.configMap);
  const map = volume && docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === volume.configMap.name);
  return map ? Object.values(map.data).join('\n') : '';
}

const rules = {
  'the PyPI token Secret is mounted in the publisher alone': (docs) => {
    const holders = podSpecs(docs).filter(([, s]) => secretsOf(s).has('publisher-pypi-token')).map(([n]) => n);
    return holders.length === 1 && holders[0] === 'Deployment/publisher' ? [] : [`held by: ${holders.join(', ') || 'nobody'}`];
  },
  'each token Secret is mounted in its one service alone': (docs) => {
    const owners = { 'candidate-github-token': 'Deployment/candidate', 'verifier-github-token': 'Deployment/verifier', 'publisher-pypi-token': 'Deployment/publisher' };
    const problems = [];
    for (const [secret, owner] of Object.entries(owners)) {
      const holders = podSpecs(docs).filter(([, s]) => secretsOf(s).has(secret)).map(([n]) => n);
      if (holders.join() !== owner) problems.push(`${secret} held by: ${holders.join(', ') || 'nobody'}`);
    }
    return problems;
  },
  'Secrets Store CSI volumes are read-only and copy no token into a Kubernetes Secret': (docs) => [
    ...podSpecs(docs).flatMap(([n, s]) => (s.volumes || [])
      .filter((v) => v.csi && v.csi.driver === 'secrets-store.csi.k8s.io' && v.csi.readOnly !== true)
      .map((v) => `${n} volume ${v.name} is not readOnly`)),
    ...docs.filter((d) => d.kind === 'SecretProviderClass' && (d.spec.secretObjects || []).length)
      .map((d) => `SecretProviderClass/${d.metadata.name} has secretObjects`)],
  'a pod with CSI SPIFFE certificates checks every peer by its SPIFFE ID': (docs) => {
    const problems = [];
    const spiffe = (spec) => (spec.volumes || []).some((v) => v.csi && v.csi.driver === 'spiffe.csi.cert-manager.io');
    for (const d of docs.filter((x) => x.kind === 'Deployment' && spiffe(x.spec.template.spec))) {
      const config = configOf(docs, d);
      const peers = (config.match(/^\s*address:/gm) || []).length;
      const checked = (config.match(/^\s*server_identity:\s*"spiffe:\/\//gm) || []).length;
      if (checked < peers) problems.push(`Deployment/${d.metadata.name}: ${peers} peers, ${checked} with server_identity`);
    }
    for (const c of docs.filter((x) => x.kind === 'CronJob' && spiffe(x.spec.jobTemplate.spec.template.spec))) {
      const env = c.spec.jobTemplate.spec.template.spec.containers.flatMap((x) => x.env || []);
      if (!env.some((e) => e.name === 'STABLECUT_CANDIDATE_IDENTITY' && /^spiffe:\/\//.test(e.value))) {
        problems.push(`CronJob/${c.metadata.name}: no STABLECUT_CANDIDATE_IDENTITY`);
      }
    }
    return problems;
  },
  'secret volumes are mode 0400': (docs) => podSpecs(docs).flatMap(([n, s]) => (s.volumes || [])
    .filter((v) => v.secret && v.secret.defaultMode !== 0o400).map((v) => `${n} volume ${v.name}`)),
  'every container is non-root, read-only root, no escalation, drops ALL, seccomp RuntimeDefault': (docs) => {
    const problems = [];
    for (const [n, s] of podSpecs(docs)) {
      const pod = s.securityContext || {};
      for (const c of containers(s)) {
        const sc = c.securityContext || {};
        const where = `${n} container ${c.name}`;
        if (!(sc.runAsNonRoot ?? pod.runAsNonRoot)) problems.push(`${where}: runAsNonRoot`);
        const uid = sc.runAsUser ?? pod.runAsUser;
        if (uid === undefined || uid === 0) problems.push(`${where}: a numeric non-zero runAsUser`);
        if (sc.readOnlyRootFilesystem !== true) problems.push(`${where}: readOnlyRootFilesystem`);
        if (sc.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation`);
        if (!((sc.capabilities && sc.capabilities.drop) || []).includes('ALL')) problems.push(`${where}: drop ALL`);
        if (((sc.capabilities && sc.capabilities.add) || []).length) problems.push(`${where}: adds capabilities`);
        const seccomp = (sc.seccompProfile || pod.seccompProfile || {}).type;
        if (seccomp !== 'RuntimeDefault') problems.push(`${where}: seccomp RuntimeDefault`);
      }
      if (s.hostNetwork || s.hostPID || s.hostIPC) problems.push(`${n}: host namespaces`);
    }
    return problems;
  },
  'no service account token is mounted': (docs) => [
    ...docs.filter((d) => d.kind === 'ServiceAccount' && d.automountServiceAccountToken !== false).map((d) => `ServiceAccount/${d.metadata.name}`),
    ...podSpecs(docs).filter(([, s]) => s.automountServiceAccountToken !== false).map(([n]) => n)],
  'every Deployment has gRPC liveness and readiness probes on its health port, and resources': (docs) => {
    const problems = [];
    for (const d of docs.filter((x) => x.kind === 'Deployment')) {
      const config = configOf(docs, d);
      const health = (config.match(/health_listen:\s*"[^"]*:(\d+)"/) || [])[1];
      for (const c of d.spec.template.spec.containers) {
        const where = `Deployment/${d.metadata.name} container ${c.name}`;
        for (const probe of ['livenessProbe', 'readinessProbe']) {
          if (!c[probe]) problems.push(`${where}: no ${probe}`);
          else if (c[probe].grpc && String(c[probe].grpc.port) !== health) problems.push(`${where}: ${probe} on ${c[probe].grpc.port}, health_listen ${health}`);
        }
        const r = c.resources || {};
        if (!(r.requests && r.requests.cpu && r.requests.memory && r.limits && r.limits.memory)) problems.push(`${where}: requests cpu+memory and a memory limit`);
      }
    }
    return problems;
  },
  'terminationGracePeriodSeconds exceeds server.shutdown_grace': (docs) => docs.filter((d) => d.kind === 'Deployment').flatMap((d) => {
    const grace = seconds((configOf(docs, d).match(/shutdown_grace:\s*"([^"]+)"/) || [, '30s'])[1]);
    const termination = d.spec.template.spec.terminationGracePeriodSeconds ?? 30;
    return termination > grace ? [] : [`Deployment/${d.metadata.name}: ${termination}s <= ${grace}s`];
  }),
  'a default-deny NetworkPolicy exists': (docs) => docs.some((d) => d.kind === 'NetworkPolicy' &&
    Object.keys(d.spec.podSelector || {}).length === 0 && ['Ingress', 'Egress'].every((t) => (d.spec.policyTypes || []).includes(t)) &&
    !(d.spec.ingress || []).length && !(d.spec.egress || []).length) ? [] : ['none'],
  'the publisher is reachable from the operators namespace alone': (docs) => {
    const p = docs.find((d) => d.kind === 'NetworkPolicy' && d.metadata.name === 'publisher');
    const from = p ? (p.spec.ingress || []).flatMap((i) => i.from || []) : [];
    return from.length && from.every((f) => f.namespaceSelector && !f.podSelector && f.namespaceSelector.matchLabels['kubernetes.io/metadata.name'] === 'stablecut-operators') ? [] : [JSON.stringify(from)];
  },
  'no Role or ClusterRole grants secrets': (docs) => docs.filter((d) => ['Role', 'ClusterRole'].includes(d.kind))
    .filter((d) => (d.rules || []).some((r) => (r.resources || []).some((x) => x === 'secrets' || x === '*'))).map((d) => `${d.kind}/${d.metadata.name}`),
  'the namespace enforces Pod Security restricted': (docs) => docs.some((d) => d.kind === 'Namespace' &&
    (d.metadata.labels || {})['pod-security.kubernetes.io/enforce'] === 'restricted') ? [] : ['not labelled'],
  'replicas: verifier >= 2, publisher 1 with Recreate': (docs) => {
    const get = (n) => docs.find((d) => d.kind === 'Deployment' && d.metadata.name === n);
    const problems = [];
    if (!(get('verifier').spec.replicas >= 2)) problems.push('verifier');
    const p = get('publisher');
    if (p.spec.replicas !== 1 || p.spec.strategy.type !== 'Recreate') problems.push('publisher');
    if (/^\s*cut_schedule:/m.test(configOf(docs, get('candidate')))) problems.push('candidate has a cut_schedule');
    return problems;
  },
  'the cut CronJob runs in UTC, never two at once': (docs) => {
    const c = docs.find((d) => d.kind === 'CronJob');
    return c && c.spec.timeZone === 'UTC' && c.spec.concurrencyPolicy === 'Forbid' ? [] : ['no'];
  },
};

// Breaks a copy of the manifests so that the named rule must fail.
const breakers = {
  'the PyPI token Secret is mounted in the publisher alone': (docs) => {
    const v = docs.find((d) => d.kind === 'Deployment' && d.metadata.name === 'verifier');
    v.spec.template.spec.volumes.push({ name: 'x', secret: { secretName: 'publisher-pypi-token', defaultMode: 0o400 } });
  },
  'Secrets Store CSI volumes are read-only and copy no token into a Kubernetes Secret': (docs) => {
    docs.push({ kind: 'SecretProviderClass', metadata: { name: 'p' },
      spec: { provider: 'vault', secretObjects: [{ secretName: 'copy', type: 'Opaque' }] } });
  },
  'a pod with CSI SPIFFE certificates checks every peer by its SPIFFE ID': (docs) => {
    const c = docs.find((d) => d.kind === 'CronJob');
    const spec = c.spec.jobTemplate.spec.template.spec;
    spec.volumes = [{ name: 'tls', csi: { driver: 'spiffe.csi.cert-manager.io', readOnly: true } }];
    for (const x of spec.containers) x.env = (x.env || []).filter((e) => e.name !== 'STABLECUT_CANDIDATE_IDENTITY');
  },
  'every container is non-root, read-only root, no escalation, drops ALL, seccomp RuntimeDefault': (docs) => {
    docs.find((d) => d.kind === 'Deployment').spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false;
  },
  'every Deployment has gRPC liveness and readiness probes on its health port, and resources': (docs) => {
    docs.find((d) => d.kind === 'Deployment').spec.template.spec.containers[0].livenessProbe.grpc.port = 50051;
  },
  'a default-deny NetworkPolicy exists': (docs) => {
    const i = docs.findIndex((d) => d.kind === 'NetworkPolicy' && d.metadata.name === 'default-deny');
    docs.splice(i, 1);
  },
  'no Role or ClusterRole grants secrets': (docs) => {
    docs.push({ kind: 'Role', metadata: { name: 'r' }, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }] });
  },
};

const docs = YAML.parseAllDocuments(fs.readFileSync(process.argv[2], 'utf8')).map((d) => d.toJS()).filter(Boolean);
let failed = 0;
for (const [name, rule] of Object.entries(rules)) {
  const problems = rule(docs);
  console.log(`${problems.length ? 'FAIL' : 'ok  '} ${name}${problems.length ? ': ' + problems.join('; ') : ''}`);
  if (problems.length) failed++;
  if (breakers[name]) {
    const broken = JSON.parse(JSON.stringify(docs));
    breakers[name](broken);
    const caught = rule(broken).length > 0;
    console.log(`${caught ? 'ok  ' : 'FAIL'}   (catches a copy broken on purpose)`);
    if (!caught) failed++;
  }
}
process.exit(failed ? 1 : 0);
