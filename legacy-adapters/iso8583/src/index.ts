// ISO 8583:1987 codec (binary or ASCII-hex bitmaps), the card switch's TCP framing and message MAC.
export * from './errors';
export * from './fields';
export * from './codec';
export * from './mti-rules';
export * from './framing';
export * from './currency';
export * from './original-data';
export * from './amounts';
export * from './mac';
