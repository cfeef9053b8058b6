import { findPii, PII_KINDS, PII_LABELS, type KnownValue, type PiiKind } from '../text/pii.ts';
import type { Db } from '../store/db.ts';
import type { PiiCipher } from '../store/pii-cipher.ts';
import { createPiiVault } from '../store/pii-vault.ts';
import { createPetitionsRepo } from '../store/petitions-repo.ts';
import { createWorkflowRepo } from '../store/workflow-repo.ts';

const KIND_OF_LABEL = new Map(PII_KINDS.map((k) => [PII_LABELS[k], k]));
const PLACEHOLDER = /\[([\u4e00-\u9fa5]{2,4})(\d+)\]/g;

/** The identity fields a role may read (http/auth/policy.ts PII_ACCESS) as the kinds of data they open. */
export function kindsForFields(fields: readonly string[]): PiiKind[] {
  const by: Record<string, PiiKind[]> = {
    name: ['name'],
    id_number: ['id_number'],
    phone: ['mobile', 'landline'],
    address: ['address'],
    text: ['bank_card', 'email'],
  };
  return [...new Set(fields.flatMap((f) => by[f] ?? []))];
}

const FIELD_OF_KIND: Record<PiiKind, string> = {
  name: 'name',
  id_number: 'id_number',
  mobile: 'phone',
  landline: 'phone',
  address: 'address',
  bank_card: 'text',
  email: 'text',
};

/** The identity fields (as pii_read records them) behind the kinds of data a reader was shown. */
export function fieldsOfKinds(kinds: readonly PiiKind[]): string[] {
  return [...new Set(kinds.map((k) => FIELD_OF_KIND[k]))];
}

/** Who reads a sealed text, and the kinds of data its role may see (kindsForFields of its PII access). */
export interface NoteReader {
  actor: string;
  role: string;
  kinds: readonly PiiKind[];
}

export interface Unsealed {
  text: string;
  /** The kinds of data actually put back (empty: the reader saw nothing personal). */
  shown: PiiKind[];
}

/**
 * Free text written about a case (reasons, comments, notes, findings, draft replies) keeps personal data out of
 * the database the way the petition text does: each name, number or address becomes a placeholder numbered per
 * petition ([姓名1] is the same person in every note of the case), and the original is encrypted in pii_vault.
 */
export function createNoteSealer(db: Db, cipher: PiiCipher) {
  const vault = createPiiVault(db, cipher);
  const petitions = createPetitionsRepo(db, cipher);
  const wf = createWorkflowRepo(db);

  /** Everything the petition's text, title and vault already name: placeholder → original. */
  function known(petitionId: string): Map<string, string> {
    const out = new Map<string, string>();
    const row = petitions.get(petitionId);
    if (row?.sealed) {
      const v = JSON.parse(cipher.decrypt(row.sealed, `${petitionId}:sealed`)) as {
        text: Record<string, string>;
        title: Record<string, string>;
      };
      for (const [ph, value] of [...Object.entries(v.text), ...Object.entries(v.title)])
        if (!out.has(ph)) out.set(ph, value);
    }
    for (const [ph, value] of vault.read(petitionId)) out.set(ph, value);
    return out;
  }

  /** The registered people's names and addresses: found wherever they occur, cue or not. */
  function people(petitionId: string): KnownValue[] {
    const rows = [
      petitions.getPetitioner(petitionId),
      ...wf.parties(petitionId).map((r) => ({
        name: cipher.decrypt(r.name, `${petitionId}:party${r.seq}:name`),
        address: cipher.decrypt(r.address, `${petitionId}:party${r.seq}:address`),
      })),
    ];
    return rows.flatMap((r) => [
      ...(r?.name ? [{ kind: 'name' as const, value: r.name }] : []),
      ...(r?.address ? [{ kind: 'address' as const, value: r.address }] : []),
    ]);
  }

  function seal(petitionId: string, text: string): string;
  function seal(petitionId: string, text: string | null | undefined): string | null | undefined;
  function seal(petitionId: string, text: string | null | undefined) {
    if (!text) return text;
    const spans = findPii(text, [], people(petitionId));
    if (!spans.length) return text;
    const names = known(petitionId);
    let out = '';
    let at = 0;
    for (const s of spans) {
      const label = PII_LABELS[s.kind];
      let ph = [...names].find(([p, v]) => v === s.value && p.startsWith(`[${label}`))?.[0];
      if (!ph) {
        const used = [...names.keys()]
          .filter((p) => p.startsWith(`[${label}`))
          .map((p) => Number(/(\d+)\]$/.exec(p)?.[1] ?? 0));
        ph = `[${label}${Math.max(0, ...used) + 1}]`;
        vault.add(petitionId, ph, s.value);
        names.set(ph, s.value);
      }
      out += text.slice(at, s.start) + ph;
      at = s.end;
    }
    return out + text.slice(at);
  }

  /** Puts back the originals of the given kinds (every kind when omitted); placeholders of other kinds stay. */
  function unseal(petitionId: string, text: string, kinds: readonly PiiKind[] = PII_KINDS): Unsealed {
    const names = known(petitionId);
    const shown = new Set<PiiKind>();
    const out = text.replace(PLACEHOLDER, (ph, label: string) => {
      const kind = KIND_OF_LABEL.get(label);
      const value = names.get(ph);
      if (!kind || value === undefined || !kinds.includes(kind)) return ph;
      shown.add(kind);
      return value;
    });
    return { text: out, shown: [...shown] };
  }

  return { seal, unseal };
}

export type NoteSealer = ReturnType<typeof createNoteSealer>;
