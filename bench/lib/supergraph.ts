// Supergraph files for a bench run: the committed banking supergraph with its routing URLs
// pointed at this run's ports, or a fresh composition of the classic subgraphs. Every peer reads
// the same file, so they all route to the same subgraph processes.
import { composeServices } from '@apollo/composition';
import { type ClassicSubgraphName, CLASSIC_SUBGRAPH_NAMES, classicSubgraph } from '../federation-classic/subgraphs';

const JOIN_GRAPH = /@join__graph\(name:\s*"([^"]+)",\s*url:\s*"([^"]*)"\)/g;

export interface SubgraphRoute {
  name: string;
  url: string;
}

/** The subgraphs of a supergraph SDL with their routing URLs, in the order they are declared. */
export function subgraphsOf(supergraphSdl: string): SubgraphRoute[] {
  return [...supergraphSdl.matchAll(JOIN_GRAPH)].map((m) => ({ name: m[1] ?? '', url: m[2] ?? '' }));
}

/** The same supergraph with routing URLs replaced; a subgraph without a new URL is an error. */
export function routeSupergraph(supergraphSdl: string, urls: Record<string, string>): string {
  const missing: string[] = [];
  const routed = supergraphSdl.replace(JOIN_GRAPH, (_all, name: string) => {
    const url = urls[name];
    if (!url) missing.push(name);
    return `@join__graph(name: "${name}", url: "${url ?? ''}")`;
  });
  if (missing.length > 0) throw new Error(`no URL for subgraph(s) ${missing.join(', ')}`);
  return routed;
}

/**
 * The supergraph as a peer can load it: `@link(..., for: SECURITY)` features (@requiresScopes,
 * @authenticated) are Router features that @apollo/gateway refuses to start with. The directives
 * stay; only the purpose goes, so peers serve the same graph without enforcing those rules (the
 * Corebridge gateway enforces them itself: that work is on its side of the comparison).
 */
export function withoutSecurityLinks(supergraphSdl: string): string {
  return supergraphSdl.replace(/(@link\(\s*url:\s*"[^"]+"[^)]*?),\s*for:\s*SECURITY/g, '$1');
}

export function composeClassic(urls: Record<ClassicSubgraphName, string>): string {
  const result = composeServices(CLASSIC_SUBGRAPH_NAMES.map((name) => ({ name, url: urls[name], typeDefs: classicSubgraph(name).typeDefs })));
  if (result.errors) throw new Error(`federation-classic does not compose: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.supergraphSdl;
}
