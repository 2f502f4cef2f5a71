// The core's answers turned into objects without the `soap` library's own parser: that parser (sax
// and a handler that splits every name and rebuilds the WSDL message's schema on every answer)
// was the busiest code in accounts at load, 7.5 ms for a 70 KB QueryTransactions answer.
//
// This parser gives exactly what the library's `WSDL.xmlToObject` gives (the same objects, the
// same arrays from the same schema, the same type conversions and custom deserializers), for the
// answers the core sends: elements, text and namespace declarations, read by xml-scanner.ts. The
// message's schema is built once, not for every answer. Anything else (a Fault, an attribute such
// as xsi:nil, xsi:type or href, CDATA, a comment, a DOCTYPE, mixed content, XML that is not plain
// or not well-formed, a message name not yet seen) is handed to the library's parser, which decides,
// so the contract stays the WSDL and the library's reading of it. Tested against the library's
// output answer for answer (test/response-parser.test.ts).
import { scanPlainXml } from './xml-scanner';

/** The parts of node-soap's WSDL object this reads (soap/lib/wsdl). */
export interface SoapWsdl {
  xmlToObject(xml: string, callback?: unknown): unknown;
  options: { customDeserializer?: Record<string, (text: string, top: unknown) => unknown>; preserveWhitespace?: boolean };
  definitions: { messages: Record<string, { description(definitions: unknown): unknown } | undefined> };
}

type Schema = Record<string, unknown> | string | undefined;

/** What a parent's schema says of a child element: its own schema, and whether it is a list. */
interface Child {
  schema: Schema;
  list: boolean;
}

interface Frame {
  name: string | null;
  object: unknown;
  schema: Schema;
}

const ENV_URI = 'http://schemas.xmlsoap.org/soap/envelope/';

/** The library's fixed schema of the envelope around the message. */
const ENVELOPE_SCHEMA = {
  Envelope: {
    Header: { Security: { UsernameToken: { Username: 'string', Password: 'string' } } },
    Body: { Fault: { faultcode: 'string', faultstring: 'string', detail: 'string' } },
  },
};

/** Thrown inside the parse when the answer holds something only the library's parser reads. */
class Unhandled extends Error {}

/** The local part of a qualified name (node-soap's splitQName(...).name for a string). */
function localName(qname: string): string {
  const bar = qname.indexOf('|');
  const top = bar < 0 ? qname : qname.slice(0, bar);
  return top.slice(top.indexOf(':') + 1);
}

function isEmptyPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const _ in value) return false;
  return true;
}

export class ResponseParser {
  /** a message's schema, built once (the library builds it again for every answer) */
  private readonly descriptions = new Map<string, Schema>();
  /** per parent schema, what it says of each child name: the same few dozen names come thousands of times */
  private readonly children = new WeakMap<object, Map<string, Child>>();
  private readonly localNames = new Map<string, string>();
  /** answers handed to the library's parser, for the metric and the tests */
  fallbacks = 0;

  constructor(
    private readonly wsdl: SoapWsdl,
    private readonly libraryParse: (xml: string) => unknown,
    private readonly onParsed?: (by: 'scanner' | 'library') => void,
  ) {}

  /** Installs the parser on a node-soap client's WSDL: its synchronous xmlToObject (the streaming form stays the library's). */
  static install(wsdl: SoapWsdl, onParsed?: (by: 'scanner' | 'library') => void): ResponseParser {
    const original = wsdl.xmlToObject.bind(wsdl);
    const parser = new ResponseParser(wsdl, (xml) => original(xml), onParsed);
    wsdl.xmlToObject = (xml: string, callback?: unknown) =>
      typeof callback === 'function' || typeof xml !== 'string' ? original(xml, callback) : parser.parse(xml);
    return parser;
  }

  parse(xml: string): unknown {
    let result: unknown;
    try {
      result = this.read(xml);
    } catch (err) {
      if (!(err instanceof Unhandled)) throw err;
      this.fallbacks++;
      this.onParsed?.('library');
      return this.libraryParse(xml);
    }
    this.onParsed?.('scanner');
    return result;
  }

  private messageSchema(name: string): Schema | null {
    if (this.descriptions.has(name)) return this.descriptions.get(name);
    const message = this.wsdl.definitions.messages[name];
    if (!message) return null;
    const schema = message.description(this.wsdl.definitions) as Schema;
    this.descriptions.set(name, schema);
    return schema;
  }

