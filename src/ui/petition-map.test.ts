import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PetitionInputSchema } from '../cases/petition-schema.ts';
import { simpleTriage } from '../alerts/testing/simple-triage.ts';
import { createTestApp } from '../testing/test-app.ts';
import { loadAreas, matchArea } from './petition-map.tsx';

const SAMPLE = join(process.cwd(), 'fixtures/geo/qinghe-county.geojson');

describe('the petition map', () => {
  it('matches a free-text location to the township it names, with or without the suffix', () => {
    const { areas } = loadAreas(SAMPLE);
    expect(areas.map((a) => a.name).sort()).toEqual(
      ['东城街道', '北山乡', '南湖街道', '城关镇', '西河乡', '高沟镇'].sort(),
    );
    expect(matchArea('青禾县高沟镇陈师村第三村民小组', areas)).toBe('高沟镇');
    expect(matchArea('东城幸福小区', areas)).toBe('东城街道');
    expect(matchArea('外县', areas)).toBeNull();
  });

  it('refuses a file that is not a FeatureCollection of named polygons, naming the problem', () => {
    const bad = join(tmpdir(), `bad-${process.pid}.geojson`);
    writeFileSync(
      bad,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [{ properties: {}, geometry: { type: 'Point', coordinates: [1, 2] } }],
      }),
    );
    expect(() => loadAreas(bad)).toThrow(/GEOJSON_PATH .*features\.0/);
  });

  it('draws volume and red/yellow share per township on the dashboard when GEOJSON_PATH is set', async () => {
    const t = await createTestApp({ config: { GEOJSON_PATH: SAMPLE }, overrides: { triage: simpleTriage } });
    const reg = (location: string, text: string) =>
      t.deps.cases.register(PetitionInputSchema.parse({ text, location, channel: '走访', attachments: [] }), 'seed');
    for (let i = 0; i < 4; i++) reg('高沟镇陈师村', `村里道路坑洼第${i}次反映`);
    reg('高沟镇', '我们几十个人明天一起去县政府门口拉横幅');
    reg('西河', '河道垃圾无人清理');
    reg('外县某地', '路过时被罚款');
    const html = await (await t.app.request('/dashboard')).text();
    expect(html).toContain('信访地图：青禾县（虚构，仅供演示）');
    expect(html).toMatch(/<path d="M[^"]+" fill="#08519c"[^>]*data-area="高沟镇"><title>高沟镇：5 件<\/title>/);
    expect(html).toMatch(/<td>高沟镇<\/td><td>5<\/td><td>1<\/td><td>20\.0%<\/td>/);
    expect(html).toMatch(/<td>西河乡<\/td><td>1<\/td>/);
    expect(html).toContain('另有 1 件的发生地点未能对应');
  });

  it('says plainly that no map is configured', async () => {
    const t = await createTestApp();
    expect(await (await t.app.request('/dashboard')).text()).toContain('尚未配置本地区乡镇（街道）边界文件');
  });
});

describe('dashboard tables as CSV', () => {
  it('exports each table with a BOM and its header; 404 for an unknown table', async () => {
    const t = await createTestApp({ overrides: { triage: simpleTriage } });
    t.deps.cases.register(
      PetitionInputSchema.parse({ text: '路灯不亮', location: '城关镇', channel: '电话', attachments: [] }),
      'seed',
    );
    const res = await t.app.request('/dashboard/csv/channel');
    expect(res.status).toBe(200);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text).toBe('\uFEFF"渠道","件数"\r\n"电话","1"\r\n');
    const html = await (await t.app.request('/dashboard')).text();
    for (const table of ['day', 'category', 'channel', 'location', 'satisfaction', 'repeat', 'reply']) {
      expect(html).toContain(`href="/dashboard/csv/${table}"`);
      expect((await t.app.request(`/dashboard/csv/${table}`)).status).toBe(200);
    }
    expect((await t.app.request('/dashboard/csv/nope')).status).toBe(404);
  });
});
