// The container files (issue 14, item 8) read as a container runtime would: base images cannot be
// pulled on the development machines, so the Dockerfile is checked here line by line and
// docker-compose.yml against the Compose Specification's JSON schema plus what a schema cannot say
// (health checks, start order, what is published, who calls whom where). The image's own commands
// run from the built output in test/build-output.int.test.ts.
import Ajv from 'ajv';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_PORTS, OPS_PORT_OFFSET } from '../lib/config';
import { coreSimulatorConfigFromEnv } from '../core-simulator/src/config';
import { gatewayOptionsFromEnv } from '../gateway/src/config';
import { accountsConfigFromEnv } from '../subgraphs/accounts/src/config';
import { loyaltyConfigFromEnv } from '../subgraphs/loyalty/src/config';
import { offersConfigFromEnv } from '../subgraphs/offers/src/config';
import { partnersConfigFromEnv } from '../subgraphs/partners/src/config';
import { engagementConfigFromEnv } from '../subgraphs/engagement/src/config';
import { ROOT, tempDir } from '../scripts/lib/processes';
import { probeHost, runningService } from '../scripts/serve';
import { envOf, execForm, healthcheckOf, lastOf, parseDockerfile, type Stage } from './support/dockerfile';

const dockerfile = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const runtime = dockerfile.stages.at(-1) as Stage;
const runs = (stage: Stage) => stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);

/** The processes the image runs, by the name its entry point takes (and compose's service name). */
const APP_SERVICES = ['core-simulator', 'accounts', 'loyalty', 'offers', 'partners', 'engagement', 'gateway'] as const;

describe('Dockerfile', () => {
  it('builds in one stage and runs in another that has only the production dependencies', () => {
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(2);
    const build = dockerfile.stages.find((s) => s.name && runs(s).some((r) => /\bnpm run build\b/.test(r)));
    expect(build).toBeDefined();
    expect(runs(build as Stage).some((r) => /\bnpm ci\b/.test(r) && !r.includes('--omit'))).toBe(true);
    expect(build).not.toBe(runtime);

    expect(runs(runtime).some((r) => /\bnpm ci\b[^&;]*--omit=dev/.test(r))).toBe(true);
    expect(runs(runtime).some((r) => /\bnpm (run|install)\b|\bnpm ci\b(?![^&;]*--omit=dev)/.test(r))).toBe(false);
    const copies = runtime.instructions.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    expect(copies).toContainEqual(expect.stringMatching(new RegExp(`^--from=${build?.name}\\s+\\S*dist\\s+\\S*dist/?$`)));
    // no sources in the image that runs: only the lockfile pair and the build
    expect(copies.filter((c) => !c.startsWith('--from=')).join(' ')).not.toMatch(/(^|\s)\.(\s|$)|\.ts\b/);
  });

  it('pins every base image to a full version, never a floating tag', () => {
    for (const stage of dockerfile.stages) {
      if (dockerfile.stages.some((s) => s.name === stage.from)) continue; // FROM an earlier stage
      const image = stage.from.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string, b: string) => dockerfile.globalArgs[a ?? b] ?? '');
      expect(image).toMatch(/^[\w./-]+:\d+\.\d+\.\d+[\w.-]*$/);
    }
  });

  it('runs as a user that is not root', () => {
    const user = lastOf(runtime, 'USER');
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    // USER comes before the instructions that start the process, so nothing after it runs as root
    const order = runtime.instructions.map((i) => i.keyword);
    expect(order.lastIndexOf('USER')).toBeLessThan(order.indexOf('ENTRYPOINT'));
  });

  it('starts any service by name with plain node from the build, and checks its health the same way', () => {
    const entry = execForm(lastOf(runtime, 'ENTRYPOINT') ?? 'null');
    expect(entry).toEqual(['node', 'dist/scripts/serve.js']);
    // no default service: `docker run corebridge` alone prints the names instead of guessing one
    expect(lastOf(runtime, 'CMD')).toBeUndefined();
    expect(healthcheckOf(runtime)?.command).toEqual([...entry, 'health']);
    expect(healthcheckOf(runtime)?.options).toMatchObject({ 'start-period': expect.any(String), timeout: expect.any(String) });
    expect(lastOf(runtime, 'STOPSIGNAL')).toBe('SIGTERM');
    expect(lastOf(runtime, 'WORKDIR')).toBe('/app');
    // the entry point is one of the build's entries, so it is in dist/ (scripts/build.mjs)
    expect(readFileSync(join(ROOT, 'scripts', 'build.mjs'), 'utf8')).toContain(`'scripts/serve.ts'`);
  });

  it("sets every process to listen on every interface, with its data and keys in the image's data folder", () => {
    const env: Record<string, string> = { ...envOf(runtime), JWKS_URL: 'https://idp.bank.example/jwks' };
    expect(env.NODE_ENV).toBe('production');
    expect(gatewayOptionsFromEnv(env).host).toBe('0.0.0.0');
    expect(gatewayOptionsFromEnv(env).opsHost).toBe('0.0.0.0');
    expect(accountsConfigFromEnv(env).host).toBe('0.0.0.0');
    expect(loyaltyConfigFromEnv(env).LOYALTY_HOST).toBe('0.0.0.0');
    expect(loyaltyConfigFromEnv(env).LOYALTY_FEED_HOST).toBe('0.0.0.0');
    expect(offersConfigFromEnv(env).OFFERS_HOST).toBe('0.0.0.0');
    expect(partnersConfigFromEnv(env).PARTNERS_HOST).toBe('0.0.0.0');
    expect(engagementConfigFromEnv(env).ENGAGEMENT_HOST).toBe('0.0.0.0');
    expect(coreSimulatorConfigFromEnv(env).CORE_HOST).toBe('0.0.0.0');
    expect(env.DATA_DIR).toBe('/app/data');
    expect(env.KEYS_DIR).toBe('/app/data/keys');
    // the folder exists in the image, owned by the runtime user, so a named volume mounted there is writable
    expect(runs(runtime).join('\n')).toMatch(new RegExp(`mkdir -p ${env.KEYS_DIR}[^\\n]*chown -R ${lastOf(runtime, 'USER')}\\S* ${env.DATA_DIR}`));
  });

  it('exposes the default ports of every process, and their operations ports', () => {
    const exposed = runtime.instructions.filter((i) => i.keyword === 'EXPOSE').flatMap((i) => i.args.split(/\s+/).map(Number));
    const { cardFeed, ...http } = DEFAULT_PORTS;
    expect(exposed.sort()).toEqual([...Object.values(DEFAULT_PORTS), ...Object.values(http).map((p) => p + OPS_PORT_OFFSET)].sort());
    expect(exposed).toContain(cardFeed);
  });

  it('leaves the checkout-only folders out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const dir of ['node_modules', 'dist', 'data', '.git'])
      expect(ignored).toContainEqual(expect.stringMatching(new RegExp(`^/?${dir.replace('.', '\\.')}/?$`)));
  });
});

