// The map's data: card purchases grouped by the merchant where they were made. A merchant is its
// name at its location (a chain has one outlet per city, each its own pin). Totals are bigint
// minor units of the account's currency, never floats; coordinates are only ever for drawing.
import { toMinor } from './money';

export interface MapPurchase {
  id: string;
  bookedAt: string;
  amount: { amount: string; currency: string };
  merchant?: {
    name: string;
    city?: string | null;
    country?: string | null;
    location?: { lat: number; lon: number } | null;
  } | null;
}

export interface MerchantPin {
  key: string;
  name: string;
  city: string | null;
  country: string | null;
  lat: number;
  lon: number;
  count: number;
  /** minor units of `currency` */
  total: bigint;
  currency: string;
  purchases: MapPurchase[];
}

export interface MerchantMapData {
  merchants: MerchantPin[];
  /** purchases at a merchant without a location (online shops, subscriptions) */
  unlocated: number;
  /** debits with a merchant: the card purchases counted */
  purchases: number;
}

/** Groups debits by merchant; most purchases first, then by name. Debits without a merchant (transfers, fees) are left out. */
export function groupByMerchant(debits: readonly MapPurchase[], currency: string): MerchantMapData {
  const byKey = new Map<string, MerchantPin>();
  let unlocated = 0;
  let purchases = 0;
  for (const p of debits) {
    const m = p.merchant;
    if (!m) continue;
    purchases += 1;
    if (!m.location) {
      unlocated += 1;
      continue;
    }
    const key = `${m.name}|${m.location.lat}|${m.location.lon}`;
    let pin = byKey.get(key);
    if (!pin) {
      pin = { key, name: m.name, city: m.city ?? null, country: m.country ?? null, ...m.location, count: 0, total: 0n, currency, purchases: [] };
      byKey.set(key, pin);
    }
    pin.count += 1;
    // amounts are in the account's currency (the schema says so); a different one would be a bug upstream
    pin.total += toMinor(p.amount.amount, currency);
    pin.purchases.push(p);
  }
  const merchants = [...byKey.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name) || a.key.localeCompare(b.key));
  return { merchants, unlocated, purchases };
}

export interface Frame {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** The pins' bounding box, at least `minSpan` degrees each way so a single pin still has a map around it. */
export function frameOf(pins: readonly { lat: number; lon: number }[], minSpan = 3): Frame | null {
  if (pins.length === 0) return null;
  let west = Infinity;
  let east = -Infinity;
  let south = Infinity;
  let north = -Infinity;
  for (const p of pins) {
    west = Math.min(west, p.lon);
    east = Math.max(east, p.lon);
    south = Math.min(south, p.lat);
    north = Math.max(north, p.lat);
  }
  const grow = (lo: number, hi: number): [number, number] => {
    const missing = minSpan - (hi - lo);
    return missing > 0 ? [lo - missing / 2, hi + missing / 2] : [lo, hi];
  };
  [west, east] = grow(west, east);
  [south, north] = grow(south, north);
  return { west, south, east, north: Math.min(north, 85) };
}

export interface Placed<T> {
  item: T;
  x: number;
  y: number;
}

export interface Cluster<T> {
  /** where it is drawn: its first member's place */
  x: number;
  y: number;
  /** in the order given; the first is the anchor */
  members: T[];
}

/**
 * Groups points drawn closer than `radius` to one another, so that twenty shops in one city do not
 * hide under one pin. Greedy, in the order given (most purchases first): a point joins the first
 * cluster whose anchor is within `radius`, else anchors a new one. Anchors stay where they are, so
 * a cluster never drifts onto its neighbour and the biggest merchant keeps its own place.
 */
export function clusterPoints<T>(points: readonly Placed<T>[], radius: number): Cluster<T>[] {
  const clusters: Cluster<T>[] = [];
  const r2 = radius * radius;
  for (const p of points) {
    const near = clusters.find((c) => (c.x - p.x) ** 2 + (c.y - p.y) ** 2 < r2);
    if (near) near.members.push(p.item);
    else clusters.push({ x: p.x, y: p.y, members: [p.item] });
  }
  return clusters;
}

/** Whether a frame around these pins would draw them apart: not when they share one place. */
export function canSpread(pins: readonly { lat: number; lon: number }[]): boolean {
  const frame = frameOf(pins, 0);
  return !!frame && (frame.east - frame.west > 1e-4 || frame.north - frame.south > 1e-4);
}
