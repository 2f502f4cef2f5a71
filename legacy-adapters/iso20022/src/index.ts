// ISO 20022 adapter: streaming camt.052/053/054 reader, pain.001 builder, IBAN checks.
export { parseCamt, readCamt, camtAmountToMinor, SUPPORTED_VERSIONS } from './camt-parser';
export type { CamtSource } from './camt-parser';
export * from './camt-types';
export { CamtError, Pain001Error } from './errors';
export type { CamtErrorCode, Pain001ErrorCode } from './errors';
export { buildPain001, transliterateToSepa, PAIN001_VERSION, PAIN001_NAMESPACE } from './pain001';
export type { Pain001Input, Pain001Party } from './pain001';
export { isValidIban, normaliseIban, formatIbanForPrint } from './iban';
