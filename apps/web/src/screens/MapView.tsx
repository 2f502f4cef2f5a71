// The map itself, loaded lazily (its own chunk: d3-geo and the country shapes stay out of the
// first load). Offline by design: the shapes are Natural Earth's 1:110m countries bundled from
// world-atlas (ISC), drawn as SVG with a Mercator projection fitted to the pins' bounding box; no
// tile server, nothing leaves the page. Pins drawn closer than a pin's size are one cluster pin
// with a count (a customer's city holds most of their shops); pressing it zooms the map to its
// places, and "Whole map" goes back. Each pin is a button (keyboard: Tab, Enter or Space).
import { type KeyboardEvent, useMemo, useState } from 'react';
import { geoMercator, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countries110m from 'world-atlas/countries-110m.json';
import { canSpread, type Cluster, clusterPoints, frameOf, type MerchantPin } from '../merchant-map';

const WIDTH = 800;
const HEIGHT = 520;
const PAD = 36;
/** pins whose centres are closer than this (in the map's units) are drawn as one */
const CLUSTER_RADIUS = 22;
/** the least a zoomed map spans, in degrees (about 200 m): shops a few metres apart are drawn apart */
const ZOOMED_SPAN = 0.002;

const topology = countries110m as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
const COUNTRIES = feature(topology, topology.objects.countries).features;

export interface MapViewProps {
  merchants: readonly MerchantPin[];
  selected: string | undefined;
  onSelect(key: string): void;
  label: string;
  pinLabel(pin: MerchantPin): string;
  /** a cluster pin's name: its places, the biggest first */
  clusterLabel(pins: readonly MerchantPin[]): string;
  wholeMapLabel: string;
  /** a cluster's count in the app's digits */
  number(n: number): string;
}

/** The shapes and the pins of the merchants in `focus` (all of them without one), clustered. */
function draw(merchants: readonly MerchantPin[], focus: ReadonlySet<string> | null) {
  const framed = focus ? merchants.filter((m) => focus.has(m.key)) : merchants;
  const frame = frameOf(framed.length ? framed : merchants, focus ? ZOOMED_SPAN : 3);
  if (!frame) return null;
  const corners = {
    type: 'MultiPoint' as const,
    coordinates: [
      [frame.west, frame.south],
      [frame.east, frame.north],
    ],
  };
  const projection = geoMercator()
    .fitExtent(
      [
        [PAD, PAD],
        [WIDTH - PAD, HEIGHT - PAD],
      ],
      corners,
    )
    .clipExtent([
      [0, 0],
      [WIDTH, HEIGHT],
    ]);
  const path = geoPath(projection);
  const shapes = COUNTRIES.map((c) => ({ id: String(c.id ?? c.properties?.name), d: path(c) })).filter((s): s is { id: string; d: string } => !!s.d);
  // a zoomed map draws the places that fall inside it, its cluster's and any neighbours'
  const placed = merchants
    .map((m) => {
      const [x, y] = projection([m.lon, m.lat]) ?? [-1, -1];
      return { item: m, x, y };
    })
    .filter((p) => p.x >= 0 && p.x <= WIDTH && p.y >= 0 && p.y <= HEIGHT);
  return { shapes, clusters: clusterPoints(placed, CLUSTER_RADIUS) };
}

const radiusOf = (c: Cluster<MerchantPin>) =>
  6 +
  Math.min(
    c.members.reduce((n, m) => n + m.count, 0),
    8,
  ) +
  (c.members.length > 1 ? 4 : 0);

export default function MapView({ merchants, selected, onSelect, label, pinLabel, clusterLabel, wholeMapLabel, number }: MapViewProps) {
  const [focus, setFocus] = useState<ReadonlySet<string> | null>(null);
  const drawn = useMemo(() => draw(merchants, focus), [merchants, focus]);
  if (!drawn) return null;

  const press = (c: Cluster<MerchantPin>) => {
    const [first] = c.members;
    if (!first) return;
    if (c.members.length > 1 && canSpread(c.members)) setFocus(new Set(c.members.map((m) => m.key)));
    else onSelect(first.key);
  };
  const onKey = (e: KeyboardEvent, c: Cluster<MerchantPin>) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    press(c);
  };
  const holds = (c: Cluster<MerchantPin>) => c.members.some((m) => m.key === selected);
  // the selected pin is drawn last, so it is on top of its neighbours
  const order = [...drawn.clusters].sort((a, b) => Number(holds(a)) - Number(holds(b)));
  return (
    <>
      {focus && (
        <button type="button" className="map-whole" onClick={() => setFocus(null)}>
          {wholeMapLabel}
        </button>
      )}
      <svg className="map" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="group" aria-label={label} direction="ltr">
        <rect width={WIDTH} height={HEIGHT} className="sea" />
        <g aria-hidden="true">
          {drawn.shapes.map((s) => (
            <path key={s.id} d={s.d} className="land" />
          ))}
        </g>
        {order.map((c) => {
          const single = c.members.length === 1 ? c.members[0] : undefined;
          return (
            <g
              key={c.members.map((m) => m.key).join('\n')}
              role="button"
              tabIndex={0}
              className={single ? 'pin' : 'pin cluster'}
              data-testid={single ? 'pin' : 'cluster'}
              data-count={c.members.length}
              data-holds-selected={!single && holds(c) ? 'true' : undefined}
              aria-label={single ? pinLabel(single) : clusterLabel(c.members)}
              aria-pressed={single ? single.key === selected : undefined}
              transform={`translate(${c.x.toFixed(1)} ${c.y.toFixed(1)})`}
              onClick={() => press(c)}
              onKeyDown={(e) => onKey(e, c)}
            >
              <circle r={radiusOf(c)} />
              {!single && (
                <text textAnchor="middle" dominantBaseline="central" aria-hidden="true">
                  {number(c.members.length)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </>
  );
}
