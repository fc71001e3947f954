/**
 * "Try demo printers": three simulated printers (two Buddy, one Pi) in this process on 127.0.0.1, added to the list
 * marked as demo and removed again in one step. Their files live in `<dataDir>/demo/<folder>` so uploads to them
 * survive a restart; at startup the simulators of saved demo printers start again (on new ports, so their
 * addresses are updated).
 *
 * The simulator is loaded when the first demo printer starts, never before: it is most of the main process's
 * code, and an app without demo printers should not read it at start (docs/architecture.md says how the build
 * keeps it a chunk of its own). Only types are imported statically; the lint rules refuse anything else.
 */
import { existsSync, readdirSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { PrinterSummary } from '../../../shared/model'
import type { SimulatedPrinter, SimulatorOptions } from '../../simulator'
import type { Logger } from '../logger'
import { printerLabel } from '../printers/printer-label'
import type { PrinterRegistry } from '../printers/printer-registry'
import type { StoredDemoPrinter } from '../settings/settings-document'

export interface DemoPrinterSpec extends StoredDemoPrinter {
  name: string
  /** Starts printing this (a file whose long name contains it) when first created, so the demo is alive. */
  printOnCreate?: string
}

export const DEMO_PRINTERS: readonly DemoPrinterSpec[] = [
  {
    folder: 'mk4s',
    name: 'MK4S (demo)',
    profile: 'buddy',
    model: 'MK4S',
    printOnCreate: 'Benchy',
  },
  { folder: 'mini', name: 'MINI (demo)', profile: 'buddy', model: 'MINI' },
  { folder: 'mk3s', name: 'MK3S (demo)', profile: 'pi', model: 'MK3S' },
]

export interface DemoServiceOptions {
  dataDir: string
  registry: PrinterRegistry
  logger: Logger
  /** Simulated time runs this much faster, so a demo print moves visibly. Default 30. */
  speed?: number
  startSimulator?: (options: SimulatorOptions) => Promise<SimulatedPrinter>
}

/** The real simulator, imported on first use (a chunk of its own in the build). */
async function loadAndStartSimulator(options: SimulatorOptions): Promise<SimulatedPrinter> {
  const { startSimulator } = await import('../../simulator')
  return startSimulator(options)
}

export class DemoService {
  private readonly running = new Map<string, SimulatedPrinter>()
  private readonly speed: number
  private readonly startSimulator: (options: SimulatorOptions) => Promise<SimulatedPrinter>
  private busy: Promise<unknown> = Promise.resolve()

  constructor(private readonly options: DemoServiceOptions) {
    this.speed = options.speed ?? 30
    this.startSimulator = options.startSimulator ?? loadAndStartSimulator
    // A demo printer removed on its own (printers.remove) takes its simulator with it.
    options.registry.onRemoved((id) => {
      const sim = this.running.get(id)
      if (!sim) return
      this.running.delete(id)
      sim.close().catch((error: unknown) => options.logger.debug('closing a demo simulator failed', error))
    })
  }

  get isRunning(): boolean {
    return this.running.size > 0
  }

  /** The running simulators by printer id (tests steer them through `control`). */
  simulators(): ReadonlyMap<string, SimulatedPrinter> {
    return this.running
  }

  /** Starts the demo printers that are missing and adds them; answers every demo printer. */
  start(): Promise<PrinterSummary[]> {
    return this.serially(async () => {
      const { registry } = this.options
      for (const spec of DEMO_PRINTERS) {
        const existing = this.demoPrinters().find((p) => registry.stored(p.id)?.demo?.folder === spec.folder)
        if (existing) {
          if (!this.running.has(existing.id)) await this.revive(existing.id, spec)
          continue
        }
        const fresh = !existsSync(this.folderOf(spec))
        const sim = await this.launch(spec, fresh)
        let summary: PrinterSummary
        try {
          summary = registry.add({
            name: this.freeName(spec.name),
            address: sim.url,
            authMode: 'auto',
            username: sim.username,
            secret: sim.password,
            demo: { profile: spec.profile, model: spec.model, folder: spec.folder },
          })
        } catch (error) {
          // Not saved (the settings file could not be written): no printer, so no simulator either.
          await sim.close().catch(() => undefined)
          throw error
        }
        this.running.set(summary.id, sim)
        if (fresh && spec.printOnCreate) await this.printSomething(sim, spec.printOnCreate)
      }
      return this.demoPrinters()
    })
  }

  /** At startup: brings back the simulators of demo printers saved in the settings. */
  restore(): Promise<void> {
    return this.serially(async () => {
      for (const printer of this.demoPrinters()) {
        const stored = this.options.registry.stored(printer.id)?.demo
        if (!stored || this.running.has(printer.id)) continue
        const spec = DEMO_PRINTERS.find((d) => d.folder === stored.folder) ?? {
          ...stored,
          name: printer.name,
        }
        try {
          await this.revive(printer.id, spec)
        } catch (error) {
          this.options.logger.warn(
            `demo printer ${printerLabel(printer.id, printer.name)} could not be started again`,
            error,
          )
        }
      }
    })
  }

  /** Removes every demo printer, stops the simulators and deletes their files. */
  remove(): Promise<void> {
    return this.serially(async () => {
      for (const printer of this.demoPrinters()) this.options.registry.remove(printer.id)
      await this.stopSimulators()
      await rm(join(this.options.dataDir, 'demo'), { recursive: true, force: true })
    })
  }

  /** App shutdown: stops the simulators, keeps the demo printers for next time. */
  stop(): Promise<void> {
    return this.serially(() => this.stopSimulators())
  }

  private demoPrinters(): PrinterSummary[] {
    return this.options.registry.list().filter((p) => p.demo)
  }

  private async revive(id: string, spec: StoredDemoPrinter): Promise<void> {
    const sim = await this.launch(spec, !existsSync(this.folderOf(spec)))
    this.options.registry.relocate(id, sim.url, sim.password)
    this.running.set(id, sim)
  }

  private launch(spec: StoredDemoPrinter, seed: boolean): Promise<SimulatedPrinter> {
    return this.startSimulator({
      profile: spec.profile,
      model: spec.model as SimulatorOptions['model'],
      host: '127.0.0.1',
      storageDir: this.folderOf(spec),
      seed,
      speed: this.speed,
      // Real boards are not instant; a little latency keeps the demo honest about what the UI must handle.
      latencyMs: 20,
      // A current Buddy firmware (≥ 6.5.1) names its model and version in /api/version, so the demo cards show them.
      ...(spec.profile === 'buddy' ? { firmware: '6.5.3+11974' } : {}),
    })
  }

  private async printSomething(sim: SimulatedPrinter, nameContains: string): Promise<void> {
    try {
      const file = readdirSync(sim.storageDir).find((n) => n.includes(nameContains))
      if (file) await sim.control.startPrint(file)
    } catch (error) {
      this.options.logger.debug('the demo print could not be started', error)
    }
  }

  private folderOf(spec: StoredDemoPrinter): string {
    return join(this.options.dataDir, 'demo', spec.folder)
  }

  /** A user's own printer may already be called "MK4S (demo)". */
  private freeName(name: string): string {
    const taken = new Set(this.options.registry.list().map((p) => p.name.toLowerCase()))
    if (!taken.has(name.toLowerCase())) return name
    for (let n = 2; ; n++) if (!taken.has(`${name} ${n}`.toLowerCase())) return `${name} ${n}`
  }

  private async stopSimulators(): Promise<void> {
    const sims = [...this.running.values()]
    this.running.clear()
    await Promise.allSettled(sims.map((s) => s.close()))
  }

  /** Start, restore and remove never overlap (a double click must not start six printers). */
  private serially<T>(task: () => Promise<T>): Promise<T> {
    const next = this.busy.then(task, task)
    this.busy = next.catch(() => undefined)
    return next
  }
}
