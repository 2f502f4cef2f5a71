// The typed client of the legacy core: per-request loaders for reads, a never-retried write, and
// the stats and metrics that count what reached the core.
import { Registry } from 'prom-client';
import type { Logger } from '../../../lib/logger';
import { CoreCaller, type OperationStats } from './call-core';
import { type CoreClientConfig, DEFAULT_BREAKER, defaultEndpoint } from './config';
import { createCoreLoaders, type CoreLoaders } from './loaders';
import { createCoreMetrics } from './metrics';
import { CoreOperations } from './operations';
import type { CardTargetStatus } from './contract';
import type { CardStatusResult, CoreCallContext, ExchangeRates, TransferRequest, TransferResult } from './types';
import { loadWsdlClient, type WsdlClient } from './wsdl-client';

interface CoreClientOptions {
  log?: Logger;
  /** where the core_* metrics go; default a registry of this client's own */
  registry?: Registry;
}

export class CoreClient {
  private constructor(
    private readonly caller: CoreCaller,
    private readonly ops: CoreOperations,
    private readonly wsdl: WsdlClient,
    readonly registry: Registry,
    /** false: CORE_BATCHING=off, one core call per load */
    readonly batching: boolean,
  ) {}

  /** Loads the WSDL once (retrying until the core answers, up to config.wsdlWaitMs). */
  static async create(config: CoreClientConfig, opts: CoreClientOptions = {}): Promise<CoreClient> {
    validate(config);
    const registry = opts.registry ?? new Registry();
    const metrics = createCoreMetrics(registry);
    const wsdl = await loadWsdlClient({
      wsdlUrl: config.wsdlUrl,
      endpointUrl: config.endpointUrl ?? defaultEndpoint(config.wsdlUrl),
      waitMs: config.wsdlWaitMs ?? 30000,
      fetchTimeoutMs: Math.max(config.timeoutMs, 1000),
      maxSockets: config.maxConcurrency,
      fastParse: config.fastParse !== false,
      http: config.http ?? 'node',
      onParsed: (parser) => metrics.answers.inc({ parser }),
      log: opts.log,
    });
    const caller = new CoreCaller({
      invoke: wsdl.invoke,
      timeoutMs: config.timeoutMs,
      maxConcurrency: config.maxConcurrency,
      readRetries: config.readRetries,
      breaker: config.breaker ?? DEFAULT_BREAKER,
      sourceSystem: config.sourceSystem ?? 'COREBRIDGE',
      branch: config.branch ?? '000',
      metrics,
      log: opts.log,
    });
    return new CoreClient(caller, new CoreOperations(caller), wsdl, registry, config.batching !== false);
  }

  /** New DataLoaders for one request (one GraphQL operation). */
  loaders(ctx: CoreCallContext): CoreLoaders {
    return createCoreLoaders(this.ops, ctx, { batching: this.batching });
  }

  /** A transfer; never retried. After a timeout, send the same callerReference again to learn the outcome. */
  createTransaction(req: TransferRequest, ctx: CoreCallContext): Promise<TransferResult> {
    return this.ops.createTransaction(req, ctx);
  }

  /** The transfer booked under `callerReference`, or null: the outcome of a transfer whose answer was lost. */
  queryTransfer(callerReference: string, ctx: CoreCallContext): Promise<TransferResult | null> {
    return this.ops.queryTransfer(callerReference, ctx);
  }

  /** Freezes (FROZEN) or releases (ACTIVE) a card; idempotent by target state, so retried like a read. */
  setCardStatus(cardId: string, target: CardTargetStatus, ctx: CoreCallContext, customerId?: string): Promise<CardStatusResult> {
    return this.ops.setCardStatus(cardId, target, ctx, customerId);
  }

  /** The core's FX table in force on `rateDate` (per EUR unless `baseCurrency`); a read. */
  exchangeRates(rateDate: string, ctx: CoreCallContext, baseCurrency?: string): Promise<ExchangeRates> {
    return this.ops.exchangeRates(rateDate, ctx, baseCurrency);
  }

  /** Per operation: calls sent, calls not SUCCESS, attempts never sent, retries. */
  stats(): Record<string, OperationStats> {
    return this.caller.stats();
  }

  async close(): Promise<void> {
    await this.caller.close();
    this.wsdl.close();
  }
}

function validate(c: CoreClientConfig): void {
  const bad: string[] = [];
  if (!Number.isInteger(c.timeoutMs) || c.timeoutMs < 1) bad.push(`timeoutMs ${c.timeoutMs}`);
  if (!Number.isInteger(c.maxConcurrency) || c.maxConcurrency < 1) bad.push(`maxConcurrency ${c.maxConcurrency}`);
  if (!Number.isInteger(c.readRetries) || c.readRetries < 0) bad.push(`readRetries ${c.readRetries}`);
  if (bad.length) throw new RangeError(`invalid core client config: ${bad.join(', ')}`);
}
