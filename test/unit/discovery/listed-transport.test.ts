/**
 * The transport that reads "the network" from a file (the end-to-end tests' and demos'): it reports the listed
 * services of the asked types, reads the file again on a rescan (new ones come up, missing ones go), says in a
 * sentence when the file is missing or wrong, and is chosen only when asked for by LINKDECK_DISCOVERY=file:.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { listedTransport } from '../../../src/main/discovery/listed-transport'
import { DiscoveryUnavailableError, type ServiceSighting } from '../../../src/main/discovery/sightings'
import { discoveryForThisRun } from '../../../src/main/core/discovery/multicast'
import { tempDirSync } from '../../fixtures/temp-dir'
import { until } from '../../fixtures/wait'

const temp = tempDirSync('linkdeck-listed-')
afterAll(() => temp.remove())
const file = join(temp.path, 'network.json')
const write = (value: unknown): void => writeFileSync(file, JSON.stringify(value))

const mk4 = {
  type: 'prusalink',
  name: 'prusa-mk4',
  host: 'prusa-mk4.local',
  port: 80,
  addresses: ['127.0.0.1'],
}
const piHttp = {
  type: 'http',
  name: 'PrusaLink at prusa-mk3',
  port: 8080,
  addresses: ['127.0.0.1'],
  txt: { path: '/' },
}

function recorder() {
  const ups: ServiceSighting[] = []
  const downs: string[] = []
  const failures: Error[] = []
  return {
    ups,
    downs,
    failures,
    listener: {
      up: (s: ServiceSighting) => void ups.push(s),
      down: (_type: string, name: string) => void downs.push(name),
      failed: (e: Error) => void failures.push(e),
    },
  }
}

describe('the listed transport', () => {
  it('reports the listed services of the asked types, and a rescan reads the file again', async () => {
    write([mk4, piHttp])
    const seen = recorder()
    const browse = await listedTransport(file).browse(['prusalink'], seen.listener)
    await until(() => seen.ups.length === 1, 'the first answers')
    expect(seen.ups[0]).toEqual({ ...mk4, txt: {} })

    write([{ ...mk4, name: 'prusa-xl' }])
    browse.query()
    await until(() => seen.downs.length === 1, 'the goodbye of the one no longer listed')
    expect(seen.downs).toEqual(['prusa-mk4'])
    expect(seen.ups.map((s) => s.name)).toEqual(['prusa-mk4', 'prusa-xl'])

    // Closed, it reports nothing more.
    await browse.close()
    write([])
    browse.query()
    await new Promise((r) => setImmediate(r))
    expect(seen.downs).toEqual(['prusa-mk4'])
  })

  it('says in a sentence when the file is missing or not a list of services', async () => {
    const seen = recorder()
    await expect(
      listedTransport(join(temp.path, 'none.json')).browse(['prusalink'], seen.listener),
    ).rejects.toThrow(DiscoveryUnavailableError)
    write({ printers: [] })
    await expect(listedTransport(file).browse(['prusalink'], seen.listener)).rejects.toThrow(
      /is not a list of advertised services/,
    )
    writeFileSync(file, '[')
    await expect(listedTransport(file).browse(['prusalink'], seen.listener)).rejects.toThrow(/is not JSON/)
  })

  it('fails the browse when a rescan finds the file broken', async () => {
    write([mk4])
    const seen = recorder()
    const browse = await listedTransport(file).browse(['prusalink'], seen.listener)
    writeFileSync(file, 'not json')
    browse.query()
    await until(() => seen.failures.length === 1, 'the failure reported')
    expect(seen.failures[0]!.message).toMatch(/is not JSON/)
  })
})

describe('which discovery a run gets', () => {
  it('a file when asked for, even in a test run; none in a test run otherwise; the network elsewhere', () => {
    expect(discoveryForThisRun({ LINKDECK_TEST: '1', LINKDECK_DISCOVERY: `file:${file}` })).toBeTypeOf(
      'function',
    )
    expect(discoveryForThisRun({ LINKDECK_TEST: '1' })).toBeUndefined()
    expect(discoveryForThisRun({ LINKDECK_DISCOVERY: 'off' })).toBeUndefined()
    expect(discoveryForThisRun({})).toBeTypeOf('function')
  })
})
