#!/usr/bin/env python3
"""Starts the real binaries exactly as the rendered dev overlay would run them in its pods.

For every Deployment of the rendered dev overlay (render.sh), each container (and init
container) running the stablecut image is started with its rendered command, args and env;
its ConfigMap, Secret, emptyDir and PVC mounts are laid out under a temporary root the way
kubelet writes them (Secret files root-owned, group fsGroup, defaultMode plus group read), and
every mount path in the command, args, env and config files is prefixed with that root. It
runs as the pod's runAsUser/runAsGroup with fsGroup as a supplementary group, in a network
namespace of its own whose /etc/hosts names the Services (the loopback forwarder sidecars are
not needed: all pods share that loopback, as each pod's forwarder makes the one sandbox
appear on its own). Then: each service answers SERVING on the port its probes name; the
verifier answers Verify over mTLS with the rendered certificates; the cut CronJob's command
runs when the stablecut CLI is built; each stops on SIGTERM with exit 0. Each production
overlay's Deployments (production, production-secrets-store, production-csi-spiffe) are then
started the same way (the Secrets they do not render, and what their CSI drivers would write,
made from the dev ones) to prove their configs load and serve health; there is no GitHub to
Verify against.

Usage: fidelity_test.py BUILD_DIR BUF
"""
import base64, json, os, re, shutil, signal, subprocess, sys, tempfile, time
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
BINARIES = {  # image path -> build tree path
    '/usr/local/bin/stablecut-candidate': 'services/candidate/stablecut-candidate',
    '/usr/local/bin/stablecut-verifier': 'services/verifier/stablecut-verifier',
    '/usr/local/bin/stablecut-publisher': 'services/publisher/stablecut-publisher',
    '/usr/local/bin/stablecut-sandbox': 'tools/sandbox/stablecut-sandbox',
    '/usr/local/bin/stablecut': 'tools/cli/stablecut',
}
HEALTH_PROTO = '/usr/share/grpc-proto/grpc/health/v1/health.proto'


def fail(message):
    print(f'FAIL: {message}', flush=True)
    sys.exit(1)


def stablecut_containers(spec):
    is_ours = lambda c: c['image'].split(':')[0].split('/')[-1] == 'stablecut'
    return ([c for c in spec.get('initContainers', []) if is_ours(c)],
            [c for c in spec['containers'] if is_ours(c)])


