import { raw } from 'hono/html';
import { STYLES } from './styles.ts';

const LOGIN_CSS = `
.login{overflow:hidden;max-width:26em;margin:12vh auto 0;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:2em 2.2em;box-shadow:0 2px 10px rgba(18,48,94,.08)}
.login .brand-bar{background:#12305e;color:#fff;margin:-2em -2.2em 1.5em;padding:1em 2.2em;border-radius:8px 8px 0 0;font-weight:700;font-size:1.15em}
.login h1{font-size:1.3em;margin:0 0 1em}
.login .field{display:flex;flex-direction:column;margin:0 0 1em}
.login button{width:100%;padding:.7em}
`;

/** The sign-in page, styled like the rest of the service (inline CSS, no external resources). */
export function loginPage(next: string, error?: string): string {
  return (
    '<!doctype html>' +
    (
      <html lang="zh-CN">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>登录 · 信访智能助手</title>
          <style>{raw(STYLES + LOGIN_CSS)}</style>
        </head>
        <body>
          <main id="main" class="login">
            <div class="brand-bar">信访智能助手</div>
            <h1>登录</h1>
            {error ? (
              <p class="errors" role="alert">
                {error}
              </p>
            ) : null}
            <form method="post" action="/login">
              <div class="field">
                <label for="login-key">访问密钥</label>
                <span class="hint" id="login-key-hint">
                  由管理员发放；请勿告诉他人。
                </span>
                <input
                  id="login-key"
                  type="password"
                  name="key"
                  autocomplete="off"
                  required
                  aria-describedby="login-key-hint"
                />
              </div>
              <input type="hidden" name="next" value={next} />
              <button type="submit">登录</button>
            </form>
          </main>
        </body>
      </html>
    )
  );
}
