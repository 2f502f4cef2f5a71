// What one operation may ask for. graphql-armor's rules do the measuring (depth, aliases,
// directives); root fields and introspection have small rules of our own, and cost is measured
// per request with its variables (cost.ts). Every refusal carries its own stable code (in
// `extensions.refusal`, because Apollo Server stamps GRAPHQL_VALIDATION_FAILED on anything a
// validation rule reports; the error formatter promotes it to `code`).
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLArmorConfig } from '@escape.tech/graphql-armor-types';
import { type ASTVisitor, type FragmentDefinitionNode, GraphQLError, Kind, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';
import type { GatewayContext } from '../context';
import { COST_REFUSAL_CODE, costLimitPlugin } from './cost';

export interface Limits {
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  maxDirectives: number;
  maxTokens: number;
  /** cost (cost.ts): objects 2, scalars 1, x1.5 per level, x `first`/`last` (literal, variable or schema default) for lists */
  maxCost: number;
  /** request body, bytes */
  maxBodyBytes: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxDepth: 12,
  maxAliases: 30,
  maxRootFields: 10,
  maxDirectives: 20,
  maxTokens: 5000,
  maxCost: 50000,
  maxBodyBytes: 2 * 1024 * 1024,
});

/** The codes a refused operation gets, one per limit. */
export const LIMIT_CODES = {
  depth: 'QUERY_TOO_DEEP',
  aliases: 'TOO_MANY_ALIASES',
  rootFields: 'TOO_MANY_ROOT_FIELDS',
  directives: 'TOO_MANY_DIRECTIVES',
  tokens: 'TOO_MANY_TOKENS',
  cost: COST_REFUSAL_CODE,
  introspection: 'INTROSPECTION_DISABLED',
  body: 'REQUEST_TOO_LARGE',
  batch: 'BATCHING_NOT_SUPPORTED',
} as const;

/** graphql-js's own message when `parse(..., { maxTokens })` gives up. */
// (graphql 16 spells it "more that")
export const TOO_MANY_TOKENS_MESSAGE = /^Syntax Error: Document contains more th(?:an|at) \d+ tokens/;

function refusal(code: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { refusal: code } });
}

/** Reports the armor rule's rejection with our code instead of throwing its generic error. */
function reportAs(code: string) {
  return {
    propagateOnRejection: false,
    onReject: [(ctx: ValidationContext | null, error: GraphQLError) => ctx?.reportError(refusal(code, error.message.replace(/^Syntax Error: /, '')))],
  };
}

function countRootFields(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen: Set<string>): number {
  let n = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) n += sel.name.value === '__typename' ? 0 : 1;
    else if (sel.kind === Kind.INLINE_FRAGMENT) n += countRootFields(sel.selectionSet, fragments, seen);
    else if (!seen.has(sel.name.value)) {
      seen.add(sel.name.value);
      const fragment = fragments.get(sel.name.value);
      if (fragment) n += countRootFields(fragment.selectionSet, fragments, seen);
    }
  }
  return n;
}

/** At most `max` fields at the top of an operation: each is a separate plan and subgraph fetch. */
export function maxRootFieldsRule(max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
      const n = countRootFields(node.selectionSet, fragments, new Set());
      if (n > max) context.reportError(refusal(LIMIT_CODES.rootFields, `Operation has ${n} root fields; at most ${max} are allowed.`));
    },
  });
}

/** Introspection off: __schema and __type are refused (__typename stays, clients need it). */
export const noIntrospectionRule: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value === '__schema' || node.name.value === '__type') {
      context.reportError(refusal(LIMIT_CODES.introspection, 'Introspection is disabled on this server.'));
    }
  },
});

export interface Protection {
  validationRules: ValidationRule[];
  /** limits that need the request's variables (cost): Apollo plugins, as validation is cached per document */
  plugins: ApolloServerPlugin<GatewayContext>[];
  /** goes to Apollo Server's parseOptions: graphql-js stops lexing past this many tokens */
  parseOptions: { maxTokens: number };
}

export function protection(limits: Limits, opts: { introspection: boolean }): Protection {
  // one armor per rule so the most specific refusal comes first (a deep query is also a costly one)
  const only = (config: GraphQLArmorConfig) =>
    new ApolloArmor({
      maxDepth: { enabled: false },
      maxAliases: { enabled: false },
      maxDirectives: { enabled: false },
      costLimit: { enabled: false },
      // graphql-js counts tokens natively (parseOptions below); armor's variant re-parses every request
      maxTokens: { enabled: false },
      // suggestions are dropped by the error formatter in production, and kept in development
      blockFieldSuggestion: { enabled: false },
      ...config,
    }).protect().validationRules;
  return {
    validationRules: [
      ...only({ maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true, ...reportAs(LIMIT_CODES.depth) } }),
      ...only({ maxAliases: { n: limits.maxAliases, ...reportAs(LIMIT_CODES.aliases) } }),
      ...only({ maxDirectives: { n: limits.maxDirectives, ...reportAs(LIMIT_CODES.directives) } }),
      maxRootFieldsRule(limits.maxRootFields),
      ...(opts.introspection ? [] : [noIntrospectionRule]),
    ],
    parseOptions: { maxTokens: limits.maxTokens },
    plugins: [costLimitPlugin<GatewayContext>(limits.maxCost)],
  };
}
