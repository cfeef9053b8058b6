/**
 * Chinese names for what a reader sees. The metric keys themselves stay as report.json has them (scripts
 * and gates read them), so pages show the Chinese name with the key beside it.
 */
export const TASK_ZH: Record<string, string> = {
  emotion: '情绪识别',
  routing: '分流（类别）',
  selfharm: '风险预警（自伤）',
  clauses: '法条推送',
  replies: '智能答复',
  cases: '综合用例',
  'clauses-judged': '法条与答复引用（法务评判）',
};

const METRIC_ZH: Record<string, string> = {
  n: '用例数',
  errors: '调用失败数',
  accuracy: '准确率',
  macro_f1: '宏平均 F1',
  auroc: 'AUROC',
  recall_high: '高风险召回率',
  precision_high: '高风险精确率',
  red_recall: '红色召回率',
  false_red: '误判红色数',
  false_red_rate: '误判红色比例',
  'hit@1': '首位命中率',
  'hit@5': '前 5 命中率',
  'hit@10': '前 10 命中率',
  'mrr@10': '平均倒数排名',
  coverage: '语料覆盖率',
  scored_n: '计分题数',
  structure_rate: '结构完整率',
  invalid_citations: '无效引用数',
  pii_leaks: '个人信息泄露数',
  injection_followed: '服从注入数',
  injection_n: '注入用例数',
  rouge_l: 'ROUGE-L',
  pass_rate: '用例通过率',
  case_pass_rate: '用例通过率',
  risk_accuracy: '风险等级准确率',
  emotion_accuracy: '情绪准确率',
  category_accuracy: '类别准确率',
  route_accuracy: '程序路径准确率',
  clauses_hit_rate: '法条命中率',
  clauses_recall: '法条召回率',
  p50_ms: '时延 P50（毫秒）',
  p95_ms: '时延 P95（毫秒）',
  p99_ms: '时延 P99（毫秒）',
  throughput_per_s: '吞吐（例/秒）',
  judge_score: '模型评分（总）',
  'judge.grounded': '模型评分：紧扣来信',
  'judge.answers': '模型评分：回应诉求',
  'judge.citations': '模型评分：引用正确',
  'judge.procedure': '模型评分：程序正确',
  'judge.tone': '模型评分：礼貌而坚定',
  // clauses-judged (issue 16), each under dev. and blind.
  'p@1': '首位精确率',
  'p@3': '前 3 精确率',
  'p@5': '前 5 精确率',
  'ndcg@5': 'nDCG@5',
  top1_correct_answered: '作答时首位正确率',
  answered: '作答来信数',
  abstain_rate: '放弃推荐比例',
  abstain_accuracy: '放弃判断准确率',
  abstain_precision: '放弃精确率',
  needs_statute_share: '需引实体法来信比例',
  unjudged_ranked_items: '未评判推荐条数',
  ranked_items: '推荐条数',
  draft_citations: '草稿引用条数',
  draft_precision: '草稿引用直接适用比例',
  draft_share_0: '草稿引用无关比例',
  draft_unjudged: '草稿未评判引用数',
  no_statute_drafts_citing_none: '无需法条来信不引用比例',
  statute_drafts_with_correct: '需法条来信引用正确比例',
  letters: '来信数',
  judged_letters: '已评判来信数',
};

const SPLIT_ZH: Record<string, string> = { dev: '开发集', blind: '盲测集' };

const PREFIX_ZH: Record<string, string> = { precision: '精确率', recall: '召回率', f1: 'F1', structure: '结构要素' };

/** 宏平均 F1 for macro_f1; per-class keys as 召回率·angry; unknown keys as themselves. */
export function metricZh(key: string): string {
  if (METRIC_ZH[key]) return METRIC_ZH[key];
  const [head, ...rest] = key.split('.');
  if (rest.length && SPLIT_ZH[head] && METRIC_ZH[rest.join('.')])
    return `${SPLIT_ZH[head]}·${METRIC_ZH[rest.join('.')]}`;
  if (rest.length && PREFIX_ZH[head]) return `${PREFIX_ZH[head]}·${rest.join('.')}`;
  return key;
}

/** `宏平均 F1（macro_f1）`: the Chinese name with the report.json key. */
export const metricLabel = (key: string) => (metricZh(key) === key ? key : `${metricZh(key)}（${key}）`);

const escHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** An identifier a reader may need to type (a key, a file, a command) set apart as code, in HTML. */
export const codeHtml = (s: string) => `<code>${escHtml(s)}</code>`;
/** metricLabel as HTML: the report.json key is an identifier, set as code. */
export const metricLabelHtml = (key: string) =>
  metricZh(key) === key ? codeHtml(key) : `${escHtml(metricZh(key))}（${codeHtml(key)}）`;
/** An ISO instant as Beijing time, yyyy-mm-dd HH:MM:SS (what a reader in the office expects). */
export function beijingTime(iso: string | null | undefined): string {
  if (!iso || Number.isNaN(Date.parse(iso))) return iso ?? '—';
  return new Date(Date.parse(iso) + 8 * 3600 * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

export const TARGET_ZH: Record<string, string> = { 'in-process': '进程内', http: 'HTTP', answers: '离线答案文件' };
