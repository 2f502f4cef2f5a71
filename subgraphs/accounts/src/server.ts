import { startApolloSubgraph, RunningSubgraph } from '../../../lib/subgraph-server';
import { InternalTokenVerifier } from '../../../lib/internal-auth';
import { keysDir } from '../../../lib/keys';
import { loadSdl } from '../../../lib/sdl';
import { createLogger, Logger } from '../../../lib/logger';
import { CoreClient, CoreClientConfig } from '../../../legacy-adapters/soap/src';
import { isValidIban, normaliseIban } from '../../../legacy-adapters/iso20022/src/iban';
import { buildPain001 } from '../../../legacy-adapters/iso20022/src/pain001';
import type { AccountsContext } from './context';
import { CoreReads } from './core-reads';
import { CustomerCache } from './customer-cache';
import { referenceRates } from './fx';
import { createResolvers } from './resolvers';
import { accountsServiceRoutes } from './service-routes';
import { createStatementResolvers, mergeResolverMaps } from './statements/statement-resolvers';
import { StatementService, statementsUrlFromEnv } from './statements/statement-service';
import type { PaymentMessageBuilder } from './transfer';

/** Default lifetime of cached profiles, account and card lists (ACCOUNTS_CACHE_TTL_MS). */
export const DEFAULT_CACHE_TTL_MS = 30_000;

export interface AccountsOptions {
  port: number;
  host?: string;
  core: CoreClientConfig;
  keysDir?: string;
  /** lifetime of the per-customer cache of slow-changing core data; 0 disables it */
  cacheTtlMs?: number;
  /** clock (tests pin "this month") */
  now?: () => Date;
  /** pain.001 builder (tests may substitute one) */
  buildPaymentMessage?: PaymentMessageBuilder;
  /** default: the process logger (stdout) */
  log?: Logger;
  /** base URL of the core's end-of-day statement files (default CORE_STATEMENTS_URL, else <core>/statements) */
  statementsUrl?: string;
}

export interface RunningAccounts extends RunningSubgraph {
  core: CoreClient;
  cache: CustomerCache;
}

export async function startAccounts(opts: AccountsOptions): Promise<RunningAccounts> {
  const log = opts.log ?? createLogger('accounts');
  referenceRates(); // a broken rate table stops the start, not a customer's request
  const core = await CoreClient.create(opts.core, { log });
  // the naive baseline (CORE_BATCHING=off) caches nothing either
  const ttlMs = core.batching ? opts.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS : 0;
  const cache = new CustomerCache({ ttlMs });
  const now = opts.now ?? (() => new Date());
  const verifier = await InternalTokenVerifier.fromKeysDir(opts.keysDir ?? keysDir());
  const resolvers = createResolvers({ buildPaymentMessage: opts.buildPaymentMessage ?? buildPain001, isValidIban, normaliseIban });
  const statements = new StatementService({ baseUrl: opts.statementsUrl ?? statementsUrlFromEnv(opts.core.wsdlUrl), log });
  const running = await startApolloSubgraph<AccountsContext>({
    name: 'accounts',
    typeDefs: loadSdl('accounts'),
    resolvers: mergeResolverMaps(resolvers, createStatementResolvers(statements)),
    port: opts.port,
    host: opts.host,
    verifier,
    log,
    context: (base) => {
      const loaders = core.loaders({ requestId: base.caller.requestId, userId: base.caller.channel });
      return { ...base, core: loaders, reads: new CoreReads(loaders, cache), cache, coreClient: core, now };
    },
    serviceRoutes: accountsServiceRoutes({ core, cache, log }),
  });
  return {
    ...running,
    core,
    cache,
    close: async () => {
      await running.close();
      await core.close();
    },
  };
}
