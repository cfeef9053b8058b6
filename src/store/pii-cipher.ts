import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** Ciphertexts look like `enc:v1:<key id>:<iv>:<ciphertext+tag>` (base64url), so a reader knows which key to use. */
export const CIPHER_PREFIX = 'enc:v1:';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export class PiiKeyError extends Error {
  override name = 'PiiKeyError';
}

/** The key id is a short hash of the key itself: stable, and it names the key without revealing it. */
export const keyIdOf = (keyHex: string) =>
  createHash('sha256').update(Buffer.from(keyHex, 'hex')).digest('hex').slice(0, 8);

export interface PiiCipher {
  /** Id of the key new ciphertexts are written with. */
  readonly keyId: string;
  /** Encrypts with the current key; `context` (e.g. `petition id:field`) is bound as AAD so a value cannot be moved. */
  encrypt(value: string, context: string): string;
  encrypt(value: string | null, context: string): string | null;
  /** Decrypts with whichever known key wrote the value; throws PiiKeyError for an unknown key or a tampered value. */
  decrypt(value: string, context: string): string;
  decrypt(value: string | null, context: string): string | null;
  /** True when the value is plaintext or written with a key other than the current one. */
  needsRewrite(value: string | null): boolean;
}

/** AES-256-GCM over personal data, keyed by the current key; previous keys stay readable during a rotation. */
export function createPiiCipher(keys: { current: string; previous?: string[] }): PiiCipher {
  const byId = new Map<string, Buffer>();
  for (const hex of [keys.current, ...(keys.previous ?? [])]) {
    if (!/^[0-9a-f]{64}$/i.test(hex)) throw new PiiKeyError('a PII key must be 64 hex characters');
    byId.set(keyIdOf(hex), Buffer.from(hex, 'hex'));
  }
  const keyId = keyIdOf(keys.current);
  const current = byId.get(keyId)!;

  function encrypt(value: string | null, context: string): string | null {
    if (value === null) return null;
    const iv = randomBytes(IV_BYTES);
    const c = createCipheriv('aes-256-gcm', current, iv);
    c.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([c.update(value, 'utf8'), c.final(), c.getAuthTag()]);
    return `${CIPHER_PREFIX}${keyId}:${iv.toString('base64url')}:${body.toString('base64url')}`;
  }

  function decrypt(value: string | null, context: string): string | null {
    if (value === null) return null;
    if (!value.startsWith(CIPHER_PREFIX))
      throw new PiiKeyError('value is not encrypted (run scripts/ops/rotate-pii-key.ts)');
    const [kid, ivB64, bodyB64] = value.slice(CIPHER_PREFIX.length).split(':');
    const key = byId.get(kid);
    if (!key)
      throw new PiiKeyError(
        `personal data was written with key ${kid}, which is not configured (PII_KEY / PII_KEY_PREVIOUS)`,
      );
    const body = Buffer.from(bodyB64 ?? '', 'base64url');
    try {
      const d = createDecipheriv('aes-256-gcm', key, Buffer.from(ivB64 ?? '', 'base64url'));
      d.setAAD(Buffer.from(context, 'utf8'));
      d.setAuthTag(body.subarray(body.length - TAG_BYTES));
      return Buffer.concat([d.update(body.subarray(0, body.length - TAG_BYTES)), d.final()]).toString('utf8');
    } catch {
      throw new PiiKeyError(`personal data for ${context} failed authentication (altered or moved)`);
    }
  }

  const needsRewrite = (value: string | null) => value !== null && !value.startsWith(`${CIPHER_PREFIX}${keyId}:`);
  return { keyId, encrypt, decrypt, needsRewrite } as PiiCipher;
}
