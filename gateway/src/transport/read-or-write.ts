// Whether a subgraph fetch reads or writes: only reads are de-duplicated and cached, and a write
// moves its caller's write generation.

const READ_OPERATION = /^\s*(?:query\b|\{)/;

// @apollo/gateway's data source serialises { query, variables } in that order: the operation
// keyword can be read at the start of the JSON text, instead of parsing a body that may carry
// 100 KB of entity representations (it showed in the gateway's profile). Escaped or plain
// whitespace may come first; anything else is decided by parsing.
const QUERY_FIELD = '{"query":"';
const JSON_READ = /^(?:\\[nrt]|[ \t])*(?:query\b|\{)/;
const JSON_NOT_READ = /^(?:\\[nrt]|[ \t])*(?:mutation|subscription)\b/;

/** Whether a GraphQL-over-HTTP JSON body carries a query (not a mutation or subscription). */
export function isReadBody(body: string): boolean {
  if (body.startsWith(QUERY_FIELD)) {
    const head = body.slice(QUERY_FIELD.length, QUERY_FIELD.length + 64);
    if (JSON_READ.test(head)) return true;
    if (JSON_NOT_READ.test(head)) return false;
  }
  try {
    const parsed: unknown = JSON.parse(body);
    const query = parsed && typeof parsed === 'object' ? (parsed as { query?: unknown }).query : undefined;
    return typeof query === 'string' && READ_OPERATION.test(query);
  } catch {
    return false;
  }
}
