import { Hono } from 'hono';
import { CHANNELS } from '../cases/petition-schema.ts';
import { STEPS } from '../cases/workflow.ts';
import { AppError, type FieldIssue } from '../errors.ts';
import type { AppEnv } from '../http/app-env.ts';
import { SearchQuerySchema, type SearchQuery } from '../cases/search-query.ts';
import { type SORTS, filterChoices } from '../store/case-search.ts';
import { type CaseListDeps, findCases, parseSearch, type ListedCase } from './case-list.ts';
import { BulkForm } from './bulk-actions.tsx';
import { Badge, COLOUR_LABELS, Layout, RISK_LABELS, localTime, userOf } from './layout.tsx';
import { csrfOf } from './sources.ts';

const SORT_LABELS: Record<(typeof SORTS)[number], string> = {
  received_desc: '收到时间（新→旧）',
  received_asc: '收到时间（旧→新）',
  risk_desc: '风险分（高→低）',
  due_asc: '办理期限（近→远）',
};

const FIELD_LABELS: Record<string, string> = {
  q: '全文检索',
  case_no: '编号',
  who: '手机号或身份证号',
  status: '环节',
  risk: '风险',
  colour: '三色牌',
  category: '类别',
  department: '承办单位',
  channel: '渠道',
  from: '收到日期起',
  to: '收到日期止',
  overdue: '是否超期',
  sort: '排序',
  limit: '每页条数',
  offset: '偏移',
};

type Params = Record<string, string>;

