/**
 * Main builds every error the window shows from a key of the error table (src/shared/error-text.ts): the type
 * checker holds `new UserFacingError(key, params)` and the client's `{ key, params }` to the table, and this test
 * finds what it cannot — an error payload written by hand, `{ code, message }`, whose English the window could only
 * show as it came.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../..', import.meta.url))

/** The simulator plays a printer (its words are the printer's), and linkdeck-cli writes its own English. */
const NOT_SHOWN_BY_THE_WINDOW = ['src/main/simulator/', 'src/main/cli/']

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sources(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

/** A `toJSON()` writes an error out for logs and `--json` output, not for the window. */
function insideToJson(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent)
    if (ts.isMethodDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === 'toJSON') return true
  return false
}

/** `z.object({ code, message, hint })` describes a payload (a file that stores one); it is not one. */
function isSchema(node: ts.ObjectLiteralExpression): boolean {
  const call = node.parent
  return (
    ts.isCallExpression(call) &&
    ts.isPropertyAccessExpression(call.expression) &&
    call.expression.name.text === 'object' &&
    call.expression.expression.getText() === 'z'
  )
}

function handWrittenPayloads(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
  const found: string[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isObjectLiteralExpression(node)) {
      const names = new Set(
        node.properties.flatMap((p) => (p.name && ts.isIdentifier(p.name) ? [p.name.text] : [])),
      )
      if (
        names.has('code') &&
        (names.has('message') || names.has('hint')) &&
        !insideToJson(node) &&
        !isSchema(node)
      ) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart())
        found.push(`${relative(root, file)}:${line + 1}`)
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

describe('error payloads in main', () => {
  it('are built from the error table, never written by hand', () => {
    const files = sources(join(root, 'src/main')).filter(
      (file) => !NOT_SHOWN_BY_THE_WINDOW.some((part) => relative(root, file).startsWith(part)),
    )
    expect(files.length).toBeGreaterThan(50)
    expect(files.flatMap(handWrittenPayloads)).toEqual([])
  })
})
