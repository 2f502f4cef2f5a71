import { decodeCursor, edgePosition, encodeCursor } from '../src/graphql/cursor';
import { maskAccountNumber, maskIban } from '../src/domain/masking';

describe('transaction cursors', () => {
  it('round-trips a position and is bound to its account', () => {
    const c = encodeCursor('A-1', { afterKey: 'k42', skip: 3 });
    expect(decodeCursor(c, 'A-1')).toEqual({ afterKey: 'k42', skip: 3 });
    expect(() => decodeCursor(c, 'A-2')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
  });

  it('refuses garbage and out-of-range offsets with BAD_USER_INPUT', () => {
    for (const bad of ['%%%', Buffer.from('{"a":"A-1","o":-1}').toString('base64url'), Buffer.from('{"a":"A-1","o":1000}').toString('base64url')]) {
      expect(() => decodeCursor(bad, 'A-1')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
    }
  });

  it('gives the last edge the core key and middle edges an offset from the page start', () => {
    expect(edgePosition({ afterKey: 's', skip: 2 }, 0, false, 'n')).toEqual({ afterKey: 's', skip: 3 });
    expect(edgePosition({ afterKey: 's', skip: 2 }, 4, true, 'n')).toEqual({ afterKey: 'n', skip: 0 });
    expect(edgePosition({ skip: 0 }, 4, true, undefined)).toEqual({ afterKey: undefined, skip: 5 });
  });
});

describe('display masks', () => {
  it('shows only the last four characters', () => {
    expect(maskAccountNumber('0012345678')).toBe('•••• 5678');
    expect(maskIban('DE89 3704 0044 0532 0130 00')).toBe('DE89 •••• •••• 3000');
  });
});
