// The Kubernetes manifests (deploy/kubernetes), rendered as a cluster would get them (`kubectl
// kustomize` of each overlay), without a cluster: every object valid against the Kubernetes API's
// schemas (test/support/kubernetes-schema.mjs), and what a schema cannot say: each workload runs
// the image's entry point with a service it knows, its probes reach ports it declares, its
// environment is what its config loader reads and is enough to start in a cluster (no loopback
// default left), every address it calls is a Service the network policies let it reach, and the
// Secrets in the repository hold placeholders only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { coreSimulatorConfigFromEnv } from '../core-simulator/src/config';
import { loadGatewayConfig } from '../gateway/src/config';
import { coreClientConfigFromEnv } from '../legacy-adapters/soap/src';
import { ROOT } from '../scripts/lib/processes';
import { SERVICES, STORES } from '../scripts/serve';
import { accountsConfigFromEnv } from '../subgraphs/accounts/src/config';
import { loyaltyConfigFromEnv } from '../subgraphs/loyalty/src/config';
import { offersConfigFromEnv } from '../subgraphs/offers/src/config';
import { partnersConfigFromEnv } from '../subgraphs/partners/src/config';
import { engagementConfigFromEnv } from '../subgraphs/engagement/src/config';
import { envOf, execForm, lastOf, parseDockerfile, type Stage } from './support/dockerfile';
import { type Process, variablesReadBy } from './support/env-reads';
import {
  type Container,
  DEPLOY,
  type KubeObject,
  kubectlMissing,
  matches,
  type PodTemplate,
  type PolicyRule,
  type Port,
  type Probe,
  render,
  schemaProblems,
  type Selector,
  spec,
} from './support/kubernetes-objects';

const OVERLAYS = ['local', 'production'] as const;
/** the subgraphs that call the core through the SOAP adapter */
const CORE_CLIENTS = ['accounts', 'loyalty', 'offers', 'partners'] as const;
const SUBGRAPHS = [...CORE_CLIENTS, 'engagement'] as const;

const dockerfile = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const runtime = dockerfile.stages.at(-1) as Stage;
const IMAGE_ENV = envOf(runtime);

/** The placeholder Secrets (components/placeholder-secrets): the names and keys every overlay may use. */
const placeholderSecrets = parseAllDocuments(readFileSync(join(DEPLOY, 'components', 'placeholder-secrets', 'secrets.yaml'), 'utf8')).map(
  (d) => d.toJS() as KubeObject,
);

/** A Secret's values, whether written as stringData or base64 data. */
function secretValues(secret: KubeObject): Record<string, string> {
  const data = Object.entries((secret.data ?? {}) as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]);
  return { ...Object.fromEntries(data), ...((secret.stringData ?? {}) as Record<string, string>) };
}

/** The process a workload's container runs, as README's table names it. */
function processOf(args: string[]): Process {
  const [name] = args;
  return name === 'core-simulator' ? 'core simulator' : (name as Process);
}

/** The environment a container starts with: the image's, then its own, ConfigMaps and Secrets resolved. */
function environmentOf(container: Container, objects: KubeObject[]): { env: Record<string, string>; set: string[] } {
  const find = (kind: string, name: string) => [...objects, ...placeholderSecrets].find((o) => o.kind === kind && o.metadata.name === name);
  const valuesOf = (kind: string, name: string): Record<string, string> => {
    const o = find(kind, name);
    if (!o) throw new Error(`${container.name} reads ${kind} ${name}, which no manifest defines`);
    return kind === 'Secret' ? secretValues(o) : ((o.data ?? {}) as Record<string, string>);
  };
  const env: Record<string, string> = { ...IMAGE_ENV };
  const set: string[] = [];
  for (const from of container.envFrom ?? []) {
    const values = from.configMapRef ? valuesOf('ConfigMap', from.configMapRef.name) : valuesOf('Secret', from.secretRef?.name ?? '');
    Object.assign(env, values);
    set.push(...Object.keys(values));
  }
  for (const v of container.env ?? []) {
    const ref = v.valueFrom?.secretKeyRef ?? v.valueFrom?.configMapKeyRef;
    const value = ref ? valuesOf(v.valueFrom?.secretKeyRef ? 'Secret' : 'ConfigMap', ref.name)[ref.key] : v.value;
    if (value === undefined) throw new Error(`${container.name}: ${v.name} names a key that is not there`);
    env[v.name] = value;
    set.push(v.name);
  }
  return { env, set };
}

