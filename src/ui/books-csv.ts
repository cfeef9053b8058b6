import { CLOCK_RULES, type ClockKind } from '../cases/clocks.ts';
import { STEPS, type Step } from '../cases/workflow.ts';
import type { Role } from '../http/auth/roles.ts';
import type { SearchQuery } from '../cases/search-query.ts';
import { type CaseListDeps, booksOf, openFieldsFor } from './case-list.ts';
import { COLOUR_LABELS, RISK_LABELS, localTime } from './layout.tsx';

/** Excel opens a UTF-8 CSV as UTF-8 only when it starts with a byte-order mark. */
export const BOM = '\uFEFF';

/** One quoted CSV cell. */
export const csvCell = (v: string | number | null | undefined) => {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote always; a leading = + - @ would be run as a formula by a spreadsheet (CSV injection).
  return `"${(/^[=+\-@\t\r]/.test(s) ? `'${s}` : s).replaceAll('"', '""')}"`;
};

const STEP_COLUMNS = (Object.keys(STEPS) as Step[]).filter((s) => s !== 'registered');
const CLOCK_KINDS = Object.keys(CLOCK_RULES) as ClockKind[];

/** The header row: the case, each step's time, each clock's deadline and when it was met, the petitioner. */
export const BOOK_COLUMNS = [
  '编号',
  '标题',
  '渠道',
  '收到时间',
  '发生地点',
  '类别',
  '承办单位',
  '风险等级',
  '风险分',
  '当前环节',
  '三色牌',
  '剩余天数',
  '是否超期',
  ...STEP_COLUMNS.map((s) => `${STEPS[s]}时间`),
  ...CLOCK_KINDS.flatMap((k) => [`${CLOCK_RULES[k].label}期限`, `${CLOCK_RULES[k].label}完成时间`]),
  '信访人',
  '联系电话',
  '身份证号',
];

/** The books (台账) of the filtered register as CSV with BOM; identities masked unless the role may read them. */
export function booksCsv(
  deps: CaseListDeps,
  q: SearchQuery,
  role: Role,
): { csv: string; rows: number; unmasked: string[]; shown: string[] } {
  const books = booksOf(deps, q, role);
  const lines = [BOOK_COLUMNS.map(csvCell).join(',')];
  for (const { view: v, steps, petitioner: who } of books) {
    const clock = (k: ClockKind) => v.deadlines.find((d) => d.kind === k);
    lines.push(
      [
        v.id,
        v.title,
        v.channel,
        localTime(v.received_at),
        v.location,
        v.category,
        v.department,
        v.risk_level ? RISK_LABELS[v.risk_level] : '未评估',
        v.risk_score === null ? '' : v.risk_score.toFixed(2),
        v.status_label,
        COLOUR_LABELS[v.supervision.colour],
        v.supervision.days_left,
        v.deadlines.some((d) => d.overdue) ? '是' : '否',
        ...STEP_COLUMNS.map((s) => (steps[s] ? localTime(steps[s]) : '')),
        ...CLOCK_KINDS.flatMap((k) => [clock(k)?.due_at ?? '', clock(k)?.met_at ? localTime(clock(k)!.met_at) : '']),
        who?.name,
        who?.phone,
        who?.id_number,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  const unmasked = openFieldsFor(role);
  // The petitions whose petitioner appears unmasked: each gets a pii_read in its case file (csvResponse).
  const shown = unmasked.length ? books.filter((b) => b.petitioner).map((b) => b.view.id) : [];
  return { csv: BOM + lines.join('\r\n') + '\r\n', rows: books.length, unmasked, shown };
}
