import { ROLE_LABELS } from '../cases/role-labels.ts';
import { Layout, homeOf, type User } from './layout.tsx';

/** What a signed-in user sees on a page their role may not open (http/auth/policy.ts): a page, not JSON. */
export function forbiddenPage(user: User): string {
  const home = homeOf(user.role);
  return (
    '<!doctype html>' +
    (
      <Layout user={user} title="无权访问">
        <div class="errors" role="alert">
          <p>您的岗位（{ROLE_LABELS[user.role] ?? user.role}）无权查看此页面。如确需查看，请联系管理员。</p>
        </div>
        {home ? (
          <p>
            <a href={home}>返回本岗位首页</a>
          </p>
        ) : null}
      </Layout>
    )
  );
}
