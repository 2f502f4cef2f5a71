// Assembles the accounts subgraph: the core client, the per-customer cache, the statement files,
// the schema and the /internal routes, on one server.
import { startApolloSubgraph, type RunningSubgraph } from '../../../lib/subgraph-server';
import { InternalTokenVerifier } from '../../../lib/internal-auth';
import { createLogger, type Logger } from '../../../lib/logger';
import { CoreClient, type CoreClientConfig } from '../../../legacy-adapters/soap/src';
import { isValidIban, normaliseIban, buildPain001 } from '../../../legacy-adapters/iso20022/src';
import { statementsBeside, StatementService } from './adapters/core-statements';
import { CustomerCache } from './adapters/customer-cache';
import { referenceRates } from './adapters/reference-rates';
import { accountsServiceRoutes } from './adapters/service-routes';
import { DEFAULT_CACHE_TTL_MS } from './config';
import { accountsContext, type AccountsContext } from './graphql/context';
import { accountsSchema } from './graphql/schema';
import type { PaymentMessageBuilder } from './graphql/transfer';

export interface AccountsOptions {
  port: number;
  host?: string;
  core: CoreClientConfig;
  /** where the internal token key pair is (KEYS_DIR) */
  keysDir: string;
  /** lifetime of the per-customer cache of slow-changing core data; 0 disables it (default 30 s) */
  cacheTtlMs?: number;
  /** clock (tests pin "this month") */
  now?: () => Date;
  /** pain.001 builder (tests may substitute one) */
  buildPaymentMessage?: PaymentMessageBuilder;
  /** default: the process logger (stdout) */
  log?: Logger;
  /** base URL of the core's end-of-day statement files (default: <core>/statements) */
  statementsUrl?: string;
}

export interface RunningAccounts extends RunningSubgraph {
  core: CoreClient;
  cache: CustomerCache;
}

export async function startAccounts(opts: AccountsOptions): Promise<RunningAccounts> {
  const log = opts.log ?? createLogger('accounts');
  const rates = referenceRates(); // a broken rate table stops the start, not a customer's request
  const core = await CoreClient.create(opts.core, { log });
  // the naive baseline (CORE_BATCHING=off) caches nothing either
  const ttlMs = core.batching ? (opts.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS) : 0;
  const cache = new CustomerCache({ ttlMs });
  const now = opts.now ?? (() => new Date());
  const verifier = await InternalTokenVerifier.fromKeysDir(opts.keysDir);
  const statements = new StatementService({ baseUrl: opts.statementsUrl ?? statementsBeside(opts.core.wsdlUrl), log });
  const schema = accountsSchema({ buildPaymentMessage: opts.buildPaymentMessage ?? buildPain001, isValidIban, normaliseIban, rates, statements });
  const running = await startApolloSubgraph<AccountsContext>({
    name: 'accounts',
    ...schema,
    port: opts.port,
    host: opts.host,
    verifier,
    log,
    context: accountsContext({ core, cache, now }),
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
