import { CHANNELS, PetitionInputSchema, SOURCES, type PetitionInput } from '../cases/petition-schema.ts';
import type { FieldIssue } from '../errors.ts';

/** The form's field names; petitioner fields are flattened with a `petitioner_` prefix. */
export type FormValues = Record<string, string>;

const PETITIONER_FIELDS = ['name', 'phone', 'id_number', 'address'] as const;

const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());

/** A datetime-local value (no zone) is the office's local time, UTC+8. */
export function localToIso(value: string | undefined): string | undefined {
  const v = blank(value);
  if (!v) return undefined;
  // Typed as the office writes it (2026-03-02 09:30, 24-hour) or sent by a datetime-local control (T).
  const typed = /^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})$/.exec(v);
  if (typed) return `${typed[1]}T${typed[2].padStart(2, '0')}:${typed[3]}:00+08:00`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(v)) return `${v}+08:00`;
  return v;
}

/** Turns the posted form into a petition input, or lists every field problem (paths as in the API). */
export function parseReceptionForm(
  form: FormValues,
): { ok: true; input: PetitionInput } | { ok: false; issues: FieldIssue[] } {
  const petitioner = Object.fromEntries(
    PETITIONER_FIELDS.map((k) => [k, blank(form[`petitioner_${k}`])]).filter(([, v]) => v !== undefined),
  );
  const candidate = {
    text: form.text ?? '',
    title: blank(form.title),
    channel: blank(form.channel),
    source: blank(form.source),
    received_at: localToIso(form.received_at),
    location: blank(form.location),
    petitioner: Object.keys(petitioner).length ? petitioner : undefined,
  };
  const parsed = PetitionInputSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, input: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => {
      const path = i.path.join('.') || '(form)';
      return { path, message: chineseMessage(path, i.code, i.message) };
    }),
  };
}

/** The schema speaks English to API clients; staff at the counter read Chinese. Unknown cases keep the original. */
function chineseMessage(path: string, code: string, message: string): string {
  if (path === 'text') return code === 'too_big' ? '信访内容最多 20000 字' : '请填写信访内容';
  if (path === 'petitioner.id_number') return '请填写 18 位居民身份证号';
  if (path === 'petitioner.phone') return '请填写 5–20 位的电话号码';
  if (path === 'received_at') return '请按“2026-03-02 09:30”的格式填写日期和时间（24 小时制）';
  if (code === 'too_big') return '内容过长';
  if (code === 'invalid_value') return '请从列表中选择';
  return message;
}

const FIELD_NAMES: Record<string, string> = {
  text: '信访内容',
  title: '标题',
  channel: '渠道',
  source: '来源热线',
  received_at: '收到时间',
  location: '发生地点',
  'petitioner.name': '信访人姓名',
  'petitioner.phone': '联系电话',
  'petitioner.id_number': '身份证号',
  'petitioner.address': '住址',
};

/** The form field that an API issue path belongs to, e.g. petitioner.phone → petitioner_phone. */
const fieldOf = (path: string) => path.replace('.', '_');

function Field(props: {
  name: string;
  label: string;
  hint?: string;
  issues: FieldIssue[];
  values: FormValues;
  type?: string;
  required?: boolean;
  autocomplete?: string;
}) {
  const id = `f-${props.name}`;
  const errs = props.issues.filter((i) => fieldOf(i.path) === props.name);
  const describedBy =
    [props.hint ? `${id}-hint` : '', errs.length ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={id}>
        {props.label}
        {props.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {props.hint ? (
        <span id={`${id}-hint`} class="hint">
          {props.hint}
        </span>
      ) : null}
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.values[props.name] ?? ''}
        required={props.required}
        autocomplete={props.autocomplete ?? 'off'}
        aria-invalid={errs.length ? 'true' : undefined}
        aria-describedby={describedBy}
      />
      {errs.length ? (
        <span id={`${id}-err`} class="field-error">
          {errs.map((e) => e.message).join('；')}
        </span>
      ) : null}
    </div>
  );
}

function Select(props: {
  name: string;
  label: string;
  options: readonly string[];
  values: FormValues;
  empty?: string;
}) {
  const id = `f-${props.name}`;
  const current = props.values[props.name] ?? '';
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name}>
        {props.empty !== undefined ? <option value="">{props.empty}</option> : null}
        {props.options.map((o) => (
          <option value={o} selected={current === o}>
            {o}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The registration form: a real POST, usable without JavaScript and by keyboard alone. */
export function ReceptionForm(props: { values?: FormValues; issues?: FieldIssue[]; csrf?: string }) {
  const values = props.values ?? {};
  const issues = props.issues ?? [];
  const textErrs = issues.filter((i) => i.path === 'text');
  return (
    <form method="post" action="/reception" class="card" aria-labelledby="form-title">
      <h2 id="form-title">登记信访事项</h2>
      {issues.length ? (
        <div class="errors" role="alert" id="form-errors" tabindex={-1}>
          <p>
            <strong>登记未完成，请更正以下 {issues.length} 处问题：</strong>
          </p>
          <ul>
            {issues.map((i) => (
              <li>
                <a href={`#f-${fieldOf(i.path)}`}>{FIELD_NAMES[i.path] ?? i.path}</a>：{i.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {props.csrf ? <input type="hidden" name="_csrf" value={props.csrf} /> : null}
      <div class="field">
        <label for="f-text">
          信访内容<span aria-hidden="true"> *</span>
        </label>
        <span id="f-text-hint" class="hint">
          粘贴来信、来电记录或网上信访原文（最多 20000 字）
        </span>
        <textarea
          id="f-text"
          name="text"
          required
          aria-describedby={textErrs.length ? 'f-text-hint f-text-err' : 'f-text-hint'}
          aria-invalid={textErrs.length ? 'true' : undefined}
        >
          {values.text ?? ''}
        </textarea>
        {textErrs.length ? (
          <span id="f-text-err" class="field-error">
            {textErrs.map((e) => e.message).join('；')}
          </span>
        ) : null}
      </div>
      <div class="row">
        <Field name="title" label="标题" issues={issues} values={values} />
        <Select name="channel" label="渠道" options={CHANNELS} values={values} />
        <Select name="source" label="来源热线" options={SOURCES} values={values} empty="（无）" />
        <Field
          name="received_at"
          label="收到时间"
          hint="北京时间，如 2026-03-02 09:30（24 小时制）；留空为当前时间"
          issues={issues}
          values={values}
        />
        <Field name="location" label="发生地点" issues={issues} values={values} />
      </div>
      <fieldset>
        <legend>信访人</legend>
        <div class="row">
          <Field name="petitioner_name" label="姓名" issues={issues} values={values} autocomplete="off" />
          <Field name="petitioner_phone" label="联系电话" type="tel" issues={issues} values={values} />
          <Field name="petitioner_id_number" label="身份证号" hint="18 位" issues={issues} values={values} />
          <Field name="petitioner_address" label="住址" issues={issues} values={values} />
        </div>
      </fieldset>
      <button type="submit">登记并分析</button>
    </form>
  );
}
