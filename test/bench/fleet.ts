/** Simulated printers for the parts that need many: each one printing a long file, so none finishes mid-run. */
import { copyFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { startSimulator, type SimulatedPrinter } from '../../src/main/simulator'
import { writePrintFile } from '../../src/main/simulator/print-files'

/** `count` printers under `dir`, one in five a Pi (MK3S), the rest Buddy (MK4S), all printing a 10-hour file. */
export async function startPrintingFleet(
  dir: string,
  count: number,
  nameOf: (index: number) => string,
): Promise<SimulatedPrinter[]> {
  await mkdir(dir, { recursive: true })
  const files = { buddy: join(dir, 'long-buddy.gcode'), pi: join(dir, 'long-pi.gcode') }
  await writePrintFile(files.buddy, { printerModel: 'MK4S', estimatedSeconds: 10 * 3600, format: 'gcode' })
  await writePrintFile(files.pi, { printerModel: 'MK3S', estimatedSeconds: 10 * 3600, format: 'gcode' })
  const printers: SimulatedPrinter[] = []
  try {
    for (let i = 0; i < count; i++) {
      const profile = i % 5 === 4 ? 'pi' : 'buddy'
      const storageDir = join(dir, `printer-${i + 1}`)
      await mkdir(storageDir, { recursive: true })
      await copyFile(files[profile], join(storageDir, 'long print.gcode'))
      printers.push(
        await startSimulator({ profile, storageDir, startPrint: 'long print.gcode', name: nameOf(i) }),
      )
    }
  } catch (error) {
    await Promise.all(printers.map((p) => p.close()))
    throw error
  }
  return printers
}
