import { findPii, maskSpans, type PiiKind } from '../text/pii.ts';
import type { PiiCipher } from '../store/pii-cipher.ts';
import type { Db } from '../store/db.ts';
import { rewriteUnsealedPetitions } from '../store/legacy-rewrites.ts';
import { createPetitionTextsRead } from '../store/petition-texts-read.ts';

/** Numbers that identify a person: sealed at the door, before triage, storage or the full-text index see them. */
// Names too (after a cue such as 我叫, or a registered name); addresses stay, as clusters and repeats match on
// the estate or village they name (alerts/matter.ts).
export const SEALED_KINDS: readonly PiiKind[] = ['name', 'id_number', 'mobile', 'landline', 'bank_card', 'email'];

export interface SealedText {
  text: string;
  title: string | null;
  /** Encrypted `{text: {placeholder: value}, title: {...}}`; '' when nothing was found (NULL: never scanned). */
  sealed: string;
}

function seal(s: string, knownNames: string[]): { masked: string; values: Record<string, string> } {
  const spans = findPii(s, knownNames).filter((p) => SEALED_KINDS.includes(p.kind));
  if (!spans.length) return { masked: s, values: {} };
  const r = maskSpans(s, spans);
  return { masked: r.text, values: Object.fromEntries(r.placeholders) };
}

/** Replaces personal numbers in a petition's text and title by placeholders and encrypts the originals. */
export function sealPetitionText(
  cipher: PiiCipher,
  petitionId: string,
  text: string,
  title: string | null,
  knownNames: string[] = [],
): SealedText {
  const t = seal(text, knownNames);
  const h = title === null ? { masked: null, values: {} } : seal(title, knownNames);
  const any = Object.keys(t.values).length + Object.keys(h.values).length > 0;
  const sealed = any ? cipher.encrypt(JSON.stringify({ text: t.values, title: h.values }), `${petitionId}:sealed`) : '';
  return { text: t.masked, title: h.masked, sealed };
}

/** The text and title as the petitioner wrote them. */
export function unsealPetitionText(
  cipher: PiiCipher,
  petitionId: string,
  row: { text: string; title: string | null; sealed: string | null },
) {
  if (!row.sealed) return { text: row.text, title: row.title };
  const values = JSON.parse(cipher.decrypt(row.sealed, `${petitionId}:sealed`)) as {
    text: Record<string, string>;
    title: Record<string, string>;
  };
  const put = (s: string, map: Record<string, string>) =>
    Object.entries(map).reduce((acc, [ph, v]) => acc.replaceAll(ph, v), s);
  return { text: put(row.text, values.text), title: row.title === null ? null : put(row.title, values.title) };
}

/**
 * The text a petitioner wrote, by petition id (unsealed in memory, for comparisons such as repeats that must see
 * the letter itself); undefined for an unknown id.
 */
export function textsAsWritten(db: Db, cipher: PiiCipher): (id: string) => string | undefined {
  const read = createPetitionTextsRead(db);
  return (id) => {
    const row = read.sealedOf(id);
    return row && unsealPetitionText(cipher, id, row).text;
  };
}

/**
 * Seals the text of petitions stored before sealing existed (sealed IS NULL), once: run at start-up.
 * The full-text index follows through its update trigger (store/legacy-rewrites.ts).
 */
export function sealLegacyPetitions(db: Db, cipher: PiiCipher): number {
  let changed = 0;
  rewriteUnsealedPetitions(db, (r) => {
    const s = sealPetitionText(cipher, r.id, r.text, r.title);
    if (s.sealed) changed++;
    return s;
  });
  return changed;
}
