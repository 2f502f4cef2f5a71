// Parsed XML gives a repeated element as an array, a lone one as the element itself and an absent
// one as nothing; readers of SOAP bodies (the adapter and the simulator) take all three as a list.
export function asArray<T>(v: T | T[] | undefined | null): T[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}
