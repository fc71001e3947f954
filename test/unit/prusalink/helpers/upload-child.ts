/**
 * Runs one upload in its own process and prints what it cost: the resident memory before and at its peak, and
 * whether the progress events were monotone and ended at 100 %. Used by upload-memory.test.ts.
 */
import { PrusaLinkClient } from '../../../../src/main/prusalink'

const [url, apiKey, file, remote] = process.argv.slice(2) as [string, string, string, string]
const client = new PrusaLinkClient({ baseUrl: url, auth: { mode: 'apikey', apiKey } })
// Warm up on a small upload (code paths compiled, connections open), so the measure is the big file's cost.
const [warmup] = process.argv.slice(6) as [string | undefined]
if (warmup) await client.upload(warmup, remote, { overwrite: true })
else await client.storages()
const base = process.memoryUsage().rss
let peak = base
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss)
}, 10)
let monotone = true
let last = -1
let events = 0
let lastFraction = 0
const entry = await client.upload(file, remote, {
  onProgress: (p) => {
    events++
    if (p.bytes < last) monotone = false
    last = p.bytes
    lastFraction = p.fraction
    peak = Math.max(peak, process.memoryUsage().rss)
  },
})
clearInterval(sampler)
peak = Math.max(peak, process.memoryUsage().rss)
await client.close()
process.stdout.write(
  JSON.stringify({
    base,
    peak,
    growth: peak - base,
    monotone,
    events,
    lastBytes: last,
    lastFraction,
    size: entry.size,
  }) + '\n',
)
