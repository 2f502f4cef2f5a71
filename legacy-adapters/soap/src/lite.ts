// The adapter without the SOAP client: configuration, types, the contract and the mapping of core
// failures to client errors. Loading the client pulls in the `soap` library (about 0.7 s at start);
// a service that reaches the core only on its first read (partners) imports this entry and loads
// the index when it needs the client.
export { coreClientConfigFromEnv } from './config';
export type { CoreClientConfig } from './config';
export { CoreError } from './errors';
export type { CoreLoaders } from './loaders';
export * from './contract';
export * from './types';
export { CARD_STATUS_REFUSALS, fromCore, isCoreRefusal, toClientError, TRANSFER_REFUSALS } from './client-errors';
// the simulator, the contract's other side, escapes its answers with the same code
export { escapeTree } from './xml-text';
// the core_* series a process's registry holds (the dashboard test checks its queries against them)
export { createCoreMetrics } from './metrics';
