// ISO 20022 adapter: streaming camt.052/053/054 reader, camt.053 and camt.054 writers, the core's
// notification signature, pain.001 builder, IBAN checks.
export { parseCamt, readCamt } from './camt-parser';
export type { CamtParseOptions, CamtSource } from './camt-parser';
export * from './camt-types';
export type { CamtDetailInput, CamtEntryInput, CamtWriteVersion } from './camt-entry-xml';
export { writeCamt053 } from './camt053-writer';
export type { Camt053Entry, Camt053Header, Camt053Version } from './camt053-writer';
export { writeCamt054 } from './camt054-writer';
export type { Camt054Header } from './camt054-writer';
export { NOTIFICATION_SIGNATURE_HEADER, signNotification, verifyNotification } from './notification-signature';
export { CamtError, Pain001Error } from './errors';
export { buildPain001 } from './pain001';
export type { Pain001Input } from './pain001';
export { isValidIban, normaliseIban } from './iban';
