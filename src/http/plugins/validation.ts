import { Ajv, type Options, type SchemaValidateFunction, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { controlCharIn, TAB_AND_NEWLINE } from '../../contracts/common.js';

const base: Options = { allErrors: false, removeAdditional: false, useDefaults: true, strict: false };

const TEXT_RULE = 'x-text';
const TAB_NEWLINE = Object.keys(TAB_AND_NEWLINE)[0] as string;
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions'] as const;
const SUBSCHEMAS = ['items', 'additionalProperties', 'contains', 'not', 'if', 'then', 'else', 'propertyNames'] as const;
const SUBSCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;

/**
 * A copy of a request schema whose every string schema carries the text rule (no control
 * characters; see `TAB_AND_NEWLINE` in src/contracts/common.ts). Done here, once for every
 * route, rather than in each schema, so no route and no new field can forget it.
 */
export function withTextRule(schema: unknown): unknown {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const s = schema as Record<string, unknown>;
  const out: Record<string, unknown> = { ...s };
  for (const key of SUBSCHEMA_MAPS) {
    const map = s[key];
    if (map && typeof map === 'object') out[key] = Object.fromEntries(Object.entries(map).map(([k, v]) => [k, withTextRule(v)]));
  }
  for (const key of SUBSCHEMAS) if (key in s) out[key] = withTextRule(s[key]);
  for (const key of SUBSCHEMA_LISTS) if (Array.isArray(s[key])) out[key] = (s[key] as unknown[]).map(withTextRule);
  const type = s.type;
  if (type === 'string' || (Array.isArray(type) && type.includes('string'))) out[TEXT_RULE] = s[TAB_NEWLINE] === true ? 'tab-newline' : 'single-line';
  return out;
}

function addTextRule(ajv: Ajv): void {
  const validate: SchemaValidateFunction = (mode: string, data: string) => {
    const c = controlCharIn(data, mode === 'tab-newline');
    if (c === undefined) return true;
    const name = c === 0 ? 'NUL' : `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
    validate.errors = [{ keyword: TEXT_RULE, message: `must not contain control characters (found ${name})`, params: { char: c } }];
    return false;
  };
  ajv.addKeyword({ keyword: TAB_NEWLINE });
  ajv.addKeyword({ keyword: TEXT_RULE, type: 'string', schemaType: 'string', errors: true, validate });
}

/**
 * Bodies are validated exactly as sent: no type coercion ("5" is not 5) and unknown fields are
 * errors, not silently dropped (ASVS 15.3.3). Query strings and path params are text by nature,
 * so only they are coerced.
 */
export function installValidators(app: FastifyInstance): void {
  const strict = addFormats.default(new Ajv({ ...base, coerceTypes: false }));
  const lenient = addFormats.default(new Ajv({ ...base, coerceTypes: 'array' }));
  for (const ajv of [strict, lenient]) {
    ajv.addKeyword({ keyword: 'modifier' }).addKeyword({ keyword: 'kind' });
    addTextRule(ajv);
  }
  app.setValidatorCompiler(({ schema, httpPart }) => compiledOnFirstUse(() => (httpPart === 'body' ? strict : lenient).compile(withTextRule(schema) as object)));
}

/**
 * A validator that Ajv compiles when its route is first asked for, not when the app is built.
 * Compiling every route's schemas up front was ~0.4 s of a cold start and kept ~60 routes' worth
 * of generated code in memory that most processes never run (bench section 8). The first
 * request to a route pays its compile (a few ms); the result is the same function. A schema Ajv
 * cannot compile fails that route's requests with a 500, so tests must reach every route
 * (test/security/openapi-requests.ts does).
 */
export function compiledOnFirstUse(compile: () => ValidateFunction): ValidateFunction {
  let validate: ValidateFunction | undefined;
  const compiled = (): ValidateFunction => {
    validate ??= compile();
    return validate;
  };
  const lazy = ((data: unknown, dataCxt?: Parameters<ValidateFunction>[1]) => {
    const v = compiled();
    const ok = v(data, dataCxt);
    lazy.errors = v.errors;
    return ok;
  }) as ValidateFunction;
  // Fastify passes the parent object (so Ajv may coerce or default a root value) only to
  // functions that carry `schemaEnv`, as Ajv's own do; the lazy one forwards it.
  Object.defineProperty(lazy, 'schemaEnv', { get: () => compiled().schemaEnv });
  return lazy;
}