class Pod:
    def __init__(self, name, spec, objects, root, build):
        self.name, self.spec, self.root, self.build = name, spec, root, build
        pod_sc = spec.get('securityContext', {})
        self.uid, self.gid = pod_sc.get('runAsUser'), pod_sc.get('runAsGroup')
        self.fs_group = pod_sc.get('fsGroup')
        self.objects = objects
        self.mounts = {}  # mount path -> host path

    def path(self, p):
        return self.root + p

    def rewrite(self, text):
        if not self.mounts:
            return text
        # One pass: a rewritten path (under /tmp) is not rewritten again by a /tmp mount.
        mounts = sorted(self.mounts, key=len, reverse=True)
        pattern = r'(?<![\w/.])(' + '|'.join(map(re.escape, mounts)) + r')(?=/|"|$|\s)'
        return re.sub(pattern, lambda m: self.mounts[m.group(1)], text)

    def own(self, path, mode, owner=0):
        os.chmod(path, mode)
        if os.geteuid() == 0 and self.fs_group is not None:
            os.chown(path, owner, self.fs_group)

    def lay_out(self, container):
        volumes = {v['name']: v for v in self.spec.get('volumes', [])}
        for m in container.get('volumeMounts', []):
            self.mounts[m['mountPath']] = self.path(m['mountPath'])
        for m in container.get('volumeMounts', []):
            target = self.path(m['mountPath'])
            if os.path.isdir(target):
                continue  # shared with an earlier container of the pod
            os.makedirs(target)
            volume = volumes[m['volumeName'] if 'volumeName' in m else m['name']]
            if 'configMap' in volume:
                cm = self.objects[('ConfigMap', volume['configMap']['name'])]
                for key, value in cm.get('data', {}).items():
                    with open(os.path.join(target, key), 'w') as f:
                        f.write(self.rewrite(value))
                    self.own(os.path.join(target, key), volume['configMap'].get('defaultMode', 0o644) | 0o444)
                self.own(target, 0o755)
            elif 'secret' in volume or 'csi' in volume:
                if 'secret' in volume:
                    secret = self.objects.get(('Secret', volume['secret']['secretName'])) or \
                        stand_in_secret(volume['secret']['secretName'], self.objects)
                    mode = volume['secret'].get('defaultMode', 0o644)
                else:
                    secret = stand_in_csi(volume['csi'], self.spec, self.objects)
                    mode = 0o400
                if self.fs_group is not None:
                    mode |= 0o440  # kubelet: read-only volume files get group read for fsGroup
                for key, value in secret.get('data', {}).items():
                    with open(os.path.join(target, key), 'wb') as f:
                        f.write(base64.b64decode(value))
                    self.own(os.path.join(target, key), mode)
                self.own(target, 0o755)
            else:  # emptyDir, persistentVolumeClaim: writable by fsGroup (setgid)
                self.own(target, 0o2775)

    def command(self, container):
        argv = container.get('command', []) + container.get('args', [])
        if not argv:
            fail(f'{self.name}/{container["name"]}: no command (the image has no entrypoint)')
        binary = argv[0]
        if binary in BINARIES:
            built = os.path.join(self.build, BINARIES[binary])
            if not os.path.exists(built):
                return None
            argv = [built] + argv[1:]
        argv = [argv[0]] + [self.rewrite(a) for a in argv[1:]]
        env = {'PATH': '/usr/bin:/bin', 'HOME': self.path('/tmp')}
        for e in container.get('env', []):
            env[e['name']] = self.rewrite(e['value'])
        prefix = []
        if os.geteuid() == 0 and self.uid is not None:
            prefix = ['setpriv', f'--reuid={self.uid}', f'--regid={self.gid or self.uid}',
                      f'--groups={self.fs_group}' if self.fs_group is not None else '--clear-groups',
                      '--no-new-privs', '--']
        return prefix + argv, env


def stand_in_secret(name, objects):
    """A Secret the overlay does not render (production: cert-manager's and the tokens the
    operator creates), made from the dev secrets/ the way it would be filled."""
    secrets = objects[('dev-secrets', '')]
    b64 = lambda path: base64.b64encode(open(path, 'rb').read()).decode()
    if name.endswith('-tls'):
        who = name[:-len('-tls')]
        return {'data': {'ca.crt': b64(f'{secrets}/ca.crt'), 'tls.crt': b64(f'{secrets}/{who}.crt'),
                         'tls.key': b64(f'{secrets}/{who}.key')}}
    return {'data': {'token': base64.b64encode(b'stand-in-token-0123456789\n').decode()}}


def stand_in_csi(csi, spec, objects):
    """What a CSI driver would put in the volume, from the dev secrets/: the Secrets Store
    driver one token file (its class asks for 0400; fsGroupPolicy File adds group read), the
    SPIFFE driver the pod's key, certificate and CA (its fs-group attribute: group read)."""
    if csi['driver'] == 'secrets-store.csi.k8s.io':
        return stand_in_secret(csi['volumeAttributes']['secretProviderClass'], objects)
    if csi['driver'] == 'spiffe.csi.cert-manager.io':
        return stand_in_secret(f"{spec['serviceAccountName']}-tls", objects)
    fail(f"no stand-in for the CSI driver {csi['driver']}")


def grpc_health(buf, port):
    out = subprocess.run([buf, 'curl', '--protocol', 'grpc', '--http2-prior-knowledge',
                          '--schema', HEALTH_PROTO,
                          f'http://127.0.0.1:{port}/grpc.health.v1.Health/Check'],
                         capture_output=True, text=True, timeout=20)
    return 'SERVING' in out.stdout and 'NOT_SERVING' not in out.stdout


