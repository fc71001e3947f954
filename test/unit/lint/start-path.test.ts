/**
 * What each program loads at start, read from the source's import graph the way the bundler sees it: static value
 * imports are followed, type-only imports vanish at build time, and a dynamic `import()` becomes a chunk of its own
 * that loads when it runs. (docs/architecture.md says how to check the same on the build output.)
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../..', import.meta.url))

interface Imports {
  static: string[]
  dynamic: string[]
}

function resolveSource(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined // a package or a Node module
  const base = resolve(dirname(from), specifier)
  return [`${base}.ts`, `${base}/index.ts`, base].find(
    (candidate) => existsSync(candidate) && candidate.endsWith('.ts'),
  )
}

function importsOf(file: string): Imports {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
  const found: Imports = { static: [], dynamic: [] }
  const add = (list: string[], specifier: ts.Expression | undefined): void => {
    if (!specifier || !ts.isStringLiteral(specifier)) return
    const target = resolveSource(file, specifier.text)
    if (target) list.push(target)
  }
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause
      const typeOnly =
        clause?.isTypeOnly === true ||
        (clause !== undefined &&
          clause.name === undefined &&
          clause.namedBindings !== undefined &&
          ts.isNamedImports(clause.namedBindings) &&
          clause.namedBindings.elements.length > 0 &&
          clause.namedBindings.elements.every((element) => element.isTypeOnly))
      if (!typeOnly) add(found.static, statement.moduleSpecifier)
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
      add(found.static, statement.moduleSpecifier)
    }
  }
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword)
      add(found.dynamic, node.arguments[0])
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

/** Every file loaded with `entry`, before any dynamic import runs; and the dynamic imports met on the way. */
function startPath(entry: string): { loaded: string[]; lazy: string[] } {
  const loaded = new Set<string>()
  const lazy = new Set<string>()
  const queue = [resolve(root, entry)]
  while (queue.length > 0) {
    const file = queue.pop()!
    if (loaded.has(file)) continue
    loaded.add(file)
    const { static: direct, dynamic } = importsOf(file)
    queue.push(...direct)
    for (const target of dynamic) lazy.add(relative(root, target))
  }
  return { loaded: [...loaded].map((file) => relative(root, file)).sort(), lazy: [...lazy].sort() }
}

describe('what the programs load at start', () => {
  it.each([
    ['the desktop app', 'src/main/electron/index.ts'],
    ['the browser mode', 'src/main/web/main.ts'],
  ])('%s does not load the simulator until demo printers start', (_program, entry) => {
    const { loaded, lazy } = startPath(entry)
    expect(loaded).toContain('src/main/core/demo/demo-service.ts')
    expect(loaded.filter((file) => file.startsWith('src/main/simulator/'))).toEqual([])
    expect(lazy).toContain('src/main/simulator/index.ts')
  })

  it.each([
    ['the desktop app', 'src/main/electron/index.ts'],
    ['the browser mode', 'src/main/web/main.ts'],
  ])('%s loads the mDNS transport only once discovery starts', (_program, entry) => {
    const { loaded, lazy } = startPath(entry)
    expect(loaded).not.toContain('src/main/discovery/multicast-transport.ts')
    expect(lazy).toContain('src/main/discovery/multicast-transport.ts')
  })

  it('the preload loads itself and the IPC names, nothing else of ours (no zod, no contract)', () => {
    expect(startPath('src/preload/index.ts').loaded).toEqual(['src/preload/index.ts', 'src/shared/ipc.ts'])
  })

  it('sees through a type-only import and follows a value import (the reading itself is right)', () => {
    const { static: direct } = importsOf(resolve(root, 'src/main/core/demo/demo-service.ts'))
    const names = direct.map((file) => relative(root, file))
    expect(names).toContain('src/main/core/printers/printer-label.ts')
    expect(names).not.toContain('src/main/simulator/index.ts')
  })
})
