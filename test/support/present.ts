// Reads a test expects to find something at. Indexed reads may be undefined (the tree compiles
// with noUncheckedIndexedAccess); these fail the test right there, naming what was missing,
// instead of a TypeError a few lines further down.

/** Element `index` of `list` (a negative index counts from the end, as with `Array.prototype.at`); fails the test when there is none. */
export function nth<T>(list: { readonly length: number; at(index: number): T | undefined }, index: number): T {
  const value = list.at(index);
  if (value === undefined) throw new Error(`expected an element at index ${index}, found ${list.length} element(s)`);
  return value;
}

/** For `value ?? missing('what')`: fails the test naming what was not there. */
export function missing(what: string): never {
  throw new Error(`expected ${what}, found nothing`);
}

/** What `check` threw, or undefined when it returned: for asserting on a refusal's class and fields. */
export function refusalOf(check: () => unknown): unknown {
  try {
    check();
  } catch (e) {
    return e;
  }
  return undefined;
}