  private local(qname: string): string {
    let name = this.localNames.get(qname);
    if (name === undefined) {
      name = localName(qname);
      if (this.localNames.size < 10_000) this.localNames.set(qname, name);
    }
    return name;
  }

  /** node-soap's lookup of a child's schema in its parent's (onopentag), and its `name[]` list test (onclosetag). */
  private child(parent: Record<string, unknown>, originalName: string): Child {
    let known = this.children.get(parent);
    if (!known) this.children.set(parent, (known = new Map()));
    let child = known.get(originalName);
    if (!child) {
      const arrayName = `${originalName}[]`;
      const name = parent[arrayName] ? arrayName : originalName;
      const schema = (parent[originalName] || parent[arrayName] || parent[name] || parent[`${name}[]`]) as Schema;
      child = { schema, list: Boolean(parent[arrayName]) };
      known.set(originalName, child);
    }
    return child;
  }

  private read(xml: string): unknown {
    const { customDeserializer, preserveWhitespace } = this.wsdl.options;
    if (preserveWhitespace) throw new Unhandled();
    const root: Record<string, unknown> = {};
    const stack: Frame[] = [{ name: null, object: root, schema: ENVELOPE_SCHEMA }];
    const xmlns: Record<string, string> = {};
    let envPrefix = 'soap';
    let objectName: string | null = null;
    const open = (qname: string, declared: Array<[string, string]>) => {
      const top = stack[stack.length - 1]!;
      if (typeof top.object !== 'object' || top.object === null) throw new Unhandled(); // mixed content
      for (const [prefix, uri] of declared) {
        xmlns[prefix || 'xmlns'] = uri;
        if (uri === ENV_URI) envPrefix = prefix || 'xmlns';
      }
      const originalName = this.local(qname);
      let topSchema = top.schema;
      if (!objectName && xmlns[envPrefix] && top.name === 'Body') {
        const schema = originalName === 'Fault' ? null : this.messageSchema(originalName);
        if (schema === null) throw new Unhandled(); // a Fault, or a name the library has not aliased yet
        topSchema = schema;
        objectName = originalName;
      }
      let schema = typeof topSchema === 'object' ? this.child(topSchema, originalName).schema : undefined;
      if (!schema) {
        // the library's last resort: a message of that name (not cached: the library may alias one later)
        const response = this.messageSchema(originalName);
        schema = typeof response === 'object' && response !== null ? this.child(response, originalName).schema : undefined;
      }
      stack.push({ name: originalName, object: {}, schema });
    };
    const text = (raw: string) => {
      const text = raw.trim();
      if (!text.length) return;
      const top = stack[stack.length - 1]!;
      if (typeof top.object === 'object' && !isEmptyPlainObject(top.object)) throw new Unhandled(); // mixed content
      const type = typeof top.schema === 'string' ? this.local(top.schema) : undefined;
      const custom = type !== undefined ? customDeserializer?.[type] : undefined;
      if (custom) top.object = custom(text, top);
      else if (type === 'int' || type === 'integer' || type === 'short' || type === 'long') top.object = parseInt(text, 10);
      else if (type === 'double' || type === 'float' || type === 'decimal') top.object = Number(text);
      else if (type === 'bool' || type === 'boolean') top.object = text.toLowerCase() === 'true' || text === '1';
      else if (type === 'dateTime' || type === 'date') top.object = new Date(text);
      else top.object = typeof top.object === 'string' ? top.object + text : text;
    };
    const close = (qname: string) => {
      const cur = stack.pop()!;
      const top = stack[stack.length - 1]!;
      const topObject = top.object as Record<string, unknown>;
      const name = this.local(qname);
      let obj = cur.object;
      if (typeof cur.schema === 'string' && this.local(cur.schema) === 'string' && isEmptyPlainObject(obj)) obj = '';
      if (isEmptyPlainObject(obj)) obj = null;
      if (typeof top.schema === 'object' && this.child(top.schema, name).list) {
        if (!topObject[name]) topObject[name] = [];
        (topObject[name] as unknown[]).push(obj);
      } else if (name in topObject) {
        if (!Array.isArray(topObject[name])) topObject[name] = [topObject[name]];
        (topObject[name] as unknown[]).push(obj);
      } else {
        topObject[name] = obj;
      }
    };
    if (!scanPlainXml(xml, { open, text, close })) throw new Unhandled();
    const envelope = root.Envelope as Record<string, unknown> | undefined;
    if (!envelope) return root;
    const body = envelope.Body as Record<string, unknown> | null | undefined;
    if (body && body.Fault) throw new Unhandled();
    return envelope;
  }
}
