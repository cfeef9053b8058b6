/**
 * Values in and out of PostgreSQL as the store sees them from SQLite: numbers come back as numbers (COUNT(*)
 * is int8, which pg-types would give as a string), a boolean expression such as `round < ?` as 1 or 0, and
 * everything else as the text PostgreSQL sends (dates stay the ISO strings the store wrote, JSON stays text
 * that the callers parse themselves).
 */

/** Type OIDs of pg_type that are parsed; any other type is returned as its text. */
const OID = {
  bool: 16,
  bytea: 17,
  int8: 20,
  int2: 21,
  int4: 23,
  oid: 26,
  float4: 700,
  float8: 701,
  numeric: 1700,
} as const;

type Parser = (text: string) => unknown;

const toNumber: Parser = (text) => Number(text);
const PARSERS = new Map<number, Parser>([
  [OID.bool, (text) => (text === 't' ? 1 : 0)],
  [OID.bytea, (text) => Buffer.from(text.slice(2), 'hex')],
  [OID.int8, toNumber],
  [OID.int2, toNumber],
  [OID.int4, toNumber],
  [OID.oid, toNumber],
  [OID.float4, toNumber],
  [OID.float8, toNumber],
  [OID.numeric, toNumber],
]);

/** The parser of one result column, by its type OID. */
export function parserFor(oid: number): Parser | undefined {
  return PARSERS.get(oid);
}

/**
 * One bound value as libpq's text format. Accepts what better-sqlite3 accepts (numbers, strings, bigints,
 * buffers, null) and refuses the rest with its error, so a caller that works on one backend works on the other.
 */
export function encodeParam(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return Number.isNaN(value) ? null : String(value);
    case 'bigint':
      return value.toString();
    default:
      if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
      throw new TypeError('SQLite3 can only bind numbers, strings, bigints, buffers, and null');
  }
}
