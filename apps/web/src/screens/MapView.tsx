// The map itself, loaded lazily (its own chunk: d3-geo and the country shapes stay out of the
// first load). Offline by design: the shapes are Natural Earth's 1:110m countries bundled from
// world-atlas (ISC), drawn as SVG with a Mercator projection fitted to the pins' bounding box; no
// tile server, nothing leaves the page. Each pin is a button (keyboard: Tab, Enter or Space).
import { type KeyboardEvent, useMemo } from 'react';
import { geoMercator, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countries110m from 'world-atlas/countries-110m.json';
import { frameOf, type MerchantPin } from '../merchant-map';

const WIDTH = 800;
const HEIGHT = 520;
const PAD = 36;

const topology = countries110m as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
const COUNTRIES = feature(topology, topology.objects.countries).features;

export interface MapViewProps {
  merchants: readonly MerchantPin[];
  selected: string | undefined;
  onSelect(key: string): void;
  label: string;
  pinLabel(pin: MerchantPin): string;
}

export default function MapView({ merchants, selected, onSelect, label, pinLabel }: MapViewProps) {
  const drawn = useMemo(() => {
    const frame = frameOf(merchants);
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
    const pins = merchants.map((m) => {
      const [x, y] = projection([m.lon, m.lat]) ?? [0, 0];
      return { pin: m, x, y, r: 6 + Math.min(m.count, 8) };
    });
    return { shapes, pins };
  }, [merchants]);
  if (!drawn) return null;

  const onKey = (e: KeyboardEvent, key: string) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    onSelect(key);
  };
  // the selected pin is drawn last, so it is on top of its neighbours
  const order = [...drawn.pins].sort((a, b) => Number(a.pin.key === selected) - Number(b.pin.key === selected));
  return (
    <svg className="map" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="group" aria-label={label} direction="ltr">
      <rect width={WIDTH} height={HEIGHT} className="sea" />
      <g aria-hidden="true">
        {drawn.shapes.map((s) => (
          <path key={s.id} d={s.d} className="land" />
        ))}
      </g>
      {order.map(({ pin, x, y, r }) => (
        <g
          key={pin.key}
          role="button"
          tabIndex={0}
          className="pin"
          data-testid="pin"
          aria-label={pinLabel(pin)}
          aria-pressed={pin.key === selected}
          transform={`translate(${x.toFixed(1)} ${y.toFixed(1)})`}
          onClick={() => onSelect(pin.key)}
          onKeyDown={(e) => onKey(e, pin.key)}
        >
          <circle r={r} />
        </g>
      ))}
    </svg>
  );
}
