import { Hono } from 'hono';
import { AppError } from '../errors.ts';
import { BOM, csvCell } from './books-csv.ts';
import type { AppEnv } from '../http/app-env.ts';
import { ColumnChart, HBarChart, RateBar } from './charts.tsx';
import { Layout, userOf } from './layout.tsx';
import { PetitionMap, countByArea, loadAreas } from './petition-map.tsx';
import type { Deps } from '../http/app-deps.ts';
import { SATISFIED, computeStats, type Stats } from '../store/stats-read.ts';
import { PILOT_TARGETS, firstToLast } from './stats.ts';

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const change = (v: number | null) =>
  v === null ? '数据不足（需两个月以上）' : `${v <= 0 ? '下降' : '上升'} ${Math.abs(v * 100).toFixed(1)}%`;

function Kpis(props: { s: Stats }) {
  const s = props.s;
  const repeatChange = firstToLast(s.repeat.byMonth);
  const replyChange = firstToLast(s.replyDays.byMonth);
  return (
    <section class="card" aria-labelledby="kpi-title">
      <h2 id="kpi-title">试点指标</h2>
      <div class="grid">
        <div id="kpi-repeat">
          <h3>重复信访率</h3>
          <p class="stat">{pct(s.repeat.rate)}</p>
          <p class="muted">
            {s.repeat.repeats} / {s.repeat.withIdentity} 件（90 天内同一信访人再次来访；仅计登记了身份的事项）
          </p>
          <p>首月到末月：{change(repeatChange)}</p>
          <p class="target">目标：重复信访下降 {PILOT_TARGETS.repeatDrop * 100}%</p>
        </div>
        <div id="kpi-satisfaction">
          <h3>满意率</h3>
          <p class="stat">{pct(s.satisfaction.rate)}</p>
          <RateBar label="满意率" value={s.satisfaction.rate} target={PILOT_TARGETS.satisfaction} />
          <p class="muted">
            {s.satisfaction.satisfied} / {s.satisfaction.total} 次回访（{SATISFIED.join('、')}计为满意）
          </p>
          <p class="target">目标：满意率 {PILOT_TARGETS.satisfaction * 100}%</p>
        </div>
        <div id="kpi-reply">
          <h3>平均答复用时</h3>
          <p class="stat">{s.replyDays.mean === null ? '—' : `${s.replyDays.mean.toFixed(1)} 天`}</p>
          <p class="muted">{s.replyDays.n} 件已答复（从收到到答复）</p>
          <p>首月到末月：{change(replyChange)}</p>
          <p class="target">目标：答复用时下降 {PILOT_TARGETS.replyTimeDrop * 100}%</p>
        </div>
        <div id="kpi-ontime">
          <h3>按期办理率</h3>
          <p class="stat">{pct(s.onTime.rate)}</p>
          <RateBar label="按期率" value={s.onTime.rate} />
          <p class="muted">
            按期 {s.onTime.onTime}，逾期完成 {s.onTime.late}，逾期未完成 {s.onTime.overdueOpen}（法定期限）
          </p>
        </div>
      </div>
    </section>
  );
}

/** The petition map when the operator configured GEOJSON_PATH; a plain note otherwise or when the file is unusable. */
function MapSection(props: { deps: DashboardDeps }) {
  const path = props.deps.config.GEOJSON_PATH;
  if (!path) {
    return (
      <section class="card" aria-labelledby="map-title" id="petition-map">
        <h2 id="map-title">信访地图</h2>
        <p class="muted">
          尚未配置本地区乡镇（街道）边界文件，地图不显示。运维人员配置后即按发生地点绘制信访量和风险分布。
        </p>
      </section>
    );
  }
  try {
    const { title, areas } = loadAreas(path);
    const { counts, unmatched } = countByArea(props.deps.db, areas);
    return <PetitionMap title={title} areas={areas} counts={counts} unmatched={unmatched} />;
  } catch (e) {
    props.deps.log.error('petition map unavailable', { path, error: String(e) });
    return (
      <section class="card" aria-labelledby="map-title" id="petition-map">
        <h2 id="map-title">信访地图</h2>
        <p class="unavailable" role="status">
          边界文件无法读取，信访地图暂不显示（原因已写入服务日志）。
        </p>
      </section>
    );
  }
}

/** What the dashboard uses: the maintained summaries, the clock, the map's GeoJSON path and the log. */
export type DashboardDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'log'>;

