import type { PetitionView } from '../cases/case-view.ts';
import { HighlightedText, splitBySpans } from './highlight.tsx';
import { EMOTION_LABELS, SIGNAL_LABELS, label } from './labels.ts';
import { Badge, RISK_LABELS, Unavailable } from './layout.tsx';
import type { ShownAnalysis } from './sources.ts';

/** Holdings are long; the first sentences are enough to judge relevance, the rest opens on demand. */
const HOLDING_CHARS = 120;

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** One labelled horizontal bar; the number is printed too, so the bar is not the only cue. */
function Bar(props: { name: string; value: number; top?: boolean }) {
  return (
    <div class={props.top ? 'bar top' : 'bar'}>
      <span>{props.name}</span>
      <span class="track" role="img" aria-label={`${props.name} ${pct(props.value)}`}>
        <span class="fill" style={`width:${pct(Math.max(0, Math.min(1, props.value)))};display:block`} />
      </span>
      <span>{pct(props.value)}</span>
    </div>
  );
}

function ScoreBars(props: { scores: Record<string, number>; names: Record<string, string>; top: string }) {
  const entries = Object.entries(props.scores).sort((a, b) => b[1] - a[1]);
  return (
    <div>
      {entries.map(([k, v]) => (
        <Bar name={label(props.names, k)} value={v} top={k === props.top} />
      ))}
    </div>
  );
}

/** 甄别: emotion with its scores, risk with evidence marked in the text, category, department and route. */
export function TriagePanel(props: { view: PetitionView; analysis: ShownAnalysis | null }) {
  const triage = props.view.triage as ShownAnalysis | null;
  const emotion = triage?.emotion ?? props.analysis?.emotion;
  const category = triage?.category ?? props.analysis?.category;
  const risk = triage?.risk ?? props.analysis?.risk;
  const route = props.analysis?.route;
  const signals = risk?.signals ?? [];
  const { placed, unplaced } = splitBySpans(
    props.view.text,
    signals.filter((s) => s.evidence),
  );
  // A model judgement too weak to point at a sentence counts in the score but is not shown as evidence.
  // Without evidence, only what the case file knows (repeats, long unresolved) is listed; the models' weights below
  // their thresholds (watch, the self-harm classifier) count in the score but point at nothing a reader could check.
  const contextSignals = signals.filter((s) => !s.evidence && s.code !== 'watch' && s.code !== 'self_harm');
  return (
    <section class="card" aria-labelledby="triage-title" id="triage">
      <h2 id="triage-title">甄别分析</h2>
      <div class="grid">
        <div>
          <h3>风险等级</h3>
          {risk ? (
            <p>
              <Badge colour={risk.level} text={RISK_LABELS[risk.level]} />{' '}
              <span class="muted">风险分 {risk.score.toFixed(2)}</span>
            </p>
          ) : (
            <Unavailable what="风险预警" />
          )}
          <h3>情绪</h3>
          {emotion ? (
            <>
              <p>
                主要情绪：<strong>{label(EMOTION_LABELS, emotion.label)}</strong>
                <span class="muted">（强度 {pct(emotion.intensity ?? 0)}）</span>
              </p>
              <ScoreBars scores={emotion.scores} names={EMOTION_LABELS} top={emotion.label} />
            </>
          ) : (
            <Unavailable what="情绪识别" />
          )}
        </div>
        <div>
          <h3>分类与承办单位</h3>
          {category ? (
            <p>
              类别：<strong>{category.label}</strong>
              <br />
              承办单位：<strong>{category.department}</strong>
            </p>
          ) : (
            <Unavailable what="事项分类" />
          )}
          <h3>处理途径</h3>
          {route ? (
            <p id="route">
              <strong>{route.label}</strong>（
              {route.basis?.includes('《') ? route.basis : `《信访工作条例》${route.basis ?? route.article}`}）
              <br />
              受理机关：{route.receiver}
              {route.cues?.length ? (
                <>
                  <br />
                  <span class="muted">依据线索：{route.cues.join('、')}</span>
                </>
              ) : null}
            </p>
          ) : props.analysis ? (
            <p class="muted">未确定处理途径。</p>
          ) : (
            <Unavailable what="处理途径" />
          )}
        </div>
      </div>
      <h3>信访内容与风险证据</h3>
      <HighlightedText text={props.view.text} spans={signals.filter((s) => s.evidence)} labels={SIGNAL_LABELS} />
      {risk ? (
        <ol class="signals" aria-label="风险信号">
          {placed.map((s) => (
            <li>
              [{s.n}] {label(SIGNAL_LABELS, s.code)}：「{s.evidence}」
              <span class="muted">（权重 {typeof s.weight === 'number' ? s.weight.toFixed(2) : '—'}）</span>
            </li>
          ))}
          {[...unplaced, ...contextSignals].map((s) => (
            <li>
              {label(SIGNAL_LABELS, s.code)}
              {s.evidence ? `：「${s.evidence}」` : '（依据案卷记录）'}
            </li>
          ))}
        </ol>
      ) : null}
      {risk && !signals.length ? <p class="muted">未发现风险信号。</p> : null}
    </section>
  );
}

/** 法条推送: the recommended articles with their text, and similar cases. */
export function ClausesPanel(props: { analysis: ShownAnalysis | null }) {
  const a = props.analysis;
  return (
    <section class="card" aria-labelledby="clauses-title" id="clauses">
      <h2 id="clauses-title">推荐法条与类似案例</h2>
      {!a ? (
        <Unavailable what="法条推荐与类似案例" />
      ) : (
        <>
          {a.clauses?.length ? (
            <ol>
              {a.clauses.map((c) => (
                <li>
                  <strong>
                    《{c.law}》{c.article}
                  </strong>
                  <div class="clause-text">{c.text}</div>
                </li>
              ))}
            </ol>
          ) : (
            <p class="muted">没有找到相关法条。</p>
          )}
          <h3>类似案例</h3>
          {a.similar_cases?.length ? (
            <ul>
              {a.similar_cases.map((s) => (
                <li>
                  <strong>{s.title}</strong>（{s.category}）：
                  {[...s.holding].length > HOLDING_CHARS ? (
                    <details>
                      <summary>{[...s.holding].slice(0, HOLDING_CHARS).join('')}…</summary>
                      {s.holding}
                    </details>
                  ) : (
                    s.holding
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">{a.similar_cases ? '没有找到类似案例。' : '类似案例暂不可用。'}</p>
          )}
        </>
      )}
    </section>
  );
}
