// ISO 8583:1987 codec (binary or ASCII-hex bitmaps) and the card switch's TCP framing.
export * from './errors';
export * from './fields';
export * from './codec';
export * from './mti-rules';
export * from './framing';
export * from './currency';
export * from './original-data';
