/**
 * Small SVG charts drawn on the server. Each has a title and a text table fallback (a <details> table),
 * so screen-reader users get the numbers, not a picture of them.
 */
export interface Datum {
  key: string;
  n: number;
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

function DataTable(props: { data: Datum[]; keyName: string; valueName: string; csv?: string }) {
  return (
    <details>
      <summary>
        数据表
        {props.csv ? (
          <>
            {' · '}
            <a href={props.csv} class="csv-link" download>
              导出 CSV
            </a>
          </>
        ) : null}
      </summary>
      <table>
        <thead>
          <tr>
            <th scope="col">{props.keyName}</th>
            <th scope="col">{props.valueName}</th>
          </tr>
        </thead>
        <tbody>
          {props.data.map((d) => (
            <tr>
              <td>{d.key}</td>
              <td>{fmt(d.n)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

const LABEL_CHARS = 8;

/** Splits a label into lines of at most `n` characters (by code point, so no character is cut in half). */
export function wrapLabel(label: string, n: number): string[] {
  const chars = [...label];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += n) out.push(chars.slice(i, i + n).join(''));
  return out.length ? out : [''];
}

/** Horizontal bars: one row per key, value printed at the bar's end. */
export function HBarChart(props: {
  title: string;
  data: Datum[];
  keyName: string;
  valueName?: string;
  id?: string;
  csv?: string;
}) {
  const lineH = 16;
  const labelW = 120;
  const width = 380;
  const max = Math.max(1, ...props.data.map((d) => d.n));
  // Long place names wrap onto more lines (8 characters each) instead of being cut.
  const lines = props.data.map((d) => wrapLabel(d.key, LABEL_CHARS));
  const rowHs = lines.map((l) => Math.max(24, l.length * lineH + 8));
  const tops = rowHs.map((_, i) => rowHs.slice(0, i).reduce((a, b) => a + b, 0) + 4);
  const h =
    Math.max(
      24,
      rowHs.reduce((a, b) => a + b, 0),
    ) + 8;
  return (
    <figure id={props.id}>
      <figcaption>{props.title}</figcaption>
      {props.data.length ? (
        <svg viewBox={`0 0 ${width} ${h}`} width="100%" role="img" aria-label={props.title}>
          {props.data.map((d, i) => {
            const w = ((width - labelW - 50) * d.n) / max;
            const y = tops[i];
            const mid = y + rowHs[i] / 2 - 4;
            return (
              <g>
                <text x={labelW - 6} y={y + 15} text-anchor="end" font-size="13">
                  {lines[i].map((l, j) => (
                    <tspan x={labelW - 6} dy={j ? lineH : 0}>
                      {l}
                    </tspan>
                  ))}
                </text>
                <rect x={labelW} y={mid - 8} width={Math.max(w, 1)} height={16} fill="#1f5fbf" />
                <text x={labelW + w + 6} y={mid + 5} font-size="13">
                  {fmt(d.n)}
                </text>
              </g>
            );
          })}
        </svg>
      ) : (
        <p class="muted">暂无数据</p>
      )}
      <DataTable data={props.data} keyName={props.keyName} valueName={props.valueName ?? '件数'} csv={props.csv} />
    </figure>
  );
}

/** Vertical columns over time (one per day or month); every nth label is shown to keep them readable. */
export function ColumnChart(props: {
  title: string;
  data: Datum[];
  keyName: string;
  valueName?: string;
  id?: string;
  shortKey?: (k: string) => string;
  csv?: string;
}) {
  const width = 640;
  const height = 200;
  const pad = { l: 36, r: 8, t: 10, b: 28 };
  const max = Math.max(1, ...props.data.map((d) => d.n));
  const colW = (width - pad.l - pad.r) / Math.max(1, props.data.length);
  const every = Math.ceil(props.data.length / 10);
  // A month or two of data must not turn into one wall-wide block.
  const barW = Math.max(1, Math.min(colW - 2, 48));
  const y = (v: number) => pad.t + (height - pad.t - pad.b) * (1 - v / max);
  const short = props.shortKey ?? ((k: string) => k);
  return (
    <figure id={props.id}>
      <figcaption>{props.title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={props.title}>
        <line x1={pad.l} y1={height - pad.b} x2={width - pad.r} y2={height - pad.b} stroke="#8a94a3" />
        <text x={pad.l - 4} y={pad.t + 10} text-anchor="end" font-size="11">
          {fmt(max)}
        </text>
        <text x={pad.l - 4} y={height - pad.b} text-anchor="end" font-size="11">
          0
        </text>
        {props.data.map((d, i) => (
          <g>
            <rect
              x={pad.l + i * colW + (colW - barW) / 2}
              y={y(d.n)}
              width={barW}
              height={height - pad.b - y(d.n)}
              fill="#1f5fbf"
            >
              <title>{`${d.key}：${fmt(d.n)}`}</title>
            </rect>
            {i % every === 0 ? (
              <text x={pad.l + i * colW + colW / 2} y={height - 10} text-anchor="middle" font-size="11">
                {short(d.key)}
              </text>
            ) : null}
          </g>
        ))}
      </svg>
      <DataTable data={props.data} keyName={props.keyName} valueName={props.valueName ?? '件数'} csv={props.csv} />
    </figure>
  );
}

/** A 0–100% gauge bar with a marker at the target. */
export function RateBar(props: { label: string; value: number | null; target?: number; id?: string }) {
  const width = 300;
  const v = props.value ?? 0;
  return (
    <svg
      id={props.id}
      viewBox={`0 0 ${width} 28`}
      width={width}
      role="img"
      aria-label={`${props.label} ${props.value === null ? '无数据' : `${(v * 100).toFixed(1)}%`}${props.target !== undefined ? `，目标 ${props.target * 100}%` : ''}`}
    >
      <rect x="0" y="6" width={width} height="14" fill="#e6e9ee" rx="3" />
      <rect
        x="0"
        y="6"
        width={width * Math.max(0, Math.min(1, v))}
        height="14"
        fill={props.target !== undefined && v >= props.target ? '#1b6e3a' : '#c2410c'}
        rx="3"
      />
      {props.target !== undefined ? (
        <line x1={width * props.target} x2={width * props.target} y1="0" y2="28" stroke="#1d2430" stroke-width="2" />
      ) : null}
    </svg>
  );
}
