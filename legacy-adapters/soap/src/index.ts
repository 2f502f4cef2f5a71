// The SOAP adapter of the legacy core: the typed client and its types.
export { CoreClient } from './core-client';
export type { CoreClientOptions } from './core-client';
export { coreClientConfigFromEnv, DEFAULT_BREAKER } from './config';
export type { CoreClientConfig, BreakerConfig } from './config';
export { CoreError } from './errors';
export type { CoreErrorCode } from './errors';
export type { CoreLoaders } from './loaders';
export { transactionQueryKey } from './loaders';
export type { OperationStats, CoreOperation } from './call-core';
export { CORE_OPERATIONS } from './call-core';
export * from './types';
export { fromCore, toGraphQLError } from './client-errors';
