/**
 * Discovery for real, over multicast: the simulator started with `--mdns` advertises its printers as the real ones
 * do, and `linkdeck-cli discover` finds them. Both run inside a network namespace of this test's own whose only
 * interface is loopback, so not one packet reaches a real network. Where no such namespace can be made (not Linux,
 * no `unshare`/`ip`, not allowed), the test says so and skips.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { DiscoveredPrinter } from '../../../src/shared/model'

const ROOT = resolve(__dirname, '..', '..', '..')

/** How to enter a fresh network namespace here, or why it cannot be done. */
function namespacePrefix(): { prefix: string[] } | { reason: string } {
  if (process.platform !== 'linux')
    return { reason: `network namespaces are Linux's; this is ${process.platform}` }
  const tries = [
    ['unshare', '--net'],
    ['unshare', '--net', '--map-root-user'],
  ]
  for (const prefix of tries) {
    const probe = spawnSync(prefix[0]!, [...prefix.slice(1), 'ip', 'link', 'set', 'lo', 'up'], {
      encoding: 'utf8',
    })
    if (probe.status === 0) return { prefix }
  }
  return { reason: 'no network namespace can be made here (unshare --net is missing or not allowed)' }
}

const SCRIPT = `
set -e
ip link set lo up
ip link set lo multicast on
ip route add 224.0.0.0/4 dev lo
node --import tsx src/main/simulator/cli.ts --printers 3 --profile mixed --mdns --json --no-seed > "$OUT/sim.jsonl" 2> "$OUT/sim.err" &
SIM=$!
trap 'kill -INT $SIM 2>/dev/null; wait $SIM 2>/dev/null || true' EXIT
# Wait (at most 30 s) for the three printers to be up and advertised.
for i in $(seq 1 300); do
  [ "$(wc -l < "$OUT/sim.jsonl")" -ge 3 ] && break
  kill -0 $SIM 2>/dev/null || break
  sleep 0.1
done
set +e
node --import tsx src/main/cli/index.ts discover --json --timeout 2 > "$OUT/found.json" 2> "$OUT/found.err"
echo $? > "$OUT/found.code"
`

interface SimLine {
  profile: 'buddy' | 'pi'
  url: string
  mdnsName: string
}

describe('the simulator’s --mdns found by linkdeck-cli discover over multicast', () => {
  it('lists every simulated printer with its advertised name, address, port and family', (context) => {
    const namespace = namespacePrefix()
    if ('reason' in namespace) {
      context.skip(`skipped: ${namespace.reason}`)
      return
    }
    const out = mkdtempSync(join(tmpdir(), 'linkdeck-mdns-'))
    try {
      const run = spawnSync('timeout', ['60', ...namespace.prefix, 'sh', '-c', SCRIPT], {
        cwd: ROOT,
        env: { ...process.env, OUT: out },
        encoding: 'utf8',
      })
      const read = (name: string): string => {
        try {
          return readFileSync(join(out, name), 'utf8')
        } catch {
          return ''
        }
      }
      const details = `script: ${run.status} ${run.stderr}\nsimulator: ${read('sim.err')}\ndiscover: ${read('found.err')}`
      const sims = read('sim.jsonl')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as SimLine)
      expect(
        sims.map((s) => s.profile),
        details,
      ).toEqual(['buddy', 'buddy', 'pi'])
      expect(read('found.code').trim(), details).toBe('0')

      const found = JSON.parse(read('found.json')) as DiscoveredPrinter[]
      const expected = sims
        .map((s) => ({
          name: s.mdnsName,
          formAddress: new URL(s.url).host,
          family: s.profile,
          services: s.profile === 'pi' ? ['prusalink', 'http', 'octoprint'] : ['prusalink'],
        }))
        .sort((a, b) => a.name.localeCompare(b.name))
      expect(
        found.map((p) => ({
          name: p.name,
          formAddress: p.formAddress,
          family: p.family,
          services: p.services,
        })),
        details,
      ).toEqual(expected)
      // Buddy boards advertise under their host name; two MK4S in one process get -2.
      expect(sims.map((s) => s.mdnsName)).toEqual([
        'prusa-mk4s',
        'prusa-mk4s-2',
        `PrusaLink at prusa-mk3s:${new URL(sims[2]!.url).port}`,
      ])
    } finally {
      rmSync(out, { recursive: true, force: true })
    }
  }, 90_000)
})