/** Each process's loaders, as it runs them at start. */
const LOAD: Record<Process, (env: NodeJS.ProcessEnv) => unknown[]> = {
  gateway: (env) => [loadGatewayConfig(env)],
  accounts: (env) => [accountsConfigFromEnv(env)],
  loyalty: (env) => [loyaltyConfigFromEnv(env), coreClientConfigFromEnv(env)],
  offers: (env) => [offersConfigFromEnv(env), coreClientConfigFromEnv(env)],
  partners: (env) => [partnersConfigFromEnv(env), coreClientConfigFromEnv(env)],
  engagement: (env) => [engagementConfigFromEnv(env)],
  'core simulator': (env) => [coreSimulatorConfigFromEnv(env)],
  // not in these manifests: a bank serves the apps' built files from its own web tier or CDN
  'app server': () => [],
};

/** Paths of the plain-data leaves of a loaded configuration that name this host: a default that only works on one machine. */
function loopbackSettings(value: unknown, path = '', seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') return /\b(127\.0\.0\.1|localhost|\[::1\])\b/.test(value) ? [`${path}=${value}`] : [];
  if (!value || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  const proto = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return []; // loggers, keys, ...
  return Object.entries(value).flatMap(([k, v]) => loopbackSettings(v, path ? `${path}.${k}` : k, seen));
}

const missing = kubectlMissing();
// jest lists skipped suites by name only in verbose mode: say why where every run shows it
if (missing) console.warn(`test/kubernetes-manifests.test.ts skipped: ${missing}`);
(missing ? describe.skip : describe).each(OVERLAYS)(`Kubernetes manifests, overlay %s${missing ? ` (skipped: ${missing})` : ''}`, (overlay) => {
  const objects = missing ? [] : render(overlay);
  const ofKind = (kind: string) => objects.filter((o) => o.kind === kind);
  const deployments = ofKind('Deployment');
  const jobs = ofKind('Job');
  const workloads = [
    ...deployments.map((d) => ({ object: d, template: spec<{ template: PodTemplate }>(d).template })),
    ...jobs.map((j) => ({ object: j, template: spec<{ template: PodTemplate }>(j).template })),
  ];
  const containerOf = (d: KubeObject) => spec<{ template: PodTemplate }>(d).template.spec.containers[0] as Container;
  const deployment = (name: string) => {
    const d = deployments.find((o) => o.metadata.name === name);
    if (!d) throw new Error(`no Deployment ${name} in overlay ${overlay}`);
    return d;
  };

  it('renders only objects that are valid against the Kubernetes schemas', () => {
    expect(objects.length).toBeGreaterThan(20);
    expect(schemaProblems(objects)).toEqual([]);
  });

  it('runs a Deployment and a Service per service, and the card feed its own TCP Service', () => {
    const expected = ['gateway', ...SUBGRAPHS, ...(overlay === 'local' ? ['core-simulator'] : [])];
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual([...expected].sort());
    const services = ofKind('Service');
    for (const name of expected) expect(services.map((s) => s.metadata.name)).toContain(name);
    const feed = services.find((s) => s.metadata.name === 'loyalty-card-feed');
    expect(spec<{ ports: { port: number; targetPort: string; protocol: string }[] }>(feed as KubeObject).ports).toEqual([
      expect.objectContaining({ port: 8583, targetPort: 'card-feed', protocol: 'TCP' }),
    ]);
    // the core simulator stands in for the bank's core on a local cluster only
    expect(overlay === 'production' ? services.map((s) => s.metadata.name) : []).not.toContain('core-simulator');
  });

  it("starts every workload with the image's entry point and a service (or migrate) it knows", () => {
    const entry = execForm(lastOf(runtime, 'ENTRYPOINT') ?? 'null');
    expect(entry).toEqual(['node', 'dist/scripts/serve.js']);
    const images = new Set(workloads.flatMap((w) => w.template.spec.containers.map((c) => c.image)));
    expect(images.size).toBe(1); // one image for everything, as the Dockerfile builds it
    expect([...images][0]).toMatch(overlay === 'production' ? /^registry\.[\w.-]+\/[\w./-]+:\d+\.\d+\.\d+$/ : /^corebridge:local$/);
    for (const d of deployments) {
      const c = containerOf(d);
      expect(c.command).toBeUndefined(); // the ENTRYPOINT stays
      expect(c.args).toEqual([d.metadata.name]);
      expect(Object.keys(SERVICES)).toContain(d.metadata.name);
    }
    // the migration Job migrates every store, before the rollout
    expect(jobs).toHaveLength(1);
    const job = (jobs[0] as KubeObject).metadata;
    expect(job.labels?.['app.kubernetes.io/component']).toBe('migration');
    expect(containerOf(jobs[0] as KubeObject).args).toEqual(['migrate', ...Object.keys(STORES)]);
  });

  it('probes ports the container declares: liveness /health, readiness /ready (the gateway on its operations port)', () => {
    for (const d of deployments) {
      const c = containerOf(d);
      const declared = new Map<string | number, Port>(
        (c.ports ?? []).flatMap((p): [string | number, Port][] => [[p.containerPort, p], ...(p.name ? [[p.name, p] as [string, Port]] : [])]),
      );
      const port = (probe: Probe | undefined) => declared.get(probe?.httpGet?.port ?? -1)?.containerPort;
      for (const probe of [c.startupProbe, c.livenessProbe, c.readinessProbe]) expect(port(probe)).toBeDefined();
      const { env } = environmentOf(c, objects);
      const name = d.metadata.name;
      const isCore = name === 'core-simulator';
      expect(c.livenessProbe?.httpGet?.path).toBe('/health');
      expect(c.readinessProbe?.httpGet?.path).toBe(isCore ? '/health' : '/ready');
      // where the process listens by its own settings, and where `serve.js health` asks (scripts/serve.ts)
      const [cfg] = LOAD[processOf([name])](env) as Record<string, unknown>[];
      const opts = name === 'gateway' ? (cfg as { gateway: { port: number; opsPort: number } }).gateway : undefined;
      const listens = opts ? opts.port : Number(cfg?.[`${isCore ? 'CORE' : name.toUpperCase()}_PORT`] ?? (cfg as { port?: number }).port);
      const ops = opts ? opts.opsPort : listens + 1000;
      expect(declared.get('http')?.containerPort).toBe(listens);
      expect(declared.get('ops')?.containerPort).toBe(ops);
      expect(port(c.readinessProbe)).toBe(name === 'gateway' ? ops : listens);
      // Prometheus scrapes the operations port
      expect(spec<{ template: PodTemplate }>(d).template.metadata.annotations).toMatchObject({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(ops),
      });
    }
    const feed = containerOf(deployment('loyalty')).ports?.find((p) => p.name === 'card-feed');
    expect(feed?.containerPort).toBe(loyaltyConfigFromEnv(environmentOf(containerOf(deployment('loyalty')), objects).env).LOYALTY_FEED_PORT);
  });

  it('sets only variables the process reads, and all it needs to start in a cluster (no loopback default left)', () => {
    for (const { object, template } of workloads) {
      const c = template.spec.containers[0] as Container;
      const args = c.args ?? [];
      const processes: Process[] = args[0] === 'migrate' ? (args.slice(1) as Process[]) : [processOf(args)];
      const { env, set } = environmentOf(c, objects);
      // NODE_OPTIONS is read by node itself
      const read = new Set(['NODE_OPTIONS', ...processes.flatMap((p) => [...variablesReadBy(p)])]);
      expect({ workload: object.metadata.name, unread: set.filter((v) => !read.has(v)) }).toEqual({ workload: object.metadata.name, unread: [] });
      if (args[0] === 'migrate') continue;
      const process = processes[0] as Process;
      // the loaders accept it (a required setting missing or malformed throws, naming it)
      const loaded = LOAD[process](env);
      expect({ workload: object.metadata.name, loopback: loopbackSettings(loaded) }).toEqual({ workload: object.metadata.name, loopback: [] });
      // state every replica shares lives outside the pod
      if ((SUBGRAPHS as readonly string[]).includes(process)) expect(env.DATABASE_URL).toMatch(/^postgres(ql)?:\/\//);
      if (process === 'gateway') expect(env.REDIS_URL).toMatch(/^rediss?:\/\//);
    }
    // the Job migrates the database the services use
    const job = environmentOf(containerOf(jobs[0] as KubeObject), objects);
    expect(job.env.DATABASE_URL).toBe(environmentOf(containerOf(deployment('accounts')), objects).env.DATABASE_URL);
  });

  it('has every address a workload calls name a Service and port that the network policies let it reach', () => {
    const services = ofKind('Service');
    const policies = ofKind('NetworkPolicy');
    for (const d of deployments) {
      const { env } = environmentOf(containerOf(d), objects);
      const callerLabels = spec<{ template: PodTemplate }>(d).template.metadata.labels;
      for (const [variable, value] of Object.entries(env)) {
        const m = /^https?:\/\/([a-z0-9-]+):(\d+)(\/|\?|$)/.exec(value);
        if (!m) continue;
        const [, host = '', port] = m;
        const service = services.find((s) => s.metadata.name === host);
        if (!service) {
          // outside the cluster (the bank's core, its identity provider): a full host name
          expect({ variable, value }).toEqual({ variable, value: expect.stringMatching(/^https:\/\/[a-z0-9-]+(\.[a-z0-9-]+)+\//) });
          continue;
        }
        const svc = spec<{ selector: Record<string, string>; ports: { port: number; targetPort: string }[] }>(service);
        const svcPort = svc.ports.find((p) => p.port === Number(port));
        expect({ variable, port: svcPort?.port }).toEqual({ variable, port: Number(port) });
        const target = deployments.find((t) =>
          matches({ matchLabels: svc.selector }, spec<{ template: PodTemplate }>(t).template.metadata.labels),
        ) as KubeObject;
        const targetLabels = spec<{ template: PodTemplate }>(target).template.metadata.labels;
        const targetPort = containerOf(target).ports?.find((p) => p.name === svcPort?.targetPort)?.containerPort;
        const allowed = policies
          .filter((p) => matches(spec<{ podSelector: Selector }>(p).podSelector, targetLabels))
          .flatMap((p) => spec<{ ingress?: PolicyRule[] }>(p).ingress ?? [])
          .some(
            (rule) =>
              (rule.ports ?? []).some((p) => p.port === targetPort) &&
              (rule.from === undefined || rule.from.some((peer) => peer.podSelector && !peer.namespaceSelector && matches(peer.podSelector, callerLabels))),
          );
        expect({ from: d.metadata.name, variable, allowed }).toEqual({ from: d.metadata.name, variable, allowed: true });
      }
    }
  });

  it('lets the card feed in from the switch namespace only, the subgraphs from their callers only, and the core from the adapters only', () => {
    const policies = ofKind('NetworkPolicy');
    // everything not allowed is denied
    expect(
      policies.some((p) => JSON.stringify(spec<{ podSelector: unknown }>(p).podSelector) === '{}' && spec<{ ingress?: unknown }>(p).ingress === undefined),
    ).toBe(true);
    const rulesFor = (name: string) =>
      policies
        .filter((p) => matches(spec<{ podSelector: Selector }>(p).podSelector, { 'app.kubernetes.io/name': name }))
        .flatMap((p) => spec<{ ingress?: PolicyRule[] }>(p).ingress ?? []);
    const feedRules = rulesFor('loyalty').filter((r) => (r.ports ?? []).some((p) => p.port === 8583));
    expect(feedRules).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'card-switch' } } }], ports: [{ port: 8583, protocol: 'TCP' }] },
    ]);
    for (const name of SUBGRAPHS) for (const rule of rulesFor(name)) expect(rule.from).toBeDefined(); // no port open to all
    // the adapters are the processes that read CORE_WSDL_URL, and only they carry the core-client label
    const adapters = deployments.filter((d) => variablesReadBy(processOf([d.metadata.name])).has('CORE_WSDL_URL')).map((d) => d.metadata.name);
    const labelled = deployments
      .filter((d) => spec<{ template: PodTemplate }>(d).template.metadata.labels['corebridge.io/core-client'] === 'true')
      .map((d) => d.metadata.name);
    expect(labelled.sort()).toEqual([...CORE_CLIENTS].sort());
    expect(adapters.sort()).toEqual([...CORE_CLIENTS].sort());
    if (overlay === 'local') {
      expect(rulesFor('core-simulator').find((r) => r.ports?.[0]?.port === 8081)?.from).toEqual([
        { podSelector: { matchLabels: { 'corebridge.io/core-client': 'true' } } },
      ]);
    } else {
      // the core is outside: every pod but the adapters' may go anywhere except there
      const wsdl = (ofKind('ConfigMap').find((c) => c.metadata.name.startsWith('core-endpoint'))?.data as Record<string, string>).CORE_WSDL_URL;
      expect(new URL(wsdl ?? '').protocol).toBe('https:');
      const egress = policies.filter((p) => (spec<{ policyTypes?: string[] }>(p).policyTypes ?? []).includes('Egress'));
      expect(egress).toHaveLength(1);
      const egressSpec = spec<{ podSelector: Selector; egress: PolicyRule[] }>(egress[0] as KubeObject);
      for (const d of deployments) {
        const labels = spec<{ template: PodTemplate }>(d).template.metadata.labels;
        expect({ name: d.metadata.name, restricted: matches(egressSpec.podSelector, labels) }).toEqual({
          name: d.metadata.name,
          restricted: !adapters.includes(d.metadata.name),
        });
      }
      expect(egressSpec.egress.flatMap((r) => r.to ?? []).every((peer) => (peer.ipBlock?.except ?? []).length > 0)).toBe(true);
    }
  });

  it('scales the gateway and subgraphs by CPU, keeps one of each through disruptions, and sizes every container', () => {
    const targets = ofKind('HorizontalPodAutoscaler').map((h) => spec<{ scaleTargetRef: { kind: string; name: string } }>(h).scaleTargetRef);
    expect(targets.map((t) => t.name).sort()).toEqual(['gateway', ...SUBGRAPHS].sort());
    const budgets = ofKind('PodDisruptionBudget').map((p) => spec<{ selector: Selector }>(p).selector);
    for (const name of ['gateway', ...SUBGRAPHS]) {
      expect(budgets.filter((s) => matches(s, spec<{ template: PodTemplate }>(deployment(name)).template.metadata.labels))).toHaveLength(1);
    }
    for (const { object, template } of workloads) {
      expect(template.spec.securityContext?.runAsNonRoot).toBe(true);
      for (const c of template.spec.containers) {
        expect({ name: object.metadata.name, resources: c.resources }).toEqual({
          name: object.metadata.name,
          resources: { requests: { cpu: expect.any(String), memory: expect.any(String) }, limits: { cpu: expect.any(String), memory: expect.any(String) } },
        });
        expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      }
    }
    // V8 sizes its heap from the node's memory, not the container's: uncapped, it collects late and the kernel kills the pod
    for (const d of deployments) {
      const c = containerOf(d);
      const heapMiB = Number(/--max-old-space-size=(\d+)\b/.exec(environmentOf(c, objects).env.NODE_OPTIONS ?? '')?.[1]);
      const limitMiB = Number(/^(\d+)Mi$/.exec(c.resources?.limits?.memory ?? '')?.[1]);
      expect({ name: d.metadata.name, heapAtMostHalfTheLimit: heapMiB * 2 <= limitMiB }).toEqual({ name: d.metadata.name, heapAtMostHalfTheLimit: true });
    }
  });

  it('gives the gateway the supergraph and every persisted manifest from ConfigMaps, where its settings point', () => {
    const gateway = deployment('gateway');
    const c = containerOf(gateway);
    const { env } = environmentOf(c, objects);
    const volumes = spec<{ template: PodTemplate }>(gateway).template.spec.volumes ?? [];
    /** the ConfigMap key mounted at `file`, and that ConfigMap */
    const mounted = (file: string) => {
      for (const m of c.volumeMounts ?? []) {
        if (!file.startsWith(`${m.mountPath}/`)) continue;
        const rel = file.slice(m.mountPath.length + 1);
        const source = volumes.find((v) => v.name === m.name)?.configMap;
        if (!source) continue;
        const key = source.items ? source.items.find((i) => i.path === rel)?.key : rel;
        const map = ofKind('ConfigMap').find((o) => o.metadata.name === source.name);
        const data = (map?.data ?? {}) as Record<string, string>;
        if (key && data[key] !== undefined) return data[key];
      }
      return undefined;
    };
    expect(mounted(env.SUPERGRAPH_PATH ?? '')).toBe(readFileSync(join(ROOT, 'schema', 'supergraph.graphql'), 'utf8'));
    const clientsFile = join(ROOT, 'schema', 'persisted', 'clients.json');
    expect(mounted(`${env.PERSISTED_DIR}/clients.json`)).toBe(readFileSync(clientsFile, 'utf8'));
    const clients = (JSON.parse(readFileSync(clientsFile, 'utf8')) as { clients: { manifests?: string[] }[] }).clients;
    const manifests = clients.flatMap((cl) => cl.manifests ?? []);
    expect(manifests.length).toBeGreaterThan(0);
    for (const manifest of manifests) {
      expect({ manifest, text: mounted(`${env.PERSISTED_DIR}/${manifest}`) }).toEqual({
        manifest,
        text: readFileSync(join(ROOT, 'schema', 'persisted', manifest), 'utf8'),
      });
    }
  });

  it('keeps no key material in the repository: Secrets are placeholders, and production carries none', () => {
    const secrets = ofKind('Secret');
    if (overlay === 'production') expect(secrets).toEqual([]);
    for (const secret of [...secrets, ...placeholderSecrets]) {
      for (const [key, value] of Object.entries(secretValues(secret))) {
        const placeholder = /CHANGE-ME/.test(value) || /^0+$/.test(value);
        const keyLike = /-----BEGIN|"(d|k|p|q)"\s*:\s*"[A-Za-z0-9_-]{20,}"|\b[0-9a-fA-F]{32,}\b|[A-Za-z0-9+/]{40,}={0,2}/.test(value.replace(/^0+$/, ''));
        expect({ secret: secret.metadata.name, key, placeholder, keyLike }).toEqual({ secret: secret.metadata.name, key, placeholder: true, keyLike: false });
      }
    }
    // every Secret a workload reads is one the placeholders show, with that key
    const known = new Map(placeholderSecrets.map((s) => [s.metadata.name, Object.keys(secretValues(s))]));
    for (const { template } of workloads) {
      for (const c of template.spec.containers) {
        for (const v of c.env ?? []) {
          const ref = v.valueFrom?.secretKeyRef;
          if (ref) expect(known.get(ref.name)).toContain(ref.key);
        }
      }
      for (const v of template.spec.volumes ?? []) {
        if (!v.secret) continue;
        for (const item of v.secret.items ?? [{ key: 'internal.key.json', path: '' }]) expect(known.get(v.secret.secretName)).toContain(item.key);
      }
    }
  });
});
