// The four classic subgraphs in one process, each on its own loopback port (BENCH_CLASSIC_PORTS =
// "accounts:port,inventory:port,..."). Plain node:http + graphql-js with a parsed-and-validated
// document cache, so the subgraphs cost little and the gateway under test is what the numbers show.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { type DocumentNode, execute, type GraphQLSchema, parse, validate } from 'graphql';
import { runMain } from '../../lib/config';
import { CLASSIC_SUBGRAPH_NAMES, type ClassicSubgraphName, classicSubgraph } from './subgraphs';

const MAX_BODY = 1024 * 1024;
const MAX_CACHED_DOCUMENTS = 1000;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** GraphQL requests served by the four subgraphs of this process: what a gateway's plan cost them (GET /stats) */
const served = { requests: 0 };

export function classicHandler(schema: GraphQLSchema) {
  const documents = new Map<string, DocumentNode>();
  return async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/health') return send(res, 200, { status: 'ok' });
    if (req.method === 'GET' && path === '/stats') return send(res, 200, served);
    if (req.method !== 'POST' || path !== '/graphql') return send(res, 404, { error: 'not found' });
    served.requests++;
    let request: { query?: string; variables?: Record<string, unknown>; operationName?: string };
    try {
      request = JSON.parse(await readBody(req)) as typeof request;
    } catch {
      return send(res, 400, { errors: [{ message: 'bad JSON body' }] });
    }
    if (typeof request.query !== 'string') return send(res, 400, { errors: [{ message: 'query is required' }] });
    let document = documents.get(request.query);
    if (!document) {
      try {
        document = parse(request.query);
      } catch (err) {
        return send(res, 400, { errors: [{ message: (err as Error).message }] });
      }
      const errors = validate(schema, document);
      if (errors.length > 0) return send(res, 400, { errors: errors.map((e) => ({ message: e.message })) });
      if (documents.size >= MAX_CACHED_DOCUMENTS) documents.clear();
      documents.set(request.query, document);
    }
    const result = await execute({ schema, document, variableValues: request.variables, operationName: request.operationName });
    send(res, 200, result);
  };
}

export async function startClassicSubgraph(name: ClassicSubgraphName, port: number, host = '127.0.0.1'): Promise<Server> {
  const subgraph = classicSubgraph(name);
  const schema = buildSubgraphSchema([{ typeDefs: subgraph.typeDefs, resolvers: subgraph.resolvers }]);
  // @mercuriusjs/gateway reads `extend type` from `_service { sdl }`; @apollo/subgraph reprints
  // Federation 1 SDL with `@extends` instead, so answer with the SDL exactly as written
  const service = schema.getQueryType()?.getFields()._service;
  if (service) service.resolve = () => ({ sdl: subgraph.sdl });
  const handler = classicHandler(schema);
  const server = createServer((req, res) => {
    handler(req, res).catch((err: unknown) => send(res, 500, { errors: [{ message: err instanceof Error ? err.message : String(err) }] }));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

/** "accounts:4101,inventory:4102,..." -> map; every classic subgraph must have a port. */
export function parseClassicPorts(text: string | undefined): Record<ClassicSubgraphName, number> {
  const ports: Partial<Record<ClassicSubgraphName, number>> = {};
  for (const part of (text ?? '').split(',').filter(Boolean)) {
    const [name = '', port] = part.split(':');
    if ((CLASSIC_SUBGRAPH_NAMES as readonly string[]).includes(name) && /^\d+$/.test(port ?? '')) ports[name as ClassicSubgraphName] = Number(port);
  }
  const missing = CLASSIC_SUBGRAPH_NAMES.filter((n) => ports[n] === undefined);
  if (missing.length > 0) throw new Error(`BENCH_CLASSIC_PORTS: no port for ${missing.join(', ')} (expected "accounts:4101,inventory:4102,...")`);
  return ports as Record<ClassicSubgraphName, number>;
}

if (require.main === module) {
  runMain('federation-classic', async () => {
    const ports = parseClassicPorts(process.env.BENCH_CLASSIC_PORTS);
    const servers = await Promise.all(CLASSIC_SUBGRAPH_NAMES.map((n) => startClassicSubgraph(n, ports[n])));
    const stop = () => {
      for (const s of servers) s.close();
      process.exit(0);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
