// xml-scanner.ts: what it reads must be read as a conformant parser (saxes) reads it, and what it
// does not read plainly it must refuse, never guess.
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { scanPlainXml } from '../src/xml-scanner';

type Event = ['open', string, Array<[string, string]>] | ['text', string] | ['close', string];

function scanned(xml: string): Event[] | false {
  const events: Event[] = [];
  const ok = scanPlainXml(xml, {
    open: (name, xmlns) => events.push(['open', name, xmlns]),
    text: (text) => events.push(['text', text]),
    close: (name) => events.push(['close', name]),
  });
  return ok && merged(events);
}

/** saxes' reading, in the same events (namespace declarations only), or false where it refuses. */
function conformant(xml: string): Event[] | false {
  const events: Event[] = [];
  const parser = new SaxesParser();
  let failed = false;
  parser.on('error', () => {
    failed = true;
  });
  parser.on('opentag', (node) => {
    const attrs = node.attributes as Record<string, string>;
    const xmlns = Object.entries(attrs)
      .filter(([k]) => k === 'xmlns' || k.startsWith('xmlns:'))
      .map(([k, v]): [string, string] => [k === 'xmlns' ? '' : k.slice(6), v]);
    events.push(['open', node.name, xmlns]);
  });
  parser.on('text', (text) => events.push(['text', text]));
  parser.on('closetag', (node) => events.push(['close', node.name]));
  parser.write(xml).close();
  return !failed && merged(events);
}

/** adjacent text events as one, whitespace-only text outside elements dropped (neither reader owes it) */
function merged(events: Event[]): Event[] {
  const out: Event[] = [];
  let depth = 0;
  for (const e of events) {
    const last = out[out.length - 1];
    if (e[0] === 'text') {
      if (depth === 0 && e[1].trim() === '') continue;
      if (last?.[0] === 'text') last[1] += e[1];
      else out.push([...e]);
      continue;
    }
    depth += e[0] === 'open' ? 1 : -1;
    out.push(e);
  }
  return out.filter((e) => e[0] !== 'text' || e[1] !== '');
}

describe('scanPlainXml', () => {
  it('reads elements, text, entities, character references and namespace declarations', () => {
    expect(
      scanned(
        '<?xml version="1.0" encoding="utf-8"?>\n<s:E xmlns:s="urn:s" xmlns=\'urn:d\'><A>x &amp; y &lt;&gt;&quot;&apos; &#8364;&#x1F600;</A><B/><C xmlns:c="urn:c" /><D></D ></s:E>\n',
      ),
    ).toEqual([
      [
        'open',
        's:E',
        [
          ['s', 'urn:s'],
          ['', 'urn:d'],
        ],
      ],
      ['open', 'A', []],
      ['text', 'x & y <>"\' €😀'],
      ['close', 'A'],
      ['open', 'B', []],
      ['close', 'B'],
      ['open', 'C', [['c', 'urn:c']]],
      ['close', 'C'],
      ['open', 'D', []],
      ['close', 'D'],
      ['close', 's:E'],
    ]);
  });

  it.each([
    ['a comment', '<a><!-- c --></a>'],
    ['CDATA', '<a><![CDATA[x]]></a>'],
    ['a DOCTYPE', '<!DOCTYPE a><a/>'],
    ['a processing instruction', '<a><?pi x?></a>'],
    ['an XML declaration not at the start', ' <?xml version="1.0"?><a/>'],
    ['an attribute', '<a b="1"/>'],
    ['a namespace declaration twice', '<a xmlns:p="u" xmlns:p="v"/>'],
    ['a namespace declaration with an entity', '<a xmlns:p="u&amp;v"/>'],
    ['an unknown entity', '<a>&nbsp;</a>'],
    ['a bare ampersand', '<a>x & y</a>'],
    ['a character reference XML forbids', '<a>&#0;</a>'],
    [']]> in text', '<a>]]></a>'],
    ['a carriage return', '<a>x\r\ny</a>'],
    ['a control character', '<a>x\u0001y</a>'],
    ['a name outside ASCII', '<ä/>'],
    ['a name starting with a digit', '<1a/>'],
    ['a mismatched end tag', '<a><b></a></b>'],
    ['an unclosed element', '<a><b></b>'],
    ['an end tag with nothing open', '</a>'],
    ['text outside the root', 'x<a/>'],
    ['two roots', '<a/><b/>'],
    ['no root', '   '],
    ['a tag never closed with >', '<a><b</a>'],
    ['an empty tag', '<a><></a>'],
  ])('refuses %s', (_what, xml) => {
    expect(scanned(xml)).toBe(false);
  });

  it('reads what it accepts as a conformant parser does, and accepts nothing such a parser refuses (random documents)', () => {
    // mostly what the core sends, sometimes what a broken or unusual answer holds
    const rarely = <T>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<T>) => fc.oneof({ arbitrary: usual, weight: 9 }, { arbitrary: odd, weight: 1 });
    const name = rarely(fc.constantFrom('a', 'b', 'p:c', 'Item', 'x-y.z', '_q'), fc.constantFrom('1bad', 'ä', 'a:b:c'));
    const plain = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '\n', '\t', '€', 'é', '😀', '.', '>', '"', "'"), maxLength: 8 });
    const odd = fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('&bogus;', '&', ']]>', '\r\n', '<!-- c -->', '<![CDATA[d]]>', '<', '&#0;', '\u0001'));
    const text = rarely(fc.oneof(plain, fc.constantFrom('&amp;', '&lt;', '&gt;', '&quot;', '&apos;', '&#65;', '&#x20AC;')), odd);
    const attrs = rarely(
      fc.constantFrom('', '', ' xmlns="urn:a"', " xmlns:p='urn:p'", ' xmlns:p = "urn:p" '),
      fc.constantFrom(' b="1"', ' xmlns:p="u" xmlns:p="v"', ' xmlns:p="a>b"', ' xmlns:p=x'),
    );
    const node: fc.Memo<string> = fc.memo((depth) =>
      depth <= 1
        ? fc.oneof(
            text,
            fc.tuple(name, attrs).map(([n, a]) => `<${n}${a}/>`),
          )
        : fc.oneof(
            text,
            fc.tuple(name, attrs, fc.array(node(depth - 1), { maxLength: 4 })).map(([n, a, kids]) => `<${n}${a}>${kids.join('')}</${n}>`),
          ),
    );
    const root = fc
      .tuple(name, attrs, fc.array(node(3), { maxLength: 4 }), fc.boolean())
      .map(([n, a, kids, mismatched]) => `<${n}${a}>${kids.join('')}</${mismatched && kids.length === 3 ? 'other' : n}>`);
    const doc = fc.tuple(
      rarely(fc.constantFrom('', '<?xml version="1.0" encoding="utf-8"?>', '<?xml version="1.0"?>\n'), fc.constantFrom(' <?xml version="1.0"?>', '<?xml?>')),
      root,
      rarely(fc.constantFrom('', '\n'), fc.constantFrom('x', '<a/>')),
    );
    let accepted = 0;
    fc.assert(
      fc.property(doc, ([decl, body, tail]) => {
        const xml = `${decl}${body}${tail}`;
        const ours = scanned(xml);
        if (ours === false) return;
        accepted++;
        expect(ours).toEqual(conformant(xml));
      }),
      { numRuns: 3000 },
    );
    // the property means something only if many documents were read
    expect(accepted).toBeGreaterThan(600);
  });
});
