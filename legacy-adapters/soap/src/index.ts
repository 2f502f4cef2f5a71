// The SOAP adapter of the legacy core: the typed client, its types, the contract it shares with the
// simulator, and the one mapping of core failures to client errors (everything but the client is
// also in ./lite, for services that load the client late).
export { CoreClient } from './core-client';
export * from './lite';
