type Json = Record<string, unknown>;

const INT32 = 2 ** 31 - 1;
// Longest text a value of each format can be; what zod accepts for them fits inside.
const FORMAT_MAX_LENGTH: Record<string, number> = { uuid: 36, 'date-time': 64, email: 254 };

/**
 * Completes bounds that follow from a schema's own format, so that every string and integer in the document
 * is bounded (OWASP API4): a UUID is 36 characters, an integer within 32 bits is `int32`.
 */
export function addFormatBounds(value: unknown): void {
  if (Array.isArray(value)) return value.forEach(addFormatBounds);
  if (!value || typeof value !== 'object') return;
  const schema = value as Json;
  const format = schema.format;
  if (schema.type === 'string' && typeof format === 'string' && schema.maxLength === undefined) {
    const max = FORMAT_MAX_LENGTH[format];
    if (max) schema.maxLength = max;
  }
  if (schema.type === 'integer' && schema.format === undefined) {
    const fits = (n: unknown) => typeof n === 'number' && Math.abs(n) <= INT32;
    schema.format = fits(schema.minimum) && fits(schema.maximum) ? 'int32' : 'int64';
  }
  Object.values(schema).forEach(addFormatBounds);
}
