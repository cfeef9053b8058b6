/**
 * The API speaks snake_case (`received_at`, `petition_id`); domain code keeps TypeScript's camelCase. Route
 * handlers pass what a domain function returns through `toApi` once, at the HTTP boundary, so the two never mix
 * in a response and no domain type has to change its names for the wire.
 *
 * Only identifier-like camelCase keys are renamed (`lawId` → `law_id`). Keys that are data keep their spelling:
 * Chinese category names, law titles and article headings have no ASCII capitals, and snake_case or lowercase
 * keys (emotion labels such as `angry`) are already what the API sends.
 */

type Upper = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H' | 'I' | 'J' | 'K' | 'L' | 'M';
type Upper2 = 'N' | 'O' | 'P' | 'Q' | 'R' | 'S' | 'T' | 'U' | 'V' | 'W' | 'X' | 'Y' | 'Z';

/** `prevHash` → `prev_hash` at the type level (the same rule as `snakeKey` for identifier keys). */
export type SnakeCase<S extends string> = S extends `${infer H}${infer T}`
  ? `${H extends Upper | Upper2 ? `_${Lowercase<H>}` : H}${SnakeCase<T>}`
  : S;

/** A value as `toApi` returns it: every identifier key of every nested object in snake_case. */
export type Snake<T> = T extends string | number | boolean | null | undefined | bigint
  ? T
  : T extends readonly (infer E)[]
    ? Snake<E>[]
    : T extends object
      ? { [K in keyof T as K extends string ? SnakeCase<K> : K]: Snake<T[K]> }
      : T;

// A camelCase identifier: starts lower case, letters and digits only, at least one capital.
const CAMEL = /^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+$/;

/** One key in the API's spelling: `createdAt` → `created_at`; anything not camelCase is returned as it is. */
export function snakeKey(key: string): string {
  return CAMEL.test(key) ? key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : key;
}

/** True when a key is camelCase and so must not appear in an API body (the OpenAPI and response tests use it). */
export const isCamelKey = (key: string) => CAMEL.test(key);

/**
 * A domain value for a JSON response or event: every camelCase key of every nested plain object renamed to
 * snake_case. Throws if renaming would make two keys of one object collide (`fooBar` next to `foo_bar`),
 * which would silently drop a field.
 */
export function toApi<T>(value: T): Snake<T> {
  return convert(value) as Snake<T>;
}

function convert(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(convert);
  if (value === null || typeof value !== 'object') return value;
  // Dates, buffers and the like are left to JSON.stringify, as before.
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const name = snakeKey(key);
    if (name !== key && Object.hasOwn(value, name))
      throw new Error(`toApi: ${key} and ${name} in one object would collide`);
    out[name] = convert(v);
  }
  return out;
}
