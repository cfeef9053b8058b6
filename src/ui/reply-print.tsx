import { Hono } from 'hono';
import { raw } from 'hono/html';
import type { Deps } from '../http/app-deps.ts';
import type { AppEnv } from '../http/app-env.ts';
import { recordPiiReads } from '../http/auth/pii-access.ts';
import { isRole } from '../http/auth/roles.ts';
import { booksCsv } from './books-csv.ts';
import { type CaseListDeps, parseSearch } from './case-list.ts';
import { actorName, localTime } from './layout.tsx';
import { approvedDocument, docxName, replyDocx, type OfficialDocument } from './reply-document.ts';
import { scriptUrl } from './page-scripts.ts';
import { maskPii } from '../text/pii.ts';

// GB/T 9704-2012 on screen and paper: A4, margins 37/26/35/28 mm, 22 lines × 28 characters, title 22 pt,
// body 16 pt 仿宋; office and date right, four characters in; the seal (about 42 mm) over them.
const PRINT_CSS = `
@page{size:A4;margin:37mm 26mm 35mm 28mm}
*{box-sizing:border-box}
body{margin:0;background:#e9ebef;color:#000;font-family:"FangSong","仿宋","STFangsong","Noto Serif CJK SC","Noto Serif SC",serif}
.toolbar{font-family:"Noto Sans CJK SC",sans-serif;padding:.6em 1em;background:#12305e;color:#fff;display:flex;gap:1em;align-items:center}
.toolbar a,.toolbar button{color:#fff;font:inherit}
.toolbar button{background:#1f5fbf;border:0;border-radius:4px;padding:.3em 1em;cursor:pointer}
.sheet{width:210mm;min-height:297mm;margin:1em auto;background:#fff;padding:37mm 26mm 35mm 28mm;box-shadow:0 1px 6px rgba(0,0,0,.25)}
.doc-title{font-family:"方正小标宋简体","FZXiaoBiaoSong-B05S","Noto Serif CJK SC","Noto Serif SC",serif;font-size:22pt;font-weight:700;text-align:center;line-height:1.6;margin:0 0 10.2mm}
.doc p{font-size:16pt;line-height:10.2mm;margin:0;text-align:justify;word-break:break-all}
.doc p.body{text-indent:2em}
.sign{margin-top:20.4mm;display:flex;justify-content:flex-end;padding-right:4em}
.sign-inner{position:relative}
.sign p{text-align:center}
.seal{position:absolute;left:50%;top:50%;transform:translate(-50%,-58%);width:42mm;height:42mm;border:1.5px dashed #c00;border-radius:50%;color:#c00;
font-size:10pt;display:flex;align-items:flex-start;padding-top:6mm;justify-content:center;font-family:"Noto Sans CJK SC",sans-serif;opacity:.8}
.meta{font-family:"Noto Sans CJK SC",sans-serif;font-size:10pt;color:#555;width:210mm;margin:0 auto 2em}
@media print{body{background:#fff}.toolbar,.meta{display:none}.sheet{width:auto;min-height:0;margin:0;padding:0;box-shadow:none}
.seal{border-color:transparent;color:transparent}}
`;

// Served as a file (ui/page-scripts.ts): the page's CSP allows no inline script or onclick attribute.
const PRINT_SCRIPT = "document.getElementById('print-button')?.addEventListener('click', () => window.print());";

function PrintView(props: { doc: OfficialDocument }) {
  const d = props.doc;
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <title>{`${d.title} · ${d.petitionId}`}</title>
        <style>{raw(PRINT_CSS)}</style>
      </head>
      <body>
        <div class="toolbar">
          <a href={`/petitions/${d.petitionId}#drafts`}>返回信访事项 {d.petitionId}</a>
          <button type="button" id="print-button">
            打印
          </button>
          <a id="download-docx" href={`/petitions/${d.petitionId}/reply.docx`}>
            下载 Word 文档（.docx）
          </a>
        </div>
        <main class="sheet doc" id="document">
          <h1 class="doc-title">{d.title}</h1>
          {d.addressee ? <p id="addressee">{d.addressee}</p> : null}
          {d.body.map((l) => (
            <p class="body">{l}</p>
          ))}
          <div class="sign">
            <div class="sign-inner">
              <div class="seal" aria-hidden="true">
                印章位置
              </div>
              <p id="office">{d.office}</p>
              <p id="date">{d.date}</p>
            </div>
          </div>
        </main>
        <script src={scriptUrl(PRINT_SCRIPT)} defer />
        <p class="meta">
          {actorName(d.approvedBy)} 于 {localTime(d.approvedAt)} 批准。版式参照 GB/T 9704—2012：A4，上 37 毫米、下 35
          毫米、左 28 毫米、右 26 毫米，每页 22 行、每行 28 字。
        </p>
      </body>
    </html>
  );
}

/** What the documents use: the approved drafts, and for the books the register, the case file and the log. */
export type DocumentDeps = CaseListDeps & Pick<Deps, 'reviews' | 'events' | 'log'>;

/** The approved reply printed or downloaded as a document, and the books as CSV, for signed-in staff. */
export function documentRoutes(deps: DocumentDeps) {
  const app = new Hono<AppEnv>();
  app.get('/petitions/:id/reply/print', (c) => {
    const doc = approvedDocument(deps, c.req.param('id'), c.var);
    return c.html('<!doctype html>' + <PrintView doc={doc} />);
  });
  app.get('/petitions/:id/reply.docx', async (c) => {
    const doc = approvedDocument(deps, c.req.param('id'), c.var);
    return docxResponse(doc, await replyDocx(doc));
  });
  app.get('/petitions.csv', (c) => {
    const q = parseSearch(c.req.query());
    return csvResponse(deps, c.var, q);
  });
  return app;
}

/** A .docx download with its Chinese file name. */
export function docxResponse(doc: OfficialDocument, bytes: Buffer): Response {
  return new Response(new Uint8Array(bytes), {
    headers: {
      'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'content-disposition': `attachment; filename="${doc.petitionId}.docx"; filename*=UTF-8''${encodeURIComponent(docxName(doc))}`,
    },
  });
}

/** The books of a filtered list as a CSV download; who exported what is logged, and each unmasked petitioner is a pii_read in its case file. */
export function csvResponse(deps: DocumentDeps, v: AppEnv['Variables'], q: ReturnType<typeof parseSearch>): Response {
  const role = isRole(v.role) ? v.role : 'evaluator';
  const { csv, rows, unmasked, shown } = booksCsv(deps, q, role);
  const { limit: _l, offset: _o, ...filter } = q;
  recordPiiReads(deps.db, deps.events, shown, unmasked, v.actor, role);
  // The log says what was filtered on, never the phone or ID number searched for, nor a name typed in the text box.
  const logged = {
    ...filter,
    ...(filter.who ? { who: '[已隐去]' } : {}),
    ...(filter.q ? { q: maskPii(filter.q).text } : {}),
  };
  deps.log.info('books exported', { actor: v.actor, role, rows, unmasked, filter: logged, request_id: v.requestId });
  const day = new Date(deps.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="petitions-${day}.csv"; filename*=UTF-8''${encodeURIComponent(`信访台账-${day}.csv`)}`,
    },
  });
}