// ---------------------------------------------------------------------------------------------

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number | boolean | null>;
  healthcheck?: { test?: string[] | string; disable?: boolean };
  depends_on?: Record<string, { condition: string }> | string[];
  ports?: Array<string | { target: number; published?: string | number; host_ip?: string }>;
  expose?: Array<string | number>;
  volumes?: Array<string | { source?: string; target: string }>;
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const composeText = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
// merge keys (`<<: *common`) as Compose reads them
const compose = parse(composeText, { merge: true }) as ComposeFile;
/** A service of the file, by name; a missing one fails the test naming it. */
function service(name: string): ComposeService {
  const svc = compose.services[name];
  if (!svc) throw new Error(`docker-compose.yml has no service ${name}`);
  return svc;
}
const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'vendor', 'compose-spec.json'), 'utf8')) as Record<string, unknown>;

function composeValidator() {
  // the schema names draft-07 by its https address, which ajv does not know by that name: the
  // draft's meta-schema is ajv's own default
  const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
  return ajv.compile({ ...schema, $schema: undefined });
}

/** Every port a service listens on inside the network, by service name. */
function listeningPorts(name: string, svc: ComposeService): number[] {
  const env = svc.environment ?? {};
  const num = (v: unknown, fallback: number) => (v === undefined || v === null || v === '' ? fallback : Number(v));
  switch (name) {
    case 'postgres':
      return [5432];
    case 'redis':
      return [6379];
    case 'core-simulator': {
      const port = num(env.CORE_PORT, DEFAULT_PORTS.core);
      return [port, num(env.CORE_OPS_PORT, port + OPS_PORT_OFFSET)];
    }
    case 'gateway': {
      const port = num(env.GATEWAY_PORT, DEFAULT_PORTS.gateway);
      return [port, num(env.GATEWAY_OPS_PORT, port + OPS_PORT_OFFSET)];
    }
    case 'loyalty': {
      const port = num(env.LOYALTY_PORT, DEFAULT_PORTS.loyalty);
      return [port, num(env.LOYALTY_OPS_PORT, port + OPS_PORT_OFFSET), num(env.LOYALTY_FEED_PORT, DEFAULT_PORTS.cardFeed)];
    }
    default: {
      const port = num(env[`${name.toUpperCase()}_PORT`], DEFAULT_PORTS[name as 'accounts']);
      return [port, num(env[`${name.toUpperCase()}_OPS_PORT`], port + OPS_PORT_OFFSET)];
    }
  }
}

