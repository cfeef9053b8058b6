/**
 * Checks a JSON value against a schema of the served OpenAPI 3.1 document, for tests. It covers the subset the
 * document uses ($ref, allOf, anyOf, oneOf, type, enum, const, properties, required, items, additionalProperties)
 * and is stricter than JSON Schema in one way: an object whose schema lists `properties` may hold no other key,
 * so a field the service sends but the document does not describe fails, whatever `additionalProperties` says.
 */

export type JsonSchema = {
  $ref?: string;
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  nullable?: boolean;
};

type Doc = { components?: { schemas?: Record<string, JsonSchema> } };

const typeOf = (v: unknown) =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;

function resolve(doc: Doc, s: JsonSchema): JsonSchema {
  let out = s;
  for (let i = 0; out.$ref && i < 20; i++) {
    const name = out.$ref.replace('#/components/schemas/', '');
    const target = doc.components?.schemas?.[name];
    if (!target) throw new Error(`unknown $ref ${out.$ref}`);
    out = target;
  }
  return out;
}

/** allOf of object schemas (what `.extend()` of a registered schema becomes) as one object schema. */
function merged(doc: Doc, s: JsonSchema): JsonSchema {
  if (!s.allOf) return s;
  const parts = s.allOf.map((p) => merged(doc, resolve(doc, p)));
  const { allOf: _, ...rest } = s;
  const out: JsonSchema = { ...rest, properties: { ...rest.properties }, required: [...(rest.required ?? [])] };
  for (const p of parts) {
    const { properties, required, ...other } = p;
    Object.assign(out, other);
    Object.assign(out.properties!, properties);
    out.required!.push(...(required ?? []));
  }
  return out;
}

function typeMatches(want: string | string[] | undefined, v: unknown, nullable?: boolean): boolean {
  if (want === undefined) return true;
  const wanted = Array.isArray(want) ? want : [want];
  const got = typeOf(v);
  if (got === 'null' && nullable) return true;
  return wanted.includes(got) || (got === 'integer' && wanted.includes('number'));
}

/** Every way `value` differs from `schema`, as `path: problem` lines; empty when it conforms. */
export function checkSchema(doc: Doc, schema: JsonSchema, value: unknown, path = '$'): string[] {
  const s = merged(doc, resolve(doc, schema));
  const alts = s.anyOf ?? s.oneOf;
  if (alts) {
    const tries = alts.map((a) => checkSchema(doc, a, value, path));
    if (tries.some((t) => t.length === 0)) return [];
    return tries.reduce((a, b) => (b.length < a.length ? b : a));
  }
  if (!typeMatches(s.type, value, s.nullable)) return [`${path}: ${typeOf(value)}, documented as ${String(s.type)}`];
  if (s.enum && !s.enum.includes(value)) return [`${path}: ${JSON.stringify(value)} not in ${JSON.stringify(s.enum)}`];
  if ('const' in s && s.const !== value) return [`${path}: ${JSON.stringify(value)} is not ${JSON.stringify(s.const)}`];
  if (Array.isArray(value))
    return s.items ? value.flatMap((v, i) => checkSchema(doc, s.items!, v, `${path}[${i}]`)) : [];
  if (value === null || typeof value !== 'object') return [];
  const obj = value as Record<string, unknown>;
  const problems = (s.required ?? []).filter((k) => !(k in obj)).map((k) => `${path}.${k}: required, missing`);
  for (const [k, v] of Object.entries(obj)) {
    const p = `${path}.${k}`;
    const declared = s.properties?.[k];
    if (declared) problems.push(...checkSchema(doc, declared, v, p));
    else if (s.properties) problems.push(`${p}: not described in the document`);
    else if (s.additionalProperties === false) problems.push(`${p}: not allowed`);
    else if (typeof s.additionalProperties === 'object')
      problems.push(...checkSchema(doc, s.additionalProperties, v, p));
  }
  return problems;
}

/** Every object key in a JSON value, with its path (`$.items[0].created_at`), for casing checks. */
export function keysOf(value: unknown, path = '$'): { key: string; path: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keysOf(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [{ key: k, path: `${path}.${k}` }, ...keysOf(v, `${path}.${k}`)]);
}
