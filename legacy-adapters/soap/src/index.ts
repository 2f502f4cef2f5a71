// The SOAP adapter of the legacy core: the typed client, its types, the contract it shares with the
// simulator, and the one mapping of core failures to client errors (everything but the client is
// also in ./lite, for services that load the client late).
export { CoreClient } from './core-client';
export * from './lite';
/** the answer parser the client installs, for its benchmark (bench/soap-parse.ts) */
export { ResponseParser } from './response-parser';
/** the client of the WSDL (its invoke), for the transport's benchmark (bench/soap-http.ts) */
export { loadWsdlClient } from './wsdl-client';
