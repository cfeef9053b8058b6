/** Chinese names for the codes the domain uses, so every page says the same thing. */
export const EMOTION_LABELS: Record<string, string> = {
  angry: '愤怒',
  fear: '恐惧',
  happy: '高兴',
  neutral: '平和',
  sad: '悲伤',
  surprise: '惊讶',
};

export const SIGNAL_LABELS: Record<string, string> = {
  self_harm: '自伤自杀倾向',
  violence: '暴力倾向',
  dangerous_goods: '危险物品',
  gathering: '聚集/集体访',
  escalation: '越级/进京',
  media: '媒体曝光',
  repeat: '重复信访',
  vulnerable: '困难群体',
  fatality: '人员伤亡',
  long_unresolved: '久拖未决',
  strong_anger: '强烈不满',
  injection_attempt: '疑似指令注入',
  emergency: '正在发生的危险（立即拨打110/119/120）',
  watch: '模型研判需关注',
  cluster_alert: '群体事件预警',
  pii_read: '查阅身份信息',
  assigned: '交办',
  findings_reported: '承办反馈',
  findings_assessed: '审核承办结果',
  assignment_extension_requested: '承办单位申请延期',
  assignment_extension_decided: '延期申请审批',
  supervision_notice: '督办通知',
  department_added: '新增承办单位',
};

/** The identity fields of a petitioner, as named on pages. */
export const PII_FIELD_LABELS: Record<string, string> = {
  name: '姓名',
  id_number: '身份证号',
  phone: '电话',
  address: '住址',
  text: '正文中的号码',
};

export const EVENT_LABELS: Record<string, string> = {
  registered: '登记',
  triaged: '甄别分析',
  transition: '流转',
  extended: '延期',
  follow_up: '回访',
  alert_raised: '红色预警',
  alert_acked: '预警签收',
  alert_escalated: '预警升级',
  draft_version: '答复草稿',
  draft_approved: '答复审批',
  risk_raised: '风险升级',
  cluster_alert: '群体事件预警',
  clock_reminder: '时限提醒',
};

export const DECISION_LABELS: Record<string, string> = {
  accepted: '受理',
  forwarded: '转送',
  not_accepted: '不予受理',
};

export const label = (table: Record<string, string>, code: string | null | undefined) =>
  code ? (table[code] ?? code) : '—';
