/**
 * A small checker for the JSON-Schema subset the PrusaLink OpenAPI draft uses: $ref, type, properties,
 * required, items, enum, allOf, oneOf, nullable. Unknown keys are allowed (the spec never forbids them).
 * `oneOf` is checked as "at least one" because the draft's alternatives overlap (JobSerialPrint has no
 * required key, so every job would match two branches and fail a strict oneOf).
 */
type Schema = Record<string, unknown>

export class SchemaChecker {
  constructor(private readonly root: Schema) {}

  schema(ref: string): Schema {
    let node: unknown = this.root
    for (const part of ref.replace(/^#\//, '').split('/')) node = (node as Record<string, unknown>)[part]
    if (!node || typeof node !== 'object') throw new Error(`unresolved $ref ${ref}`)
    return node as Schema
  }

  /** Errors as `path: message`, empty when the value conforms. */
  check(value: unknown, schema: Schema, at = '$'): string[] {
    if (typeof schema.$ref === 'string') return this.check(value, this.schema(schema.$ref), at)
    const errors: string[] = []
    if (Array.isArray(schema.allOf))
      for (const part of schema.allOf as Schema[]) errors.push(...this.check(value, part, at))
    if (Array.isArray(schema.oneOf)) {
      const branches = (schema.oneOf as Schema[]).map((s) => this.check(value, s, at))
      if (!branches.some((b) => b.length === 0)) {
        errors.push(...branches.reduce((best, b) => (b.length < best.length ? b : best)))
      }
    }
    if (value === null) {
      if (schema.type !== undefined && schema.nullable !== true)
        errors.push(`${at}: null where ${String(schema.type)} expected`)
      return errors
    }
    switch (schema.type) {
      case 'object':
        if (typeof value !== 'object' || Array.isArray(value)) return [...errors, `${at}: expected object`]
        break
      case 'array':
        if (!Array.isArray(value)) return [...errors, `${at}: expected array`]
        break
      case 'string':
        if (typeof value !== 'string') return [...errors, `${at}: expected string, got ${typeof value}`]
        break
      case 'integer':
        if (!Number.isInteger(value))
          return [...errors, `${at}: expected integer, got ${JSON.stringify(value)}`]
        break
      case 'number':
        if (typeof value !== 'number') return [...errors, `${at}: expected number, got ${typeof value}`]
        break
      case 'boolean':
        if (typeof value !== 'boolean') return [...errors, `${at}: expected boolean, got ${typeof value}`]
        break
      default:
        break
    }
    if (Array.isArray(schema.enum) && !schema.enum.includes(value))
      errors.push(`${at}: ${JSON.stringify(value)} not in enum`)
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const obj = value as Record<string, unknown>
      for (const key of (schema.required as string[] | undefined) ?? [])
        if (!(key in obj)) errors.push(`${at}.${key}: required`)
      const props = (schema.properties as Record<string, Schema> | undefined) ?? {}
      for (const [key, sub] of Object.entries(props))
        if (key in obj) errors.push(...this.check(obj[key], sub, `${at}.${key}`))
    }
    if (Array.isArray(value) && schema.items) {
      value.forEach((item, i) => errors.push(...this.check(item, schema.items as Schema, `${at}[${i}]`)))
    }
    return [...new Set(errors)]
  }
}
