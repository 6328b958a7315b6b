import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

type SerializerFactory = ReturnType<typeof SerializerSelector>;

/**
 * Fastify's default response serializer factory (fast-json-stringify), with one serializer per
 * schema object instead of one per route and status code.
 *
 * Why: every route declares the same six problem+json error responses (`errorResponses`), and
 * Fastify compiles each of them anew for every route — about 400 identical fast-json-stringify
 * compilations, the largest single share of start-up time. The output is the same function
 * either way; only the repeated compiling goes. Each is compiled when first used, not when the
 * app is built (~80 ms of a cold start even when shared; bench section 8).
 */
export function sharedSerializers(): SerializerFactory {
  const build = SerializerSelector();
  return (externalSchemas, options) => {
    const compile = build(externalSchemas, options);
    const bySchema = new WeakMap<object, ReturnType<typeof compile>>();
    return (route) => {
      const schema = route.schema as object;
      let serialize = bySchema.get(schema);
      if (!serialize) {
        // Compiled on first use: most responses of a short-lived or idle process are never sent.
        let compiled: ReturnType<typeof compile> | undefined;
        serialize = (data) => {
          compiled ??= compile(route);
          return compiled(data);
        };
        bySchema.set(schema, serialize);
      }
      return serialize;
    };
  };
}