function Select(props: { name: string; value?: string; options: [string, string][]; any?: string }) {
  return (
    <div class="field">
      <label for={`s-${props.name}`}>{FIELD_LABELS[props.name]}</label>
      <select id={`s-${props.name}`} name={props.name}>
        {props.any !== undefined ? <option value="">{props.any}</option> : null}
        {props.options.map(([v, l]) => (
          <option value={v} selected={props.value === v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}

function Text(props: { name: string; value?: string; type?: string; hint?: string; placeholder?: string }) {
  return (
    <div class="field">
      <label for={`s-${props.name}`}>
        {FIELD_LABELS[props.name]} {props.hint ? <span class="hint">{props.hint}</span> : null}
      </label>
      <input
        id={`s-${props.name}`}
        name={props.name}
        type={props.type ?? 'search'}
        value={props.value ?? ''}
        placeholder={props.placeholder}
      />
    </div>
  );
}

/** The search and filter form: a GET, so every result page has its own address (bookmark, back button, export). */
function SearchForm(props: { p: Params; choices: { categories: string[]; departments: string[] } }) {
  const { p, choices } = props;
  const pairs = (xs: string[]) => xs.map((x): [string, string] => [x, x]);
  return (
    // biome-ignore lint/a11y/useSemanticElements: a form with role="search" works in every browser the offices use; <search> is newer.
    <form method="get" action="/petitions" class="card" role="search" aria-label="检索信访事项">
      <div class="row">
        <Text name="q" value={p.q} hint="（标题和内容，三字以上用全文索引）" />
        <Text name="case_no" value={p.case_no} hint="（如 XF20260302）" />
        <Text name="who" value={p.who} hint="（按密钥哈希匹配，不读取明文）" />
      </div>
      <div class="row">
        <Select name="status" value={p.status} any="全部" options={Object.entries(STEPS)} />
        <Select name="risk" value={p.risk} any="全部" options={Object.entries(RISK_LABELS)} />
        <Select name="colour" value={p.colour} any="全部" options={Object.entries(COLOUR_LABELS)} />
        <Select
          name="overdue"
          value={p.overdue}
          any="全部"
          options={[
            ['true', '已超期'],
            ['false', '未超期'],
          ]}
        />
        <Select name="category" value={p.category} any="全部" options={pairs(choices.categories)} />
        <Select name="department" value={p.department} any="全部" options={pairs(choices.departments)} />
        <Select name="channel" value={p.channel} any="全部" options={pairs([...CHANNELS])} />
        <Text name="from" value={p.from} type="text" placeholder="如 2026-03-01" />
        <Text name="to" value={p.to} type="text" placeholder="如 2026-03-01" />
        <Select name="sort" value={p.sort} options={Object.entries(SORT_LABELS)} />
        <Select name="limit" value={p.limit ?? '20'} options={['20', '50', '100'].map((n) => [n, `${n} 条`])} />
      </div>
      <button type="submit">检索</button> <a href="/petitions">清除条件</a>
    </form>
  );
}

const withParams = (p: Params, extra: Params) => {
  const u = new URLSearchParams(
    Object.entries({ ...p, ...extra }).filter(([k, v]) => v !== undefined && v !== '' && k !== 'bulk_done'),
  );
  return u.toString();
};

function Results(props: {
  items: ListedCase[];
  total: number;
  q: SearchQuery;
  p: Params;
  bulk?: { csrf?: string; departments: string[] };
}) {
  const { items, total, q, p } = props;
  const first = total ? q.offset + 1 : 0;
  const last = q.offset + items.length;
  return (
    <section class="card" aria-labelledby="results-title">
      <h2 id="results-title">检索结果</h2>
      <p id="result-count" role="status">
        共 <strong>{total}</strong> 件{total ? `，显示第 ${first}–${last} 件` : ''}。{' '}
        <a id="export-csv" href={`/petitions.csv?${withParams(p, { offset: '', limit: '' })}`} download>
          导出台账（CSV）
        </a>
      </p>
      {items.length ? (
        <div class="table-wrap">
          <table id="results">
            <thead>
              <tr>
                {props.bulk ? (
                  <th scope="col">
                    <span class="sr-only">选择</span>
                  </th>
                ) : null}
                {['编号', '标题', '收到时间', '环节', '风险', '三色牌', '类别', '承办单位', '渠道'].map((h) => (
                  <th scope="col">{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr>
                  {props.bulk ? (
                    <td>
                      <input type="checkbox" name="ids" value={c.id} form="bulk-form" aria-label={`选择 ${c.id}`} />
                    </td>
                  ) : null}
                  <td class="case-no">
                    <a href={`/petitions/${c.id}`}>{c.id}</a>
                  </td>
                  <td class="wrap">{c.title ?? [...c.text].slice(0, 24).join('') + '…'}</td>
                  <td>{localTime(c.received_at)}</td>
                  <td>{c.status_label}</td>
                  <td>
                    <Badge colour={c.risk_level} text={c.risk_level ? RISK_LABELS[c.risk_level] : '未评估'} />
                  </td>
                  <td>
                    <Badge colour={c.supervision.colour} />
                  </td>
                  <td>{c.category ?? '—'}</td>
                  <td class="wrap">{c.department ?? '—'}</td>
                  <td>{c.channel}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">没有符合条件的信访事项。</p>
      )}
      {props.bulk && items.length ? (
        <BulkForm csrf={props.bulk.csrf} back={withParams(p, {})} departments={props.bulk.departments} />
      ) : null}
      <nav aria-label="分页" class="pager">
        {q.offset > 0 ? (
          <a
            rel="prev"
            id="page-prev"
            href={`/petitions?${withParams(p, { offset: String(Math.max(0, q.offset - q.limit)) })}`}
          >
            上一页
          </a>
        ) : null}{' '}
        {total ? `第 ${Math.floor(q.offset / q.limit) + 1} / ${Math.max(1, Math.ceil(total / q.limit))} 页` : ''}{' '}
        {last < total ? (
          <a rel="next" id="page-next" href={`/petitions?${withParams(p, { offset: String(q.offset + q.limit) })}`}>
            下一页
          </a>
        ) : null}
      </nav>
    </section>
  );
}

function Problems(props: { issues: FieldIssue[] }) {
  return (
    <div class="errors" id="search-errors" tabindex={-1} role="alert">
      <p>检索条件有误：</p>
      <ul>
        {props.issues.map((i) => (
          <li>
            <a href={`#s-${i.path}`}>{FIELD_LABELS[i.path] ?? i.path}</a>：{i.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** 信访事项查询: search the whole register, filter, sort, page, and export what is shown. */
export function searchRoutes(deps: CaseListDeps) {
  const app = new Hono<AppEnv>();
  app.get('/petitions', (c) => {
    const p = c.req.query() as Params;
    const choices = filterChoices(deps.db);
    let q: SearchQuery;
    try {
      q = parseSearch(p);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      const empty = SearchQuerySchema.parse({});
      return c.html(
        '<!doctype html>' +
        (
          <Layout
            user={userOf(c)}
            title="信访事项查询"
            active="search"
            script="document.getElementById('search-errors')?.focus()"
          >
            <Problems issues={e.issues} />
            <SearchForm p={p} choices={choices} />
            <Results items={[]} total={0} q={empty} p={{}} />
          </Layout>
        ),
        400,
      );
    }
    const found = findCases(deps, q);
    // Bulk moves are for the roles that may move a case (http/auth/policy.ts: POST /petitions/bulk).
    const mayMove = ['reception', 'supervisor', 'admin'].includes(c.var.role);
    const done = Number(p.bulk_done);
    return c.html(
      '<!doctype html>' +
      (
        <Layout user={userOf(c)} title="信访事项查询" active="search">
          {done > 0 ? (
            <p class="verify-ok" role="status" id="bulk-done">
              已批量办理 {done} 件。
            </p>
          ) : null}
          <SearchForm p={p} choices={choices} />
          <Results
            items={found.items}
            total={found.total}
            q={q}
            p={p}
            bulk={mayMove ? { csrf: csrfOf(c), departments: choices.departments } : undefined}
          />
        </Layout>
      ),
    );
  });
  return app;
}
