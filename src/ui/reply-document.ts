import { kindsForFields } from '../cases/sealed-notes.ts';
import type { Deps } from '../http/app-deps.ts';
import { PII_ACCESS } from '../http/auth/policy.ts';
import { isRole } from '../http/auth/roles.ts';
import { AppError } from '../errors.ts';
import { KIND_LABELS } from './drafts-panel.tsx';

/** An approved reply split into the parts of an official document (GB/T 9704-2012 党政机关公文格式). */
export interface OfficialDocument {
  petitionId: string;
  kind: string;
  title: string;
  addressee: string | null;
  body: string[];
  office: string;
  date: string;
  approvedBy: string;
  approvedAt: string;
}

const DATE_LINE = /^(?:\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{2}-\d{2}|[〇○零一二三四五六七八九]{4}年.+月.+日)$/;

/** Splits the reply text (title, addressee, body, office, date: the drafter's layout, kept by staff edits). */
export function splitReply(
  reply: string,
  kind: string,
): Pick<OfficialDocument, 'title' | 'addressee' | 'body' | 'office' | 'date'> {
  const lines = reply
    .replace(/\r/g, '')
    .split('\n')
    .map((l) => l.trim());
  const nonEmpty = lines.filter(Boolean);
  let title = KIND_LABELS[kind] ?? '答复';
  if (nonEmpty.length && nonEmpty[0].length <= 30 && !/[，。：；]/.test(nonEmpty[0])) title = nonEmpty.shift()!;
  let addressee: string | null = null;
  if (nonEmpty.length && /[：:]$/.test(nonEmpty[0]) && nonEmpty[0].length <= 40) addressee = nonEmpty.shift()!;
  let date = '';
  let office = '';
  if (nonEmpty.length && DATE_LINE.test(nonEmpty.at(-1)!)) date = nonEmpty.pop()!;
  if (date && nonEmpty.length && nonEmpty.at(-1)!.length <= 30 && !/[。，：]/.test(nonEmpty.at(-1)!))
    office = nonEmpty.pop()!;
  return { title, addressee, body: nonEmpty, office, date };
}

/**
 * The approved reply of a petition as an official document; 404 when nothing is approved yet. The stored reply
 * names the petitioner by placeholder: the reader's role decides which identities are put back (a pii_read event).
 */
export function approvedDocument(
  deps: Pick<Deps, 'reviews'>,
  petitionId: string,
  reader: { actor: string; role: string },
): OfficialDocument {
  const kinds = kindsForFields(isRole(reader.role) ? PII_ACCESS[reader.role].fields : []);
  const drafts = deps.reviews.list(petitionId, { ...reader, kinds });
  const approved = drafts.find((d) => d.approvedAt);
  if (!approved) throw new AppError(404, 'no_approved_reply', `信访事项 ${petitionId} 还没有经审批的答复`);
  return {
    petitionId,
    kind: approved.kind,
    ...splitReply(approved.reply, approved.kind),
    approvedBy: approved.approvedBy!,
    approvedAt: approved.approvedAt!,
  };
}

// GB/T 9704-2012: A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (text area 156 × 225 mm);
// 22 lines of 28 characters; title 2号 (22 pt) 小标宋, body 3号 (16 pt) 仿宋. 1 mm = 56.7 twips.
const MM = 56.7;
const LINE = Math.round((225 * MM) / 22); // exact line pitch for 22 lines
const BODY = 32; // half-points: 16 pt
const TITLE = 44; // 22 pt
const FONT_BODY = { ascii: 'FangSong', eastAsia: '仿宋_GB2312', hAnsi: 'FangSong' };
const FONT_TITLE = { ascii: 'SimSun', eastAsia: '方正小标宋简体', hAnsi: 'SimSun' };

type Docx = typeof import('docx');
type Align = Docx['AlignmentType'][keyof Docx['AlignmentType']];

const paragraph = (
  { AlignmentType, LineRuleType, Paragraph, TextRun }: Docx,
  text: string,
  opts: { indent?: boolean; align?: Align; right?: number; title?: boolean } = {},
) =>
  new Paragraph({
    alignment: opts.align ?? AlignmentType.JUSTIFIED,
    spacing: { line: LINE, lineRule: LineRuleType.EXACT },
    indent: { firstLine: opts.indent ? 640 : 0, right: opts.right ?? 0 },
    children: [new TextRun({ text, font: opts.title ? FONT_TITLE : FONT_BODY, size: opts.title ? TITLE : BODY })],
  });

/** The document as a .docx (Office Open XML), laid out to GB/T 9704 proportions. */
export async function replyDocx(doc: OfficialDocument): Promise<Buffer> {
  // Loaded at the first download: half a megabyte of code that every start would otherwise evaluate.
  const docx = await import('docx');
  const { AlignmentType, Document, Packer } = docx;
  const para = (text: string, opts?: Parameters<typeof paragraph>[2]) => paragraph(docx, text, opts);
  const children = [
    para(doc.title, { align: AlignmentType.CENTER, title: true }),
    para(''),
    ...(doc.addressee ? [para(doc.addressee)] : []),
    ...doc.body.map((l) => para(l, { indent: true })),
    para(''),
    para(''),
    // The issuing office and date sit right, four characters in from the margin; the seal covers them.
    para(doc.office, { align: AlignmentType.RIGHT, right: 4 * 320 }),
    para(doc.date, { align: AlignmentType.RIGHT, right: 4 * 320 }),
  ];
  const file = new Document({
    creator: '信访智能助手',
    title: doc.title,
    description: `信访事项 ${doc.petitionId}`,
    sections: [
      {
        properties: {
          page: {
            size: { width: Math.round(210 * MM), height: Math.round(297 * MM) },
            margin: {
              top: Math.round(37 * MM),
              bottom: Math.round(35 * MM),
              left: Math.round(28 * MM),
              right: Math.round(26 * MM),
            },
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(file);
}

/** A file name for the download: 编号-文书名.docx (RFC 5987 encoded by the caller). */
export const docxName = (doc: OfficialDocument) => `${doc.petitionId}-${doc.title}.docx`;
