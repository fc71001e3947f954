/**
 * `npm run simulator -- --printers 3 --profile buddy --port 0 --speed 60 [--json] [--storage DIR]`
 * Starts simulated printers on 127.0.0.1, prints how to reach them, and runs until interrupted.
 */
import { parseArgs } from 'node:util'
import { startSimulator } from './index'
import type { SimulatedPrinter, SimulatorOptions, SimulatorProfile } from './types'

const USAGE = `Usage: npm run simulator -- [options]
  --printers N        how many printers (default 1)
  --profile P         buddy | pi | mixed (default buddy)
  --model M           printer model (MK4S, MINI, XL, COREONE… / MK3S)
  --port N            first port; 0 = any free port (default 0); printers get N, N+1…
  --host H            address to listen on (default 127.0.0.1)
  --speed X           print clock speed factor (default 1)
  --storage DIR       keep each printer's files in DIR/printer-N (default: temp folders)
  --no-seed           start with empty storage instead of demo files
  --print             start printing a demo file on every printer
  --latency MS        added to every answer
  --bandwidth BPS     upload rate limit in bytes per second (taken in bursts, see --window)
  --window BYTES      bytes a printer takes at once under --bandwidth (default 32768)
  --password PW       same password for all printers (default: random per printer)
  --mdns              advertise the printers by DNS-SD as the real ones do (answers on loopback only)
  --json              one JSON object per printer and line: profile, url, username, password, apiKey
  --help`

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      printers: { type: 'string', default: '1' },
      profile: { type: 'string', default: 'buddy' },
      model: { type: 'string' },
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      speed: { type: 'string', default: '1' },
      storage: { type: 'string' },
      'no-seed': { type: 'boolean', default: false },
      print: { type: 'boolean', default: false },
      latency: { type: 'string' },
      bandwidth: { type: 'string' },
      window: { type: 'string' },
      password: { type: 'string' },
      mdns: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    allowPositionals: false,
  })
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  const count = positiveInt(values.printers, '--printers')
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0–65535, got ${values.port}`)
  const speed = Number(values.speed)
  if (!(speed > 0)) throw new Error(`--speed must be > 0, got ${values.speed}`)
  const profiles = profileList(values.profile, count)

  const printers: SimulatedPrinter[] = []
  const shutdown = async (code: number): Promise<void> => {
    await Promise.allSettled(printers.map((p) => p.close()))
    process.exit(code)
  }
  process.once('SIGINT', () => void shutdown(0))
  process.once('SIGTERM', () => void shutdown(0))

  try {
    for (let i = 0; i < count; i++) {
      const profile = profiles[i]!
      const options: SimulatorOptions = {
        profile,
        host: values.host,
        port: port > 0 ? port + i : 0,
        speed,
        seed: !values['no-seed'],
        storageDir: values.storage ? `${values.storage}/printer-${i + 1}` : undefined,
        latencyMs: values.latency ? Number(values.latency) : undefined,
        uploadBytesPerSecond: values.bandwidth ? Number(values.bandwidth) : undefined,
        uploadWindowBytes: values.window ? Number(values.window) : undefined,
        password: values.password,
        model: values.model as SimulatorOptions['model'],
        mdns: values.mdns,
      }
      const printer = await startSimulator(options)
      printers.push(printer)
      if (values.print && !values['no-seed']) await startDemoPrint(printer)
      report(printer, values.json)
    }
  } catch (error) {
    await Promise.allSettled(printers.map((p) => p.close()))
    throw error
  }
  if (!values.json) process.stdout.write('Simulated printers running. Press Ctrl+C to stop.\n')
}

function report(p: SimulatedPrinter, json: boolean): void {
  if (json) {
    const line = {
      profile: p.profile,
      url: p.url,
      username: p.username,
      password: p.password,
      apiKey: p.apiKey,
      model: p.model,
      name: p.name,
      ...(p.mdnsName ? { mdnsName: p.mdnsName } : {}),
    }
    process.stdout.write(`${JSON.stringify(line)}\n`)
  } else {
    process.stdout.write(
      `${p.profile.padEnd(5)} ${p.model.padEnd(7)} ${p.url}  user ${p.username}  password ${p.password}  X-Api-Key ${p.apiKey}` +
        `${p.mdnsName ? `  mDNS “${p.mdnsName}”` : ''}\n`,
    )
  }
}

async function startDemoPrint(p: SimulatedPrinter): Promise<void> {
  const { readdir } = await import('node:fs/promises')
  const files = (await readdir(p.storageDir)).filter((n) => /\.(gcode|bgcode)$/i.test(n))
  if (files[0]) await p.control.startPrint(files[0])
}

function profileList(profile: string, count: number): SimulatorProfile[] {
  if (profile === 'buddy' || profile === 'pi') return Array.from({ length: count }, () => profile)
  if (profile === 'mixed') return Array.from({ length: count }, (_, i) => (i % 3 === 2 ? 'pi' : 'buddy'))
  throw new Error(`--profile must be buddy, pi or mixed, got ${profile}`)
}

function positiveInt(text: string, name: string): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${text}`)
  return n
}

main().catch((error: unknown) => {
  process.stderr.write(`simulator: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`)
  process.exit(2)
})
