// The dataset links its records by array index (a card's `account`, a txn's `merchant`...): a
// missing one is a broken invariant, so it fails loudly here instead of surfacing as undefined.

/** `list[index]`, which the dataset guarantees exists; throws naming `what` otherwise. */
export function nth<T>(list: readonly T[], index: number, what: string): T {
  const item = list[index];
  if (item === undefined) throw new Error(`no ${what} at index ${index} (of ${list.length})`);
  return item;
}
