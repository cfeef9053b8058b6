/**
 * The office's roles by their Chinese names, for every message and page a person reads (refused moves, refused
 * reveals, the timeline, the navigation bar). The role codes themselves are defined with the access policy.
 */
export const ROLE_LABELS: Record<string, string> = {
  reception: '接待',
  dispatch: '调度',
  supervisor: '督办',
  evaluator: '评测',
  admin: '管理员',
  department: '承办单位',
};
