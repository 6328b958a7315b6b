import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

const base: Options = { allErrors: false, removeAdditional: false, useDefaults: true, strict: false };

/**
 * Bodies are validated exactly as sent: no type coercion ("5" is not 5) and unknown fields are
 * errors, not silently dropped (ASVS 15.3.3). Query strings and path params are text by nature,
 * so only they are coerced.
 */
export function installValidators(app: FastifyInstance): void {
  const strict = addFormats.default(new Ajv({ ...base, coerceTypes: false }));
  const lenient = addFormats.default(new Ajv({ ...base, coerceTypes: 'array' }));
  for (const ajv of [strict, lenient]) ajv.addKeyword({ keyword: 'modifier' }).addKeyword({ keyword: 'kind' });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : lenient).compile(schema));
}
