import type { AppError } from '../errors.ts';

/**
 * Domain errors carry English messages for API clients and logs; a person at a page reads these instead.
 * Codes not listed keep the domain's message when it is already Chinese, else a plain Chinese sentence.
 */
const BY_CODE: Record<string, string> = {
  not_found: '未找到所请求的信访事项或页面。',
  invalid_request: '提交的信息有误，请按提示修改。',
  forbidden: '当前账号的角色无权进行该操作。',
  illegal_transition: '当前环节不能办理这一步，请按“登记 → 甄别 → 分流 → 答复 → 督办 → 回访”的顺序办理。',
  guarded_transition:
    '这一步须通过专门的操作办理（答复须审批草稿，回访须填写回访结果，交办和报告须在办理面板中填写）。',
  already_extended: '办结期限只能延长一次（《信访工作条例》第三十四条）。',
  no_open_deadline: '只有已受理且办结期限尚未届满的事项才能延期。',
  no_review_window: '出具信访处理意见书后才能申请复查（《信访工作条例》第三十五条）。',
  review_window_closed: '申请复查的 30 日期限已过（《信访工作条例》第三十五条）。',
  no_recheck_window: '出具复查意见后才能申请复核（《信访工作条例》第三十六条）。',
  recheck_window_closed: '申请复核的 30 日期限已过（《信访工作条例》第三十六条）。',
  draft_approved: '该事项已有经审批的答复，不能再修改或重复审批。',
  draft_superseded: '该版本已有更新的版本，请审批最新版本。',
  no_draft: '请先生成答复草稿。',
  incomplete_document: '草稿尚未完成：请先处理【】中待核实的内容（经查事实、处理意见，或须按现行文本核对的条文）。',
  kind_conflicts_with_screening: '文书种类与甄别结论不一致。',
  triage_unavailable: '甄别分析功能尚未配置。',
  invalid_report: '评测报告名称无效。',
  payload_too_large: '提交的内容过大（上限 1 MB）。',
};

const HAS_CJK = /[\u4e00-\u9fff]/;
const ENGLISH_WORD = /\b[a-zA-Z]{3,}\b/;

/** The message of an error as a person at a page should read it: Chinese, with the domain's detail when it is Chinese. */
export function chineseError(e: Pick<AppError, 'code' | 'message'>): string {
  if (HAS_CJK.test(e.message) && !ENGLISH_WORD.test(e.message.replace(/《[^》]*》/g, ''))) return e.message;
  // '不能从“甄别”（screened）转到“办结”（closed）' (or an older 'cannot move from screened (甄别) to …'): keep the
  // two step names the domain gives in Chinese, without the codes.
  const steps =
    e.code === 'illegal_transition' ? [...e.message.matchAll(/[(“]([\u4e00-\u9fff]+)[)”]/g)].map((m) => m[1]) : [];
  if (steps.length === 2) return `当前环节（${steps[0]}）不能转到“${steps[1]}”。${BY_CODE.illegal_transition}`;
  return BY_CODE[e.code] ?? '操作未完成，请检查后重试。';
}