const published = (svc: ComposeService) =>
  (svc.ports ?? []).map((p) => {
    if (typeof p !== 'string') return { hostIp: p.host_ip ?? '', target: p.target };
    const parts = p.replace(/\/(tcp|udp)$/, '').split(':');
    return { hostIp: parts.length === 3 ? parts[0] : '', target: Number(parts.at(-1)) };
  });

describe('docker-compose.yml', () => {
  it('is valid under the Compose Specification', () => {
    const validate = composeValidator();
    expect(validate(compose) ? [] : validate.errors).toEqual([]);
  });

  it('has a schema that catches what Compose would refuse (the validation is not vacuous)', () => {
    const validate = composeValidator();
    const withGateway = (change: Partial<ComposeService> | Record<string, unknown>) => ({
      ...compose,
      services: { ...compose.services, gateway: { ...service('gateway'), ...change } },
    });
    expect(validate(withGateway({ healthcheck: { test: ['CMD', 'true'] } }))).toBe(true);
    expect(validate(withGateway({ healthcheck: { test: ['CMD', 'true'], intervall: '5s' } }))).toBe(false);
    expect(validate(withGateway({ depends_on: { accounts: { condition: 'service_ready' } } }))).toBe(false);
    expect(validate(withGateway({ command: 42 }))).toBe(false);
  });

  it('runs PostgreSQL, Redis and every process of the image', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['postgres', 'redis', ...APP_SERVICES].sort());
    const images = new Set(APP_SERVICES.map((s) => service(s).image));
    expect(images.size).toBe(1);
    for (const s of ['postgres', 'redis']) expect(service(s).image).toMatch(/^[\w./-]+:\d+\.\d+(\.\d+)?[\w.-]*$/);
    for (const name of APP_SERVICES) {
      // one image, the service chosen by the entry point's argument
      expect([name, service(name).command]).toEqual([name, [name]]);
      expect([name, service(name).build]).toEqual([name, expect.anything()]);
    }
  });

  it('gives every service a health check; the image runs its own entry point for it', () => {
    for (const [name, svc] of Object.entries(compose.services)) {
      expect([name, svc.healthcheck?.disable ?? false]).toEqual([name, false]);
      expect([name, Array.isArray(svc.healthcheck?.test) && svc.healthcheck.test[0]]).toEqual([name, expect.stringMatching(/^CMD(-SHELL)?$/)]);
    }
    const entry = execForm(lastOf(runtime, 'ENTRYPOINT') ?? 'null');
    for (const name of APP_SERVICES) expect(service(name).healthcheck?.test).toEqual(['CMD', ...entry, 'health', name]);
  });

  it('starts each service after what it needs is healthy', () => {
    // the subgraphs call one another (accounts <-> loyalty): those calls wait for readiness at run
    // time, only the stores and the core come first
    const needs: Record<string, string[]> = {
      'core-simulator': [],
      accounts: ['core-simulator', 'postgres'],
      loyalty: ['core-simulator', 'postgres'],
      offers: ['core-simulator', 'postgres'],
      partners: ['core-simulator', 'postgres'],
      engagement: ['postgres'],
      gateway: ['accounts', 'loyalty', 'offers', 'partners', 'engagement', 'redis'],
    };
    for (const [name, svc] of Object.entries(compose.services)) {
      const deps = svc.depends_on ?? {};
      expect([name, Array.isArray(deps)]).toEqual([name, false]);
      for (const [dep, { condition }] of Object.entries(deps)) expect([name, dep, condition]).toEqual([name, dep, 'service_healthy']);
      if (name in needs) expect([name, Object.keys(deps)]).toEqual([name, expect.arrayContaining(needs[name] ?? [])]);
    }
  });

  it("publishes the gateway's public port only, and the card feed on the host's loopback only", () => {
    const gateway = service('gateway');
    const [publicPort, opsPort] = listeningPorts('gateway', gateway);
    for (const [name, svc] of Object.entries(compose.services)) {
      for (const p of published(svc)) {
        if (name === 'gateway') expect(p.target).toBe(publicPort);
        else if (name === 'loyalty') expect(p).toEqual({ hostIp: '127.0.0.1', target: listeningPorts('loyalty', svc)[2] });
        else throw new Error(`${name} publishes port ${p.target}`);
      }
    }
    expect(published(gateway).map((p) => p.target)).toEqual([publicPort]);
    expect(published(gateway).map((p) => p.target)).not.toContain(opsPort);
  });

  it('wires every address to a service of the file, on a port that service listens on', () => {
    let addresses = 0;
    for (const [name, svc] of Object.entries(compose.services)) {
      for (const [variable, value] of Object.entries(svc.environment ?? {})) {
        const m = /^(?:https?|postgres(?:ql)?|redis):\/\/(?:[^@/]*@)?([a-z0-9-]+):(\d+)/.exec(String(value));
        if (!m) continue;
        addresses++;
        const target = Object.hasOwn(compose.services, m[1] ?? '') ? compose.services[m[1] ?? ''] : undefined;
        expect([name, variable, m[1], Boolean(target)]).toEqual([name, variable, m[1], true]);
        expect([name, variable, listeningPorts(m[1] ?? '', target ?? {})]).toEqual([name, variable, expect.arrayContaining([Number(m[2])])]);
      }
    }
    const env = (s: string) => service(s).environment ?? {};
    for (const s of ['accounts', 'loyalty', 'offers', 'partners', 'engagement']) {
      expect(env('gateway')[`${s.toUpperCase()}_URL`]).toMatch(new RegExp(`^http://${s}:\\d+/graphql$`));
      expect([s, env(s).DATABASE_URL]).toEqual([s, expect.stringMatching(/^postgres:\/\/[^@]+@postgres:5432\//)]);
    }
    expect(env('gateway').REDIS_URL).toMatch(/^redis:\/\/redis:6379/);
    for (const s of ['accounts', 'loyalty', 'offers', 'partners']) expect(env(s).CORE_WSDL_URL).toMatch(/^http:\/\/core-simulator:\d+\/core\?wsdl$/);
    expect(addresses).toBeGreaterThan(15);
  });

  it("shares one keys volume, at the image's KEYS_DIR, between the gateway and the subgraphs", () => {
    const keysDir = envOf(runtime).KEYS_DIR;
    const mounts = (svc: ComposeService) =>
      (svc.volumes ?? []).map((v) => (typeof v === 'string' ? { source: v.split(':')[0], target: v.split(':')[1] } : { source: v.source, target: v.target }));
    const sources = new Set<string | undefined>();
    for (const name of ['gateway', 'accounts', 'loyalty', 'offers', 'partners', 'engagement']) {
      const keys = mounts(service(name)).find((m) => m.target === keysDir);
      expect([name, keys]).toEqual([name, expect.objectContaining({ target: keysDir })]);
      sources.add(keys?.source);
    }
    expect(sources.size).toBe(1);
    expect(Object.keys(compose.volumes ?? {})).toContain([...sources][0]);
    // the simulator stands for the bank's core: it holds no Corebridge key
    expect(mounts(service('core-simulator')).map((m) => m.target)).not.toContain(keysDir);
  });
});

it('vendors the schema with its source and licence', () => {
  for (const f of ['compose-spec.json', 'compose-spec.LICENSE', 'compose-spec.NOTICE', 'README.md'])
    expect([f, existsSync(join(ROOT, 'schema', 'vendor', f))]).toEqual([f, true]);
  expect(schema.title).toBe('Compose Specification');
});

describe("the image's health check without a service named (Dockerfile HEALTHCHECK)", () => {
  function fakeProc(processes: Record<string, string[]>): string {
    const dir = tempDir('corebridge-proc-');
    for (const [pid, argv] of Object.entries(processes)) {
      mkdirSync(join(dir, pid));
      writeFileSync(join(dir, pid, 'cmdline'), `${argv.join('\0')}\0`);
    }
    mkdirSync(join(dir, 'self'));
    return dir;
  }

  it("finds the container's service among its processes: the gateway's workers and the check itself do not confuse it", () => {
    const proc = fakeProc({
      '1': ['node', 'dist/scripts/serve.js', 'gateway'],
      '23': ['/usr/local/bin/node', '/app/dist/scripts/serve.js', 'gateway'],
      '40': ['node', 'dist/scripts/serve.js', 'health'],
      '41': ['sh', '-c', 'serve.js accounts'],
    });
    expect(runningService(proc)).toBe('gateway');
  });

  it('names none rather than guessing', () => {
    expect(() => runningService(fakeProc({ '40': ['node', 'dist/scripts/serve.js', 'health'] }))).toThrow('no service runs here');
    expect(() => runningService(fakeProc({ '1': ['node', 'dist/scripts/serve.js', 'accounts'], '2': ['node', 'dist/scripts/serve.js', 'loyalty'] }))).toThrow(
      'several services run here (accounts, loyalty)',
    );
  });

  it('probes a listener on every interface through loopback, and one on a named address there', () => {
    expect([undefined, '0.0.0.0', '::', '10.20.0.7', 'fd00::12'].map(probeHost)).toEqual(['127.0.0.1', '127.0.0.1', '[::1]', '10.20.0.7', '[fd00::12]']);
  });
});
