/**
 * LinkDeck's PrusaLink printer simulator: `startSimulator({ profile: 'buddy' | 'pi' })` serves one
 * printer on 127.0.0.1 with the quirks of the real ones (see docs/simulator.md). Tests, benchmarks and
 * the demo mode all run against it.
 */
import { SimPrinter } from './printer'
import { buddyRoutes } from './buddy-routes'
import { piRoutes } from './pi-routes'
import type { Fault, SimulatedPrinter, SimulatorControl, SimulatorOptions } from './types'

export type {
  BuddyModel,
  Fault,
  FaultKind,
  PiModel,
  RequestRecord,
  SimulatedPrinter,
  SimulatorControl,
  SimulatorOptions,
  SimulatorProfile,
  SimulatorStats,
  TransferInfo,
} from './types'
export type { SimState } from './printer-machine'
export { SIM_STATES } from './printer-machine'
export { ManualClock, ScaledClock, type SimClock, type AdjustableClock } from './clock'
export { assignShortName, shortNameBase } from './fat-names'

export async function startSimulator(options: SimulatorOptions): Promise<SimulatedPrinter> {
  if (options.profile !== 'buddy' && options.profile !== 'pi') {
    throw new Error(`unknown simulator profile: ${String(options.profile)}`)
  }
  const printer = new SimPrinter(options, options.profile === 'buddy' ? buddyRoutes : piRoutes)
  let advertisement: { name: string; close(): Promise<void> } | undefined
  try {
    await printer.start()
    if (options.mdns) {
      // Loaded only when asked: the demo printers and the tests never open an mDNS socket.
      const { advertisePrinter } = await import('./mdns-advertiser')
      advertisement = await advertisePrinter({
        profile: printer.profile,
        hostname: printer.hostname,
        host: printer.host,
        port: printer.port,
      })
    }
  } catch (error) {
    await printer.close()
    throw error
  }
  return {
    get url() {
      return printer.url
    },
    host: printer.host,
    port: printer.port,
    profile: printer.profile,
    model: printer.model,
    name: printer.name,
    username: printer.username,
    password: printer.password,
    apiKey: printer.apiKey,
    storageDir: printer.storageDir,
    ...(advertisement ? { mdnsName: advertisement.name } : {}),
    control: makeControl(printer),
    close: async () => {
      await advertisement?.close()
      await printer.close()
    },
  }
}

/**
 * `n` printers with the same options. With a fixed `port` they get port, port+1…; a `storageDir` gets
 * one sub-folder per printer.
 */
export async function startSimulators(n: number, options: SimulatorOptions): Promise<SimulatedPrinter[]> {
  const started: SimulatedPrinter[] = []
  try {
    for (let i = 0; i < n; i++) {
      started.push(
        await startSimulator({
          ...options,
          port: options.port ? options.port + i : 0,
          storageDir: options.storageDir ? `${options.storageDir}/printer-${i + 1}` : undefined,
          name: options.name ? (n > 1 ? `${options.name} ${i + 1}` : options.name) : undefined,
        }),
      )
    }
  } catch (error) {
    await Promise.all(started.map((s) => s.close()))
    throw error
  }
  return started
}

function makeControl(printer: SimPrinter): SimulatorControl {
  const machine = printer.machine
  const must = (ok: boolean, what: string): void => {
    if (!ok) throw new Error(`cannot ${what} in state ${machine.state}`)
  }
  return {
    get state() {
      return machine.state
    },
    setState: (state) => machine.setState(state),
    startPrint: (path) => printer.startPrintByPath(path),
    runout: (opts) => {
      if (opts && opts.autoResumeMs !== undefined) machine.setAttentionAutoResume(opts.autoResumeMs)
      must(machine.runout(), 'raise a filament runout')
    },
    resume: () => must(machine.resume(), 'resume'),
    pause: () => must(machine.pause(), 'pause'),
    stop: () => must(machine.stop(), 'stop'),
    finishNow: () => must(machine.finishNow(), 'finish'),
    setFault: (fault: Fault | null) => printer.setFaults(fault ? [fault] : []),
    addFault: (fault: Fault) => printer.setFaults([...printer.faults, fault]),
    get faults() {
      return printer.faults
    },
    setLatency: (ms) => {
      printer.latencyMs = Math.max(0, ms)
    },
    setBandwidth: (bps, windowBytes) => {
      printer.uploadBytesPerSecond = bps && bps > 0 ? bps : null
      if (windowBytes !== undefined && windowBytes > 0) printer.uploadWindowBytes = windowBytes
    },
    setConnectionLimits: (on) => printer.setConnectionLimits(on),
    advance: (ms) => printer.advance(ms),
    setSpeed: (speed) => printer.setSpeed(speed),
    now: () => printer.clock.now(),
    stats: () => printer.getStats(),
    resetStats: () => printer.resetStats(),
    requests: () => printer.requestLog.map((r) => ({ ...r })),
    clearRequests: () => printer.clearRequests(),
    settleTree: () => printer.settleTree(),
    transfer: () => {
      const tr = printer.transfer
      if (!tr) return null
      return {
        id: tr.id,
        displayName: tr.displayName,
        storagePath: `/${tr.storage}/${printer.mainStorage.tree.longPathOf(tr.targetAbs)}`,
        size: tr.size,
        transferred: tr.transferred,
        startedAt: tr.startedAt,
        toPrint: tr.toPrint,
      }
    },
  }
}
