import { describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { request } from './http-helpers'

const ROOT = path.resolve(__dirname, '..', '..', '..')

describe('npm run simulator (cli.ts)', () => {
  it('--json prints one line per printer with url and credentials; the printers answer; SIGINT stops them', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/main/simulator/cli.ts',
        '--printers',
        '2',
        '--profile',
        'pi',
        '--port',
        '0',
        '--speed',
        '60',
        '--json',
        '--no-seed',
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    const lines: Record<string, string>[] = []
    const reader = createInterface({ input: child.stdout })
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no output from the simulator CLI')), 15_000)
      reader.on('line', (line) => {
        lines.push(JSON.parse(line) as Record<string, string>)
        if (lines.length === 2) {
          clearTimeout(timer)
          resolve()
        }
      })
      child.once('exit', (code) => reject(new Error(`simulator CLI exited early with ${code}`)))
    })
    for (const line of lines) {
      expect(line).toMatchObject({ profile: 'pi', username: 'maker' })
      expect(line.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      const r = await request(line.url!, '/api/version', { headers: { 'X-Api-Key': line.apiKey! } })
      expect(r.status).toBe(200)
    }
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve))
    child.kill('SIGINT')
    expect(await exit).toBe(0)
    await expect(request(lines[0]!.url!, '/api/version')).rejects.toMatchObject({ code: 'ECONNREFUSED' })
  }, 30_000)
})
