// Which operations each client may run. schema/persisted/clients.json names the clients (by the
// token's client_name), the channels each may come through, a mode and its manifests:
//   off          anything valid runs (web and mobile: APQ still saves bandwidth)
//   log_unknown  anything runs; operations outside the manifests are logged (a rollout step)
//   enforce      only the manifests' operations run (kiosks, partner apps)
// A token whose client is unknown, or not registered for the token's channel, gets its channel's
// default client: a kiosk or partner token cannot escape its list by naming another client.
// A client may have a `productionMode`, its mode when the gateway runs with NODE_ENV=production:
// the web app is `enforce` there (only the operations its build extracted run) and `off` anywhere
// else (development, tests), so an operation being written runs through APQ before it is in the
// manifest.
// A client may also have its own request budget (`requestBudgetMs`, edge/request-budget.ts) instead
// of GATEWAY_REQUEST_BUDGET_MS; a token gets the budget of the client whose rules it gets.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { CHANNELS, type Caller } from '../../../../lib/internal-auth';
import { MAX_REQUEST_BUDGET_MS, MIN_REQUEST_BUDGET_MS } from '../request-budget';
import { OperationList, type PersistedOperation, readManifest, sha256 } from './manifest';

export const SAFELIST_MODES = ['off', 'log_unknown', 'enforce'] as const;
export type SafelistMode = (typeof SAFELIST_MODES)[number];

export const DEFAULT_PERSISTED_DIR = resolve(__dirname, '..', '..', '..', '..', 'schema', 'persisted');
export const CLIENTS_FILE = 'clients.json';

const clientShape = z.object({
  name: z.string().min(1),
  channels: z.array(z.enum(CHANNELS)).min(1),
  mode: z.enum(SAFELIST_MODES),
  /** the mode instead of `mode` when the gateway runs with NODE_ENV=production */
  productionMode: z.enum(SAFELIST_MODES).optional(),
  /** manifest files, relative to clients.json */
  manifests: z.array(z.string().min(1)).default([]),
  description: z.string().optional(),
  /** this client's time budget per request, instead of GATEWAY_REQUEST_BUDGET_MS */
  requestBudgetMs: z.number().int().min(MIN_REQUEST_BUDGET_MS).max(MAX_REQUEST_BUDGET_MS).optional(),
});

const fileShape = z.object({
  clients: z.array(clientShape),
  /** channel -> the client whose rules apply when a token names no registered client */
  channelDefaults: z.partialRecord(z.enum(CHANNELS), z.string()).default({}),
  /** for channels without a default */
  defaultMode: z.enum(SAFELIST_MODES).default('off'),
});

export interface ClientRules {
  name: string;
  mode: SafelistMode;
  operations: OperationList;
  /** the client's own budget per request; absent: the gateway's default */
  requestBudgetMs?: number;
}

export class ClientRegistry {
  private readonly clients = new Map<string, ClientRules & { channels: readonly string[] }>();
  private readonly channelDefaults = new Map<string, string>();
  private readonly fallback: ClientRules;
  /** every registered operation by id, for the APQ cache: a registered id is always found */
  readonly allOperations: OperationList;
  /** operation id (and sha256 of its text) -> the channels of the clients that register it */
  private readonly registeringChannels = new Map<string, Set<string>>();

  constructor(config: z.infer<typeof fileShape>, manifests: (file: string) => PersistedOperation[], opts: { production?: boolean } = {}) {
    const all: PersistedOperation[] = [];
    for (const c of config.clients) {
      if (this.clients.has(c.name)) throw new Error(`${CLIENTS_FILE}: client ${c.name} is listed twice`);
      const ops = c.manifests.flatMap((m) => manifests(m));
      all.push(...ops);
      for (const op of ops) {
        for (const id of [op.id, sha256(op.body)]) {
          const channels = this.registeringChannels.get(id) ?? new Set<string>();
          for (const ch of c.channels) channels.add(ch);
          this.registeringChannels.set(id, channels);
        }
      }
      this.clients.set(c.name, {
        name: c.name,
        mode: opts.production && c.productionMode ? c.productionMode : c.mode,
        channels: c.channels,
        operations: new OperationList(ops),
        ...(c.requestBudgetMs !== undefined ? { requestBudgetMs: c.requestBudgetMs } : {}),
      });
    }
    for (const [channel, name] of Object.entries(config.channelDefaults)) {
      const client = this.clients.get(name);
      if (!client) throw new Error(`${CLIENTS_FILE}: channelDefaults.${channel} names unknown client ${name}`);
      if (!client.channels.includes(channel)) throw new Error(`${CLIENTS_FILE}: channelDefaults.${channel}: client ${name} is not registered for ${channel}`);
      this.channelDefaults.set(channel, name);
    }
    this.fallback = { name: '(unregistered)', mode: config.defaultMode, operations: new OperationList([]) };
    this.allOperations = new OperationList(all);
  }

  /** `production`: the gateway runs with NODE_ENV=production (each client's productionMode applies). */
  static fromDir(dir = DEFAULT_PERSISTED_DIR, opts: { production?: boolean } = {}): ClientRegistry {
    const file = resolve(dir, CLIENTS_FILE);
    if (!existsSync(file)) return new ClientRegistry({ clients: [], channelDefaults: {}, defaultMode: 'off' }, () => []);
    const parsed = fileShape.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return new ClientRegistry(parsed.data, (m) => readManifest(resolve(dirname(file), m)), opts);
  }

  /** The rules for a caller: its named client when registered for its channel, else its channel's default. */
  rulesFor(caller: Pick<Caller, 'channel' | 'clientName'>): ClientRules {
    const named = caller.clientName ? this.clients.get(caller.clientName) : undefined;
    if (named && named.channels.includes(caller.channel)) return named;
    const fallbackName = this.channelDefaults.get(caller.channel);
    return (fallbackName && this.clients.get(fallbackName)) || this.fallback;
  }

  /**
   * True when the request is a staff operation sent through another channel: an operation that
   * only clients of the `staff` channel register (the call centre's 360° view), known by its id or
   * its exact text. Admission refuses it whatever the caller's client and scopes, so a customer,
   * kiosk or partner token never gets one planned. (A re-formatted text is not matched here; the
   * staff scopes it needs still refuse it, with FORBIDDEN, before planning.)
   */
  isStaffOperationOutsideStaff(caller: Pick<Caller, 'channel'>, request: { hash?: string; text?: string }): boolean {
    if (caller.channel === 'staff' || this.registeringChannels.size === 0) return false;
    const id = request.text !== undefined ? sha256(request.text) : request.hash;
    const channels = id === undefined ? undefined : this.registeringChannels.get(id);
    return channels !== undefined && [...channels].every((ch) => ch === 'staff');
  }

  get names(): string[] {
    return [...this.clients.keys()];
  }
}

export type SafelistVerdict = { allowed: true; operation?: PersistedOperation } | { allowed: false; logOnly: boolean };

/**
 * Checks one request against the caller's rules. `hash` is the APQ / persisted id, `text` the
 * query text; either may be absent.
 */
export function checkSafelist(rules: ClientRules, request: { hash?: string; text?: string }): SafelistVerdict {
  if (rules.mode === 'off') return { allowed: true };
  const operation = request.text !== undefined ? rules.operations.byText(request.text) : request.hash ? rules.operations.byHash(request.hash) : undefined;
  // an id and a text that disagree are Apollo's hash check's business; a known id alone is enough here
  if (operation) return { allowed: true, operation };
  return rules.mode === 'enforce' ? { allowed: false, logOnly: false } : { allowed: false, logOnly: true };
}