def wait_for(what, predicate, log, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    fail(f'{what} within {seconds}s; its log:\n' + (open(log).read() if log else ''))


def peak_rss_mib(pid):
    try:
        for line in open(f'/proc/{pid}/status'):
            if line.startswith('VmHWM:'):
                return int(line.split()[1]) // 1024
    except OSError:
        return None


def inside(build, buf, rendered, work):
    subprocess.run(['ip', 'link', 'set', 'lo', 'up'], check=True)
    docs = [d for d in yaml.safe_load_all(open(rendered)) if d]
    objects = {(d['kind'], d['metadata']['name']): d for d in docs}
    objects[('dev-secrets', '')] = os.path.join(os.path.dirname(rendered), 'kubernetes/overlays/dev/secrets')
    overlay = os.path.basename(rendered)[:-len('.yaml')]
    production = overlay.startswith('production')
    work = os.path.join(work, overlay)
    os.makedirs(work)
    ns = next(d['metadata']['name'] for d in docs if d['kind'] == 'Namespace')
    services = [d['metadata']['name'] for d in docs if d['kind'] == 'Service']
    hosts = os.path.join(work, 'hosts')
    with open(hosts, 'w') as f:
        f.write('127.0.0.1 localhost\n::1 localhost\n')
        for s in services:
            f.write(f'127.0.0.1 {s} {s}.{ns} {s}.{ns}.svc {s}.{ns}.svc.cluster.local\n')
    subprocess.run(['mount', '--bind', hosts, '/etc/hosts'], check=True)

    # The sandbox first: the others read GitHub from it at start-up or on their first call.
    order = sorted((d for d in docs if d['kind'] == 'Deployment'),
                   key=lambda d: d['metadata']['name'] != 'sandbox')
    running = []  # (pod name, container, process, log, probe port)
    for d in order:
        name = d['metadata']['name']
        spec = d['spec']['template']['spec']
        pod = Pod(name, spec, objects, os.path.join(work, 'pods', name), build)
        os.makedirs(pod.root)
        inits, mains = stablecut_containers(spec)
        for c in inits + mains:
            pod.lay_out(c)
        for c in inits:
            argv, env = pod.command(c)
            r = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=30)
            if r.returncode != 0:
                fail(f'{name} init container {c["name"]} exited {r.returncode}: {r.stderr}')
            print(f'ok   {name}: init container {c["name"]} ran')
        for c in mains:
            argv, env = pod.command(c)
            log = os.path.join(work, f'{name}-{c["name"]}.log')
            proc = subprocess.Popen(argv, env=env, stdout=open(log, 'w'), stderr=subprocess.STDOUT,
                                    cwd=pod.path('/tmp') if os.path.isdir(pod.path('/tmp')) else '/')
            probe = (c.get('readinessProbe') or {}).get('grpc', {}).get('port')
            running.append((name, c, proc, log, probe, pod))
            if name == 'sandbox':
                wait_for('the sandbox listening', lambda: 'listening' in open(log).read(), log)
    for name, c, proc, log, probe, pod in running:
        if probe is None:
            continue
        liveness = (c.get('livenessProbe') or {}).get('grpc', {}).get('port')
        if liveness != probe:
            fail(f'{name}: liveness probe on {liveness}, readiness on {probe}')
        wait_for(f'{name} answering SERVING on its probed port {probe}',
                 lambda: proc.poll() is None and grpc_health(buf, probe), log)
        print(f'ok   {name}: SERVING on the probed health port {probe}')

    if production:
        # No GitHub here: the production configs are proven to load and serve health, no more.
        stop(running)
        return

    # Verify over mTLS: the operator's certificate from the same CA as the dev Secrets.
    secrets = os.path.join(os.path.dirname(rendered), 'kubernetes/overlays/dev/secrets')
    verifier = next(r for r in running if r[0] == 'verifier')
    ca = verifier[5].path('/etc/stablecut/tls/ca.crt')
    port = next(p['containerPort'] for p in verifier[1]['ports'] if p['name'] == 'grpc')
    releases = json.loads(subprocess.run(
        ['curl', '-sf', '-A', 'fidelity-test', 'http://127.0.0.1:18457/github/repos/stablecut-demo/widgets/releases'],
        capture_output=True, text=True, check=True).stdout)
    tag = next(r['tag_name'] for r in releases if r['tag_name'].startswith('candidate-'))
    out = subprocess.run([buf, 'curl', '--protocol', 'grpc', '--cacert', ca,
                          '--cert', f'{secrets}/operator.crt', '--key', f'{secrets}/operator.key',
                          '--data', json.dumps({'tag': tag}),
                          f'https://verifier.{ns}.svc:{port}/stablecut.v1.VerifierService/Verify'],
                         capture_output=True, text=True, timeout=60)
    if out.returncode != 0 or '"checks"' not in out.stdout:
        fail(f'Verify {tag} over mTLS: exit {out.returncode}\n{out.stdout}\n{out.stderr}\n' + open(verifier[3]).read())
    print(f'ok   verifier: Verify {tag} over mTLS answered a verdict of {out.stdout.count(chr(34) + "name" + chr(34))} checks')

    # The CronJob's command, as its pod would run it.
    for d in (x for x in docs if x['kind'] == 'CronJob'):
        spec = d['spec']['jobTemplate']['spec']['template']['spec']
        pod = Pod(d['metadata']['name'], spec, objects, os.path.join(work, 'pods', 'cron-' + d['metadata']['name']), build)
        os.makedirs(pod.root)
        for c in stablecut_containers(spec)[1]:
            pod.lay_out(c)
            command = pod.command(c)
            if command is None:
                print(f'skip CronJob/{d["metadata"]["name"]}: {c["command"][0]} is not built in this tree '
                      '(the stablecut CLI, tools/cli, is another branch); its command is not run')
                continue
            r = subprocess.run(command[0], env=command[1], capture_output=True, text=True, timeout=120)
            if r.returncode != 0:
                fail(f'CronJob/{d["metadata"]["name"]}: exit {r.returncode}\n{r.stdout}\n{r.stderr}')
            print(f'ok   CronJob/{d["metadata"]["name"]}: {" ".join(c["command"])} exit 0')

    stop(running)


