/** The roles of a petition office (department: a 承办单位's key, scoped to it, issue 18). Admin may do everything; the others are granted routes in policy.ts. */
export const ROLES = ['reception', 'dispatch', 'supervisor', 'evaluator', 'admin', 'department'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (s: string): s is Role => (ROLES as readonly string[]).includes(s);
