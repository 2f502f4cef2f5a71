// The URL a process prints and hands to its tests for where it listens: a wildcard bind (0.0.0.0,
// ::) is reached on loopback from this machine, and an IPv6 address needs brackets in a URL.
import { isIPv6 } from 'node:net';

export function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return isIPv6(host) ? `[${host}]` : host;
}
