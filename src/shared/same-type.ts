/**
 * `Same<A, B>` is `true` only when A and B are the same type. A schema module writes
 * `const check: Same<z.output<typeof schema>, ModelType> = true`, and the type checker fails there the day the zod
 * schema and the TypeScript type drift apart.
 */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