def stop(running):
    for name, c, proc, log, probe, pod in running:
        rss = peak_rss_mib(proc.pid)
        limit = c.get('resources', {}).get('limits', {}).get('memory')
        print(f'     {name}: peak RSS {rss} MiB (limit {limit})')
    for name, c, proc, log, probe, pod in reversed(running):
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            fail(f'{name} did not exit within 20s of SIGTERM')
        if code != 0:
            fail(f'{name} exited {code} on SIGTERM:\n' + open(log).read())
    print(f'ok   every process exited 0 on SIGTERM')


def main():
    build, buf = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    if len(sys.argv) > 4 and sys.argv[3] == '--inside':
        inside(build, buf, *sys.argv[4:6])
        return
    for b in ['services/candidate/stablecut-candidate', 'services/verifier/stablecut-verifier',
              'services/publisher/stablecut-publisher', 'tools/sandbox/stablecut-sandbox']:
        if not os.access(os.path.join(build, b), os.X_OK):
            fail(f'{b} is not built in {build}')
    work = tempfile.mkdtemp(prefix='stablecut-fidelity-')
    os.chmod(work, 0o755)  # the pods' user must reach its files
    try:
        subprocess.run([os.path.join(HERE, 'render.sh'), work], check=True)
        # Its own network (fixed ports, no clash with anything else here) and mount namespace
        # (its /etc/hosts); as root, or as a user mapped to root in a user namespace.
        unshare = ['unshare', '--net', '--mount', '--propagation', 'private']
        if os.geteuid() != 0:
            unshare.insert(1, '--map-root-user')
        for overlay in ['dev', 'production', 'production-secrets-store', 'production-csi-spiffe']:
            print(f'fidelity: {overlay} overlay', flush=True)
            r = subprocess.run(unshare + [sys.executable, os.path.abspath(__file__), build, buf,
                                          '--inside', os.path.join(work, f'{overlay}.yaml'), work])
            if r.returncode != 0:
                sys.exit(r.returncode)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    main()
