import fc from 'fast-check';

type Schema = Record<string, unknown>;

/**
 * A fast-check arbitrary for (the subset of) JSON Schema 2020-12 our document uses: objects, arrays, enums,
 * strings with formats and bounds, integers, booleans, null, anyOf and local $refs. Strings stay short so a
 * run is many requests, not large ones; the size limit has its own test.
 */
export function valueOf(
  schema: Schema,
  components: Record<string, Schema>,
  depth = 0,
): fc.Arbitrary<unknown> {
  if (typeof schema.$ref === 'string') {
    return valueOf(components[schema.$ref.split('/').pop()!]!, components, depth + 1);
  }
  if (Array.isArray(schema.anyOf) || Array.isArray(schema.oneOf)) {
    const options = (schema.anyOf ?? schema.oneOf) as Schema[];
    return fc.oneof(...options.map((option) => valueOf(option, components, depth + 1)));
  }
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  switch (schema.type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({
        min: (schema.minimum as number | undefined) ?? -1000,
        max: (schema.maximum as number | undefined) ?? 1000,
      });
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'array': {
      const minLength = (schema.minItems as number | undefined) ?? 0;
      const maxLength = Math.min((schema.maxItems as number | undefined) ?? 5, minLength + 5);
      return fc.array(valueOf(schema.items as Schema, components, depth + 1), { minLength, maxLength });
    }
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const required = (schema.required ?? []) as string[];
      const record = Object.fromEntries(
        Object.entries(properties).map(([key, value]) => [key, valueOf(value, components, depth + 1)]),
      );
      return fc.record(record, { requiredKeys: required });
    }
    case 'string':
      return stringOf(schema);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function stringOf(schema: Schema): fc.Arbitrary<string> {
  const minLength = (schema.minLength as number | undefined) ?? 0;
  const maxLength = Math.min((schema.maxLength as number | undefined) ?? 40, Math.max(minLength, 1) + 40);
  switch (schema.format) {
    case 'uuid':
      return fc.uuid();
    case 'email':
      return fc.emailAddress().filter((email) => email.length <= maxLength);
    case 'date-time':
      return fc
        .date({ min: new Date('1970-01-01'), max: new Date('2200-01-01'), noInvalidDate: true })
        .map((date) => date.toISOString());
    default:
      // Passwords must also dodge the common-password list: mix in a random tail.
      return fc.string({ minLength, maxLength, unit: 'grapheme' });
  }
}

/** Things no schema allows: wrong types, junk, oversized strings, injection-flavoured text, extra keys. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    "' or 1=1 --",
    '"; drop table tasks; --',
    '../../etc/passwd',
    '%00',
    '\u0000',
    '<script>alert(1)</script>',
    '{"$gt":""}',
    '9'.repeat(400),
    'NaN',
    '-1',
    '1e309',
  ),
  fc.string({ maxLength: 300, unit: 'binary' }),
);

/** A valid value with one of its keys replaced by something hostile, or an unknown key added. */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(valid, hostileValue, fc.string({ minLength: 1, maxLength: 12 }), fc.boolean())
    .map(([value, junk, key, addKey]) => {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return junk;
      const copy = { ...(value as Record<string, unknown>) };
      const keys = Object.keys(copy);
      if (addKey || keys.length === 0) copy[key] = junk;
      else copy[keys[key.length % keys.length]!] = junk;
      return copy;
    });
}
