// keysetPages (lib/db/keyset-pages.ts): every item once, in order, each page asked after the last
// key of the one before, and no further question once a page comes back short (or empty).
import { keysetPages } from '../db/keyset-pages';

async function read(ids: string[], limit: number): Promise<{ pages: string[][]; asked: string[] }> {
  const asked: string[] = [];
  const page = async (after: string, n: number) => {
    asked.push(after);
    return ids.filter((id) => id > after).slice(0, n);
  };
  const pages: string[][] = [];
  for await (const p of keysetPages(page, (id) => id, limit)) pages.push([...p]);
  return { pages, asked };
}

describe('keysetPages', () => {
  it('reads a list that is not a multiple of the page size: the short page ends it', async () => {
    expect(await read(['a', 'b', 'c', 'd', 'e'], 2)).toEqual({ pages: [['a', 'b'], ['c', 'd'], ['e']], asked: ['', 'b', 'd'] });
  });

  it('asks once more after full pages only, and yields no empty page', async () => {
    expect(await read(['a', 'b', 'c', 'd'], 2)).toEqual({
      pages: [
        ['a', 'b'],
        ['c', 'd'],
      ],
      asked: ['', 'b', 'd'],
    });
    expect(await read([], 3)).toEqual({ pages: [], asked: [''] });
  });
});
