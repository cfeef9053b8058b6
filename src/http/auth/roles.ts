/** The five roles of a petition office. Admin may do everything; the others are granted routes in policy.ts. */
export const ROLES = ['reception', 'dispatch', 'supervisor', 'evaluator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (s: string): s is Role => (ROLES as readonly string[]).includes(s);
