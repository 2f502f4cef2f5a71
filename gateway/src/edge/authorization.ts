// @authenticated and @requiresScopes, as the subgraph SDLs declare them, enforced on the supergraph.
// @apollo/gateway refuses a supergraph whose `for: SECURITY` features it does not implement, so the
// gateway reads the requirements out of the supergraph first, then hands the gateway the same SDL
// with those two links demoted to plain (non-security) features. The check runs after validation
// and before planning: an operation touching one field the caller may not see is refused whole
// with FORBIDDEN, and no subgraph is called.
import {
  type ArgumentNode,
  type ConstDirectiveNode,
  type DirectiveNode,
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  isAbstractType,
  Kind,
  getNamedType,
  parse,
  TypeInfo,
  valueFromASTUntyped,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import type { Caller } from '../../../lib/internal-auth';

const AUTHENTICATED_SPEC = /^https:\/\/specs\.apollo\.dev\/authenticated\/v[\d.]+$/;
const REQUIRES_SCOPES_SPEC = /^https:\/\/specs\.apollo\.dev\/requiresScopes\/v[\d.]+$/;

/** One requirement: authentication, or at least one of the scope sets (each set: all of its scopes). */
export interface Requirement {
  authenticated: boolean;
  /** OR of ANDs, as in @requiresScopes(scopes: [["a", "b"], ["c"]]) = (a and b) or c */
  anyOf?: string[][];
}

export interface AuthorizationPolicy {
  /** "Type.field" -> requirements that all must hold */
  fields: Map<string, Requirement[]>;
  /** type name -> requirements on every field that returns the type */
  types: Map<string, Requirement[]>;
}

export interface PreparedSupergraph {
  /** the SDL to give @apollo/gateway */
  sdl: string;
  policy: AuthorizationPolicy;
}

interface DirectiveNames {
  authenticated?: string;
  requiresScopes?: string;
}

function stringArg(args: readonly ArgumentNode[] | undefined, name: string): string | undefined {
  const arg = args?.find((a) => a.name.value === name);
  return arg && arg.value.kind === Kind.STRING ? arg.value.value : undefined;
}

function directiveNamesOf(doc: DocumentNode): DirectiveNames {
  const names: DirectiveNames = {};
  for (const def of doc.definitions) {
    if (def.kind !== Kind.SCHEMA_DEFINITION && def.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const link of def.directives ?? []) {
      if (link.name.value !== 'link') continue;
      const url = stringArg(link.arguments, 'url') ?? '';
      const as = stringArg(link.arguments, 'as');
      if (AUTHENTICATED_SPEC.test(url)) names.authenticated = as ?? 'authenticated';
      if (REQUIRES_SCOPES_SPEC.test(url)) names.requiresScopes = as ?? 'requiresScopes';
    }
  }
  return names;
}

function requirementsOf(directives: readonly (ConstDirectiveNode | DirectiveNode)[] | undefined, names: DirectiveNames): Requirement[] {
  const out: Requirement[] = [];
  for (const d of directives ?? []) {
    if (names.authenticated && d.name.value === names.authenticated) out.push({ authenticated: true });
    if (names.requiresScopes && d.name.value === names.requiresScopes) {
      const arg = d.arguments?.find((a) => a.name.value === 'scopes');
      const value = arg ? valueFromASTUntyped(arg.value) : undefined;
      const anyOf = Array.isArray(value) ? value.map((set) => (Array.isArray(set) ? set.map(String) : [String(set)])) : [];
      out.push({ authenticated: true, anyOf });
    }
  }
  return out;
}

/** Reads the security requirements from a supergraph and returns an SDL @apollo/gateway accepts. */
export function prepareSupergraph(supergraphSdl: string): PreparedSupergraph {
  const doc = parse(supergraphSdl);
  const names = directiveNamesOf(doc);
  const policy: AuthorizationPolicy = { fields: new Map(), types: new Map() };
  const add = (map: Map<string, Requirement[]>, key: string, reqs: Requirement[]) => {
    if (reqs.length > 0) map.set(key, [...(map.get(key) ?? []), ...reqs]);
  };
  if (names.authenticated || names.requiresScopes) {
    for (const def of doc.definitions) {
      switch (def.kind) {
        case Kind.OBJECT_TYPE_DEFINITION:
        case Kind.OBJECT_TYPE_EXTENSION:
        case Kind.INTERFACE_TYPE_DEFINITION:
        case Kind.INTERFACE_TYPE_EXTENSION:
          add(policy.types, def.name.value, requirementsOf(def.directives, names));
          for (const field of def.fields ?? []) add(policy.fields, `${def.name.value}.${field.name.value}`, requirementsOf(field.directives, names));
          break;
        case Kind.SCALAR_TYPE_DEFINITION:
        case Kind.ENUM_TYPE_DEFINITION:
          add(policy.types, def.name.value, requirementsOf(def.directives, names));
          break;
        default:
      }
    }
  }
  // the directives stay in the SDL (harmless to the planner); only the SECURITY purpose goes
  const sdl = supergraphSdl.replace(
    /(@link\(\s*url:\s*"https:\/\/specs\.apollo\.dev\/(?:authenticated|requiresScopes)\/v[\d.]+"[^)]*?),\s*for:\s*SECURITY/g,
    '$1',
  );
  return { sdl, policy };
}

export function satisfies(caller: Caller | undefined, req: Requirement): boolean {
  if (!caller) return false;
  if (!req.anyOf) return true;
  return req.anyOf.some((set) => set.every((scope) => caller.scopes.includes(scope)));
}

/** Field coordinates ("Type.field") in `document` that `caller` may not read. */
export function forbiddenFields(schema: GraphQLSchema, document: DocumentNode, policy: AuthorizationPolicy, caller: Caller | undefined): string[] {
  if (policy.fields.size === 0 && policy.types.size === 0) return [];
  const denied = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  const check = (coordinate: string, reqs: Requirement[] | undefined) => {
    if (reqs && !reqs.every((r) => satisfies(caller, r))) denied.add(coordinate);
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        const def = typeInfo.getFieldDef();
        if (!parent || !def || node.name.value.startsWith('__')) return;
        const coordinate = `${parent.name}.${def.name}`;
        check(coordinate, policy.fields.get(coordinate));
        check(coordinate, policy.types.get(getNamedType(def.type).name));
        // a field read through an interface is as protected as its most protected implementation
        if (isAbstractType(parent)) {
          for (const impl of schema.getPossibleTypes(parent)) check(coordinate, policy.fields.get(`${impl.name}.${def.name}`));
        }
      },
    }),
  );
  return [...denied].sort();
}

export function forbidden(fields: string[]): GraphQLError {
  return new GraphQLError(`Not allowed for this caller: ${fields.join(', ')}`, {
    extensions: { code: 'FORBIDDEN', http: { status: 403 } },
  });
}
