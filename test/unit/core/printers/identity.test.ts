/**
 * Model, firmware and host name of every printer, whatever its firmware says of itself: a Buddy board before 6.5
 * (no model, no version in /api/version), one from 6.5 (both named), and a Pi (whose /api/v1/info `hostname` is
 * the Prusa Connect server's). The connection test, the live picture and the upload dialog's model warning.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { FIRMWARE_NOT_REPORTED } from '../../../../src/main/core/printers/firmware-text'
import { startSimulator, type SimulatorOptions } from '../../../../src/main/simulator'
import { generateGcode } from '../../../../src/main/simulator/print-files'
import { buildCore, type TestCore } from '../../../fixtures/core'
import { tempDirSync as tempDir } from '../../../fixtures/temp-dir'
import { until } from '../../../fixtures/wait'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function sim(options: SimulatorOptions) {
  const printer = await startSimulator({ seed: false, ...options })
  cleanups.push(() => printer.close())
  return printer
}

async function core(): Promise<TestCore & { dir: string }> {
  const temp = tempDir()
  cleanups.push(temp.remove)
  const built = buildCore(temp.path)
  cleanups.push(() => built.stop())
  await built.core.start()
  return { ...built, dir: temp.path }
}

describe('who the printer is', () => {
  it('a Buddy board before 6.5: the model from its factory host name, the firmware said to be unreported', async () => {
    const printer = await sim({ profile: 'buddy', model: 'MINI', firmware: '6.2.4+8888' })
    const t = await core()
    const report = await t.call('printers.test', { address: printer.url, secret: printer.password })
    expect(report).toMatchObject({
      ok: true,
      family: 'buddy',
      model: 'MINI',
      modelSource: 'hostname',
      firmware: FIRMWARE_NOT_REPORTED,
      hostname: 'prusa-mini',
    })
    expect(report.serial).toBeTruthy()

    const added = await t.call('printers.add', {
      name: 'Old MINI',
      address: printer.url,
      secret: printer.password,
    })
    const live = await until(
      () => t.core.monitor.live(added.id)?.model && t.core.monitor.live(added.id),
      'model',
    )
    expect(live).toMatchObject({ model: 'MINI', modelSource: 'hostname', firmware: FIRMWARE_NOT_REPORTED })

    // The upload dialog warns about a file sliced for another machine.
    const local = join(t.dir, 'for-mk4s.gcode')
    writeFileSync(local, generateGcode({ printerModel: 'MK4S', estimatedSeconds: 60 }))
    const preview = await t.call('uploads.preview', {
      source: { kind: 'path', path: local },
      printerIds: [added.id],
    })
    expect(preview.modelWarnings[added.id]).toMatch(/Sliced for MK4S; “Old MINI” is a MINI/)
  })

  it('a Buddy board from 6.5 names model and firmware itself', async () => {
    const printer = await sim({ profile: 'buddy', model: 'COREONE', firmware: '6.5.3+11974' })
    const t = await core()
    const report = await t.call('printers.test', { address: printer.url, secret: printer.password })
    expect(report).toMatchObject({
      model: 'COREONE',
      modelSource: 'printer',
      firmware: '6.5.3+11974',
      hostname: 'prusa-coreone',
    })
  })

  it('a Pi: the MK3’s model and firmware, and the printer’s own host name, not the Connect server’s', async () => {
    const printer = await sim({ profile: 'pi', model: 'MK3S' })
    const t = await core()
    const report = await t.call('printers.test', {
      address: printer.url,
      authMode: 'apikey',
      secret: printer.apiKey,
    })
    expect(report).toMatchObject({
      family: 'pi',
      model: 'MK3S',
      modelSource: 'printer',
      firmware: '3.14.1-8237',
    })
    expect(report.hostname).toBe('prusa-mk3s')

    const added = await t.call('printers.add', {
      name: 'Garage',
      address: printer.url,
      authMode: 'apikey',
      secret: printer.apiKey,
    })
    const live = await until(
      () => t.core.monitor.live(added.id)?.model && t.core.monitor.live(added.id),
      'model',
    )
    expect(live).toMatchObject({ family: 'pi', model: 'MK3S', firmware: '3.14.1-8237' })
  })
})
