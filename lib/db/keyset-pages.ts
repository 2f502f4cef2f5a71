// Reading a long list in pages by key ("after the last key, stop at a short page"): what the passes
// over every customer (engagement's RETENTION and churn, a campaign's audience) share.

/** The pages of a list read in key order, each after the last key of the one before, until a short page. */
export async function* keysetPages<T>(
  page: (after: string, limit: number) => Promise<readonly T[]>,
  keyOf: (item: T) => string,
  limit: number,
): AsyncIterable<readonly T[]> {
  let after = '';
  for (;;) {
    const rows = await page(after, limit);
    if (rows.length > 0) yield rows;
    const last = rows[rows.length - 1];
    if (rows.length < limit || last === undefined) return;
    after = keyOf(last);
  }
}
