/**
 * Reads a recorded session with a real Raspberry Pi running PrusaLink 0.8.1 (requests and answers written down
 * verbatim, kept beside the repository in ../shared/docs/recorded-prusalink-pi.md; absent in a fresh clone) into request /
 * response pairs, and compares JSON "field for field": same keys in the same order, same JSON types
 * (Python floats stay floats: `0.0` is not `0`), same booleans and nulls.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

export const SHARED_DOCS = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'docs')
export const RECORDING = path.join(SHARED_DOCS, 'recorded-prusalink-pi.md')

export interface RecordedExchange {
  title: string
  method: string
  path: string
  requestHeaders: Record<string, string>
  status: number
  responseHeaderNames: string[]
  responseHeaders: Record<string, string>
  /** Body text as shown (JSON pretty-printed; '' for "(empty body)"). */
  body: string
}

export function loadRecording(): RecordedExchange[] | null {
  if (!existsSync(RECORDING)) return null
  const text = readFileSync(RECORDING, 'utf8')
  const out: RecordedExchange[] = []
  const sections = text.split(/^### /m).slice(1)
  for (const section of sections) {
    const title = section.slice(0, section.indexOf('\n')).trim()
    const blocks = [...section.matchAll(/```http\n([\s\S]*?)\n```/g)].map((m) => m[1]!)
    for (let i = 0; i + 1 < blocks.length; i += 2) {
      const req = parseMessage(blocks[i]!)
      const res = parseMessage(blocks[i + 1]!)
      const [method = '', target = ''] = req.start.split(' ')
      out.push({
        title,
        method,
        path: target,
        requestHeaders: req.headers,
        status: Number(res.start.split(' ')[1]),
        responseHeaderNames: res.names,
        responseHeaders: res.headers,
        body: res.body === '(empty body)' ? '' : res.body,
      })
    }
  }
  return out
}

function parseMessage(block: string): {
  start: string
  names: string[]
  headers: Record<string, string>
  body: string
} {
  const [head = '', ...rest] = block.split('\n\n')
  const lines = head.split('\n')
  const names: string[] = []
  const headers: Record<string, string> = {}
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':')
    if (i <= 0) continue
    names.push(line.slice(0, i))
    headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim()
  }
  return { start: lines[0] ?? '', names, headers, body: rest.join('\n\n') }
}

export type Typed =
  | { t: 'null' }
  | { t: 'bool'; v: boolean }
  | { t: 'int'; v: number }
  | { t: 'float'; v: number }
  | { t: 'str'; v: string }
  | { t: 'arr'; v: Typed[] }
  | { t: 'obj'; v: [string, Typed][] }

/** A JSON parser that remembers whether a number was written as a float. */
export function parseTyped(text: string): Typed {
  let i = 0
  const ws = (): void => {
    while (/\s/.test(text[i] ?? '')) i++
  }
  const value = (): Typed => {
    ws()
    const c = text[i]
    if (c === '{') {
      i++
      const entries: [string, Typed][] = []
      ws()
      if (text[i] === '}') {
        i++
        return { t: 'obj', v: entries }
      }
      for (;;) {
        ws()
        const key = value()
        if (key.t !== 'str') throw new Error('bad key')
        ws()
        i++ // :
        entries.push([key.v, value()])
        ws()
        if (text[i++] === '}') return { t: 'obj', v: entries }
      }
    }
    if (c === '[') {
      i++
      const items: Typed[] = []
      ws()
      if (text[i] === ']') {
        i++
        return { t: 'arr', v: items }
      }
      for (;;) {
        items.push(value())
        ws()
        if (text[i++] === ']') return { t: 'arr', v: items }
      }
    }
    if (c === '"') {
      const start = i
      i++
      while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1
      i++
      return { t: 'str', v: JSON.parse(text.slice(start, i)) as string }
    }
    const m = /^(true|false|null|-?\d+(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i))
    if (!m) throw new Error(`bad JSON at ${i}: ${text.slice(i, i + 20)}`)
    i += m[0].length
    if (m[0] === 'true' || m[0] === 'false') return { t: 'bool', v: m[0] === 'true' }
    if (m[0] === 'null') return { t: 'null' }
    return m[2] || m[3] ? { t: 'float', v: Number(m[0]) } : { t: 'int', v: Number(m[0]) }
  }
  return value()
}

/**
 * Differences between a recorded and a simulated JSON value, as `path: what` strings. Strings and numbers
 * are compared by type only (hostnames, times and sizes differ), booleans and nulls by value.
 */
export function shapeDiff(recorded: Typed, actual: Typed, at = '$'): string[] {
  if (recorded.t !== actual.t) return [`${at}: ${recorded.t} recorded, ${actual.t} simulated`]
  if (recorded.t === 'bool' && actual.t === 'bool' && recorded.v !== actual.v) {
    return [`${at}: ${recorded.v} recorded, ${actual.v} simulated`]
  }
  if (recorded.t === 'arr' && actual.t === 'arr') {
    if (recorded.v.length !== actual.v.length)
      return [`${at}: ${recorded.v.length} items recorded, ${actual.v.length} simulated`]
    return recorded.v.flatMap((r, k) => shapeDiff(r, actual.v[k]!, `${at}[${k}]`))
  }
  if (recorded.t === 'obj' && actual.t === 'obj') {
    const rk = recorded.v.map(([k]) => k)
    const ak = actual.v.map(([k]) => k)
    if (rk.join('|') !== ak.join('|'))
      return [`${at}: keys ${JSON.stringify(rk)} recorded, ${JSON.stringify(ak)} simulated`]
    return recorded.v.flatMap(([k, r], n) => shapeDiff(r, actual.v[n]![1], `${at}.${k}`))
  }
  return []
}
