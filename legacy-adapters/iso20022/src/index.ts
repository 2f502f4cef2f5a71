// ISO 20022 adapter: streaming camt.052/053/054 reader and camt.053 writer, pain.001 builder, IBAN
// checks.
export { parseCamt, readCamt } from './camt-parser';
export type { CamtSource } from './camt-parser';
export * from './camt-types';
export { writeCamt053 } from './camt053-writer';
export type { Camt053Entry, Camt053Header, Camt053Version } from './camt053-writer';
export { CamtError, Pain001Error } from './errors';
export { buildPain001 } from './pain001';
export type { Pain001Input } from './pain001';
export { isValidIban, normaliseIban } from './iban';
