// The staff audit trail: every operation a call-centre caller runs is written down with who ran
// it, which customers it named and which operation (name and sha256 of its text): no field values,
// no personal data, so the trail itself can be kept and shown to auditors.
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { type DocumentNode, type GraphQLSchema, getNamedType, Kind, TypeInfo, valueFromASTUntyped, visit, visitWithTypeInfo } from 'graphql';
import type { Caller } from '../../../lib/internal-auth';
import type { Logger } from '../../../lib/logger';

/** Types whose id arguments name a customer. */
export const CUSTOMER_TYPES = new Set(['Customer']);
/** Argument names that carry a customer id wherever they appear. */
export const CUSTOMER_ID_ARGUMENTS = new Set(['customerId']);

export interface StaffAuditRecord {
  at: string;
  /** the staff member (token subject) */
  staff: string;
  client?: string;
  scopes: string[];
  customerIds: string[];
  operationName: string | null;
  operationHash: string;
  requestId: string;
}

export interface AuditSink {
  write(record: StaffAuditRecord): void;
  close?(): Promise<void>;
}

/** Appends one JSON line per record to a file (AUDIT_LOG_FILE). */
export function fileAuditSink(path: string): AuditSink {
  mkdirSync(dirname(path), { recursive: true });
  const stream: WriteStream = createWriteStream(path, { flags: 'a', mode: 0o600 });
  return {
    write: (record) => void stream.write(`${JSON.stringify(record)}\n`),
    close: () => new Promise((res) => stream.end(res)),
  };
}

/** Writes records to the gateway log as `audit` entries (when no file is configured). */
export function logAuditSink(log: Logger): AuditSink {
  const audit = log.child({ component: 'staff-audit' });
  return { write: (record) => audit.info({ audit: record }, 'staff read') };
}

/** The customer ids an operation names, from literals or variables. */
export function customerIdsIn(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined): string[] {
  const ids = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  const collect = (value: unknown) => {
    if (typeof value === 'string' || typeof value === 'number') ids.add(String(value));
    else if (Array.isArray(value)) value.forEach(collect);
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const def = typeInfo.getFieldDef();
        if (!def) return;
        const returnsCustomer = CUSTOMER_TYPES.has(getNamedType(def.type).name);
        for (const arg of node.arguments ?? []) {
          const name = arg.name.value;
          if ((returnsCustomer && (name === 'id' || name === 'ids')) || CUSTOMER_ID_ARGUMENTS.has(name)) {
            collect(arg.value.kind === Kind.VARIABLE ? variables?.[arg.value.name.value] : valueFromASTUntyped(arg.value));
          }
        }
      },
    }),
  );
  return [...ids].sort();
}

export function staffAuditRecord(
  caller: Caller,
  schema: GraphQLSchema,
  document: DocumentNode,
  request: { operationName: string | null; operationHash: string; requestId: string; variables?: Record<string, unknown> },
): StaffAuditRecord {
  return {
    at: new Date().toISOString(),
    staff: caller.subject,
    ...(caller.clientName ? { client: caller.clientName } : {}),
    scopes: caller.scopes,
    customerIds: customerIdsIn(schema, document, request.variables),
    operationName: request.operationName,
    operationHash: request.operationHash,
    requestId: request.requestId,
  };
}
