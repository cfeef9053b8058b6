import { ROLE_LABELS } from '../cases/role-labels.ts';
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { parseActor } from '../http/auth/actor.ts';
import { allows, createPolicy } from '../http/auth/policy.ts';
import { isRole } from '../http/auth/roles.ts';
import { STYLES } from './styles.ts';
import { scriptUrl } from './page-scripts.ts';

/** The pages of the navigation bar, in the order a petition meets them. */
export const NAV = [
  { href: '/reception', label: '接待', key: 'reception' },
  { href: '/petitions', label: '查询', key: 'search' },
  { href: '/dispatch', label: '调度', key: 'dispatch' },
  { href: '/supervision', label: '督办', key: 'supervision' },
  { href: '/dashboard', label: '统计', key: 'dashboard' },
  { href: '/evaluators', label: '评测', key: 'evaluators' },
] as const;

export type NavKey = (typeof NAV)[number]['key'];

export interface User {
  name: string;
  role: string;
  csrf?: string;
}

/** The keys the service makes for itself (http/auth/bootstrap.ts) are named in English in the store; people read Chinese. */
const BUILT_IN_KEYS: Record<string, string> = {
  'admin (ADMIN_API_KEY)': '配置的管理密钥',
  'admin (generated at first start)': '首次启动生成的管理密钥',
};
/** Actors that are not keys (the service itself, demo data); no key may take these names (key-store.ts). */
const BUILT_IN_ACTORS: Record<string, string> = { system: '系统', seed: '演示数据' };

/** How a recorded actor (`name [role key_id]`, or a bare built-in name) is shown on a page: the name. */
export function actorName(actor: string | null | undefined): string {
  if (!actor) return '—';
  const p = parseActor(actor);
  return p.keyId ? (BUILT_IN_KEYS[p.name] ?? p.name) : (BUILT_IN_ACTORS[actor] ?? BUILT_IN_KEYS[actor] ?? actor);
}

const decide = createPolicy();

/** True when the role may open the page (the one policy table, http/auth/policy.ts); the nav shows only those. */
export const mayOpen = (role: string | undefined, href: string, method = 'GET') =>
  !!role && isRole(role) && allows(decide(method, href), role);

/** The first page of the navigation a role may open (a department key: its own page). */
export const homeOf = (role: string) =>
  role === 'department' ? '/department' : NAV.find((n) => mayOpen(role, n.href))?.href;

/** The signed-in user of a request (from the auth middleware), or undefined when anonymous. */
export function userOf(c: { var: object }): User | undefined {
  const v = c.var as { actor?: string; role?: string; csrfToken?: string };
  if (!v.role || v.role === 'anonymous') return undefined;
  return { name: v.actor ?? '', role: v.role, csrf: v.csrfToken };
}

/** Every page: lang="zh-CN", a skip link, header/nav/main landmarks, inline CSS, no external resources. */
export function Layout(props: { title: string; active?: NavKey; children?: Child; script?: string; user?: User }) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · 信访智能助手`}</title>
        <style>{raw(STYLES)}</style>
      </head>
      <body>
        <a class="skip" href="#main">
          跳到正文
        </a>
        <header class="top">
          <span class="brand">信访智能助手</span>
          <nav aria-label="主导航">
            <ul>
              {NAV.filter((n) => !props.user || mayOpen(props.user.role, n.href)).map((n) => (
                <li>
                  <a href={n.href} aria-current={props.active === n.key ? 'page' : undefined}>
                    {n.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          {props.user ? (
            <div class="who">
              {actorName(props.user.name)}（{ROLE_LABELS[props.user.role] ?? props.user.role}）
              {props.user.csrf ? (
                <form method="post" action="/logout">
                  <input type="hidden" name="_csrf" value={props.user.csrf} />
                  <button type="submit" class="link">
                    退出
                  </button>
                </form>
              ) : null}
            </div>
          ) : null}
        </header>
        <main id="main" tabindex={-1}>
          <h1>{props.title}</h1>
          {props.children}
        </main>
        {/* A file, not inline: the pages' CSP (http/security-headers.ts) has no 'unsafe-inline' for scripts. */}
        {props.script ? <script src={scriptUrl(props.script)} defer /> : null}
      </body>
    </html>
  );
}

/** A panel whose data source has not been built yet: says so instead of showing invented data. */
export function Unavailable(props: { what: string }) {
  return (
    <p class="unavailable" role="status">
      {props.what}暂不可用（该功能尚未接入本服务）。
    </p>
  );
}

/** Renders a page as a full HTML document. */
export function page(node: unknown): string {
  return '<!doctype html>' + String(node);
}

export const COLOUR_LABELS: Record<string, string> = { red: '红牌', yellow: '黄牌', green: '绿牌' };
export const RISK_LABELS: Record<string, string> = { red: '红色（高）', yellow: '黄色（中）', green: '绿色（低）' };

/** A coloured badge for a 三色牌 or risk level; colour is never the only cue, the word is always there. */
export function Badge(props: { colour: string | null | undefined; text?: string }) {
  const c = props.colour ?? 'none';
  return <span class={`badge badge-${c}`}>{props.text ?? COLOUR_LABELS[c] ?? '未评估'}</span>;
}

/** A date-time in the office's zone (UTC+8), e.g. 2026-03-02 09:30. */
export function localTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(new Date(iso).getTime() + 8 * 3600 * 1000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}