/** 统计: volumes and the pilot's indicators, charts drawn on the server from the maintained summaries. */
export function dashboardRoutes(deps: DashboardDeps) {
  const app = new Hono<AppEnv>();
  app.get('/dashboard', (c) => {
    const s = computeStats(deps.db, deps.clock.now());
    return c.html(
      '<!doctype html>' +
      (
        <Layout user={userOf(c)} title="统计分析" active="dashboard">
          <p>
            累计登记 <strong id="total">{s.total}</strong> 件。
          </p>
          <Kpis s={s} />
          <section class="card" aria-labelledby="volume-title">
            <h2 id="volume-title">信访量</h2>
            <ColumnChart
              id="chart-days"
              title="近 30 天每日登记量"
              data={s.byDay}
              keyName="日期"
              shortKey={(k) => k.slice(5)}
              csv="/dashboard/csv/day"
            />
            <div class="grid charts">
              <HBarChart
                id="chart-category"
                title="按类别"
                data={s.byCategory}
                keyName="类别"
                csv="/dashboard/csv/category"
              />
              <HBarChart
                id="chart-channel"
                title="按渠道"
                data={s.byChannel}
                keyName="渠道"
                csv="/dashboard/csv/channel"
              />
              <HBarChart
                id="chart-location"
                title="按地点（前 10）"
                data={s.byLocation}
                keyName="地点"
                csv="/dashboard/csv/location"
              />
              <HBarChart
                id="chart-satisfaction"
                title="回访满意度"
                data={s.satisfaction.byLevel}
                keyName="满意度"
                valueName="次数"
                csv="/dashboard/csv/satisfaction"
              />
            </div>
          </section>
          <MapSection deps={deps} />
          <section class="card" aria-labelledby="trend-title">
            <h2 id="trend-title">月度趋势</h2>
            <div class="grid">
              <ColumnChart
                title="重复信访率（%）"
                data={s.repeat.byMonth.map((m) => ({ key: m.month, n: (m.value ?? 0) * 100 }))}
                keyName="月份"
                valueName="重复率（%）"
                csv="/dashboard/csv/repeat"
              />
              <ColumnChart
                title="平均答复用时（天）"
                data={s.replyDays.byMonth.map((m) => ({ key: m.month, n: m.value ?? 0 }))}
                keyName="月份"
                valueName="天"
                csv="/dashboard/csv/reply"
              />
            </div>
          </section>
        </Layout>
      ),
    );
  });
  app.get('/dashboard/csv/:table', (c) => {
    const table = c.req.param('table');
    const s = computeStats(deps.db, deps.clock.now());
    const t = dashboardTables(s)[table];
    if (!t) throw new AppError(404, 'not_found', `没有名为 ${table} 的统计表`);
    deps.log.info('dashboard table exported', {
      actor: c.var.actor,
      role: c.var.role,
      table,
      request_id: c.var.requestId,
    });
    const csv = BOM + [t.header, ...t.rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
    const day = new Date(deps.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="dashboard-${table}-${day}.csv"; filename*=UTF-8''${encodeURIComponent(`统计-${t.name}-${day}.csv`)}`,
    });
  });
  return app;
}

type Table = { name: string; header: string[]; rows: (string | number)[][] };
const counts = (name: string, key: string, value: string, data: { key: string; n: number }[]): Table => ({
  name,
  header: [key, value],
  rows: data.map((d) => [d.key, d.n]),
});
const months = (name: string, value: string, data: { month: string; value: number | null }[], scale = 1): Table => ({
  name,
  header: ['月份', value],
  rows: data.map((m) => [m.month, m.value === null ? '' : Number((m.value * scale).toFixed(2))]),
});

/** Each table of the dashboard, as exported: the same numbers the charts draw. */
function dashboardTables(s: Stats): Record<string, Table> {
  return {
    day: counts('每日登记量', '日期', '件数', s.byDay),
    category: counts('按类别', '类别', '件数', s.byCategory),
    channel: counts('按渠道', '渠道', '件数', s.byChannel),
    location: counts('按地点', '地点', '件数', s.byLocation),
    satisfaction: counts('回访满意度', '满意度', '次数', s.satisfaction.byLevel),
    repeat: months('重复信访率', '重复率（%）', s.repeat.byMonth, 100),
    reply: months('平均答复用时', '天', s.replyDays.byMonth),
  };
}
