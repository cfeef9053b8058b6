import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Db } from '../store/db.ts';
import { placeCounts } from '../store/read-model.ts';

type Ring = [number, number][];
const Position = z.tuple([z.number(), z.number()]).rest(z.number());
const GeometrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(Position)) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(Position))) }),
]);
const AreasSchema = z.object({
  type: z.literal('FeatureCollection'),
  name: z.string().optional(),
  features: z
    .array(z.object({ properties: z.object({ name: z.string().min(1) }).loose(), geometry: GeometrySchema }))
    .min(1),
});

/** One township: its name and its outer rings (holes are not drawn at this scale). */
export interface Area {
  name: string;
  rings: Ring[];
}

/** Reads the operator's GeoJSON (a FeatureCollection of Polygon/MultiPolygon with properties.name); throws naming the problem. */
export function loadAreas(path: string): { title: string | null; areas: Area[] } {
  const parsed = AreasSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `GEOJSON_PATH ${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const areas = parsed.data.features.map((f) => ({
    name: f.properties.name,
    rings: (f.geometry.type === 'Polygon' ? [f.geometry.coordinates[0]] : f.geometry.coordinates.map((p) => p[0])).map(
      (r) => r.map(([x, y]) => [x, y] as [number, number]),
    ),
  }));
  return { title: parsed.data.name ?? null, areas };
}

/** The distinctive part of a township's name: 高沟镇 → 高沟, 东城街道 → 东城 (a petition may leave the suffix out). */
const stem = (name: string) => name.replace(/(?:街道办事处|街道|镇|乡|社区|村)$/, '');

/** The area a free-text location names: the longest area name (or its stem) it contains; null when none. */
export function matchArea(location: string, areas: Area[]): string | null {
  let best: { name: string; len: number } | null = null;
  for (const a of areas) {
    for (const key of [a.name, stem(a.name)]) {
      if ([...key].length >= 2 && location.includes(key) && (!best || key.length > best.len))
        best = { name: a.name, len: key.length };
    }
  }
  return best?.name ?? null;
}

export interface AreaCount {
  name: string;
  total: number;
  /** Petitions assessed red or yellow. */
  warned: number;
}

/** Petitions per area and how many of them were warned (red/yellow); locations no area names are counted apart. */
export function countByArea(db: Db, areas: Area[]): { counts: AreaCount[]; unmatched: number } {
  // Per location from the maintained summary (migration 017), not a scan of the petitions.
  const rows = placeCounts(db);
  const byName = new Map(areas.map((a) => [a.name, { name: a.name, total: 0, warned: 0 }]));
  let unmatched = 0;
  for (const r of rows) {
    const name = matchArea(r.location, areas);
    if (!name) unmatched += r.n;
    else {
      byName.get(name)!.total += r.n;
      byName.get(name)!.warned += r.warned;
    }
  }
  return { counts: [...byName.values()], unmatched };
}

const W = 460;
const H = 340;
const BLUES = ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'];
const REDS = ['#fff5eb', '#fdd0a2', '#fd8d3c', '#d94801', '#8c2d04'];

/** Longitude/latitude to the SVG box, keeping proportions (longitude shrunk by cos of the mean latitude). */
function projector(areas: Area[]) {
  const pts = areas.flatMap((a) => a.rings.flat());
  const lat0 = (Math.min(...pts.map((p) => p[1])) + Math.max(...pts.map((p) => p[1]))) / 2;
  const k = Math.cos((lat0 * Math.PI) / 180);
  const xs = pts.map((p) => p[0] * k);
  const ys = pts.map((p) => p[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const s = Math.min((W - 20) / (maxX - minX || 1), (H - 20) / (maxY - minY || 1));
  return ([x, y]: [number, number]) => [10 + (x * k - minX) * s, 10 + (maxY - y) * s] as const;
}

const pathOf = (a: Area, p: ReturnType<typeof projector>) =>
  a.rings
    .map(
      (r) =>
        'M' +
        r
          .map((pt) =>
            p(pt)
              .map((v) => v.toFixed(1))
              .join(','),
          )
          .join('L') +
        'Z',
    )
    .join('');

function centre(a: Area, p: ReturnType<typeof projector>) {
  const pts = a.rings[0].map(p);
  return [pts.reduce((s, q) => s + q[0], 0) / pts.length, pts.reduce((s, q) => s + q[1], 0) / pts.length];
}

/** One choropleth: each area filled by its class of `value`, named, with its figure in a tooltip and a legend. */
function Choropleth(props: {
  id: string;
  title: string;
  areas: Area[];
  value: (name: string) => number;
  label: (name: string) => string;
  max: number;
  palette: string[];
  legend: string[];
}) {
  const p = projector(props.areas);
  const cls = (v: number) =>
    props.max <= 0 ? 0 : Math.min(props.palette.length - 1, Math.floor((v / props.max) * props.palette.length));
  return (
    <figure id={props.id}>
      <figcaption>{props.title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H + 30}`} width="100%" role="img" aria-label={props.title}>
        {props.areas.map((a) => (
          <path
            d={pathOf(a, p)}
            fill={props.palette[cls(props.value(a.name))]}
            stroke="#4a5568"
            stroke-width="1"
            data-area={a.name}
          >
            <title>{`${a.name}：${props.label(a.name)}`}</title>
          </path>
        ))}
        {props.areas.map((a) => {
          const [x, y] = centre(a, p);
          return (
            <text
              x={x.toFixed(1)}
              y={y.toFixed(1)}
              text-anchor="middle"
              font-size="13"
              paint-order="stroke"
              stroke="#fff"
              stroke-width="3"
            >
              {a.name}
            </text>
          );
        })}
        {props.palette.map((c, i) => (
          <g>
            <rect x={10 + i * 88} y={H + 8} width="16" height="14" fill={c} stroke="#4a5568" />
            <text x={30 + i * 88} y={H + 20} font-size="12">
              {props.legend[i]}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}

/** 信访地图: volume and the share of red/yellow petitions per township, drawn on the server as SVG. */
export function PetitionMap(props: { title: string | null; areas: Area[]; counts: AreaCount[]; unmatched: number }) {
  const by = new Map(props.counts.map((c) => [c.name, c]));
  const total = (n: string) => by.get(n)?.total ?? 0;
  const share = (n: string) => (total(n) ? by.get(n)!.warned / total(n) : 0);
  const maxTotal = Math.max(1, ...props.counts.map((c) => c.total));
  const step = Math.ceil(maxTotal / 5);
  const volumeLegend = BLUES.map((_, i) => `${i * step}–${(i + 1) * step} 件`);
  const shareLegend = REDS.map((_, i) => `${i * 20}–${(i + 1) * 20}%`);
  return (
    <section class="card" aria-labelledby="map-title" id="petition-map">
      <h2 id="map-title">信访地图{props.title ? `：${props.title}` : ''}</h2>
      <div class="grid charts">
        <Choropleth
          id="map-volume"
          title="信访量"
          areas={props.areas}
          value={total}
          label={(n) => `${total(n)} 件`}
          max={step * 5}
          palette={BLUES}
          legend={volumeLegend}
        />
        <Choropleth
          id="map-risk"
          title="红色、黄色风险占比"
          areas={props.areas}
          value={share}
          label={(n) => `${(share(n) * 100).toFixed(0)}%（${by.get(n)?.warned ?? 0} / ${total(n)} 件）`}
          max={1}
          palette={REDS}
          legend={shareLegend}
        />
      </div>
      <details>
        <summary>地图数据表</summary>
        <table id="map-table">
          <thead>
            <tr>
              <th scope="col">乡镇（街道）</th>
              <th scope="col">信访量</th>
              <th scope="col">红色、黄色风险</th>
              <th scope="col">占比</th>
            </tr>
          </thead>
          <tbody>
            {props.counts.map((c) => (
              <tr>
                <td>{c.name}</td>
                <td>{c.total}</td>
                <td>{c.warned}</td>
                <td>{c.total ? `${((c.warned / c.total) * 100).toFixed(1)}%` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      {props.unmatched ? (
        <p class="muted">另有 {props.unmatched} 件的发生地点未能对应到地图上的乡镇（街道）。</p>
      ) : null}
    </section>
  );
}
