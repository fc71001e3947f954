import { describe, expect, it } from 'vitest'
import {
  familyFromVersion,
  metadataFromPrinterMeta,
  modelFromHostname,
  normalizeFileEntry,
  normalizeInfo,
  normalizeJob,
  normalizeLegacyPrinter,
  normalizeSettings,
  normalizeStatus,
  normalizeStorages,
  normalizeTransfer,
  normalizeVersion,
  parseDuration,
  rawOf,
} from '../../../src/main/prusalink/normalize'

// The answers below are what the Buddy firmware's source serves and what a real Pi (PrusaLink 0.8.1) answered.
const buddyVersion = {
  api: '2.0.0',
  server: '2.1.2',
  nozzle_diameter: 0.4,
  text: 'PrusaLink',
  hostname: 'prusa-mk4',
  capabilities: { 'upload-by-put': true },
}
const piVersion = {
  api: '2.0.0',
  server: '0.8.1',
  original: 'PrusaLink I3MK3S',
  text: 'PrusaLink 0.8.1',
  firmware: '3.14.1-8237',
  sdk: '0.8.1',
  capabilities: { 'upload-by-put': true },
  hostname: 'vm',
}
const buddyStatus = {
  job: { id: 42, progress: 37.0, time_remaining: 2400, filament_change_in: 900, time_printing: 1300 },
  storage: { path: '/usb/', name: 'usb', read_only: false },
  transfer: { id: 17, time_transferring: 12, progress: 0.53, transferred: 6291456 },
  printer: {
    state: 'PRINTING',
    temp_bed: 60.0,
    target_bed: 60.0,
    temp_nozzle: 215.1,
    target_nozzle: 215.0,
    axis_z: 1.2,
    flow: 100,
    speed: 100,
    fan_hotend: 7200,
    fan_print: 4300,
  },
}
const piStorages = [
  { path: '/local', read_only: false, free_space: 83642703872, name: 'PrusaLink gcodes' },
  { path: '/sdcard', read_only: true, name: 'SD Card' },
]
const piStatusPrinting = {
  storage: piStorages,
  printer: {
    state: 'PRINTING',
    temp_nozzle: 182.8,
    temp_bed: 53.9,
    axis_z: 0.2,
    flow: 100,
    speed: 100,
    fan_hotend: 0,
    fan_print: 0,
    status_connect: { ok: false, message: 'Eth|WLAN has no IP address' },
    status_printer: { ok: true, message: 'OK' },
    target_nozzle: 215.0,
    target_bed: 60.0,
  },
  job: { id: 2, progress: 0.0 },
}

describe('version and family', () => {
  it('tells Buddy from the Pi by the version answer', () => {
    expect(familyFromVersion(buddyVersion)).toBe('buddy')
    expect(familyFromVersion(piVersion)).toBe('pi')
  })

  it('normalizes both, with the model where the printer names it', () => {
    expect(normalizeVersion(buddyVersion)).toEqual({
      api: '2.0.0',
      server: '2.1.2',
      text: 'PrusaLink',
      hostname: 'prusa-mk4',
      capabilities: { 'upload-by-put': true },
    })
    expect(normalizeVersion(piVersion)).toMatchObject({
      server: '0.8.1',
      firmware: '3.14.1-8237',
      model: 'MK3S',
    })
    expect(normalizeVersion({ ...buddyVersion, firmware: '6.5.1+123', printer: 'MK4S' })).toMatchObject({
      firmware: '6.5.1+123',
      model: 'MK4S',
    })
  })

  it('keeps the raw answer reachable but out of the value', () => {
    const v = normalizeVersion(piVersion)
    expect(rawOf(v)).toBe(piVersion)
    expect(JSON.parse(JSON.stringify(v))).not.toHaveProperty('sdk')
    expect(structuredClone(v)).toEqual(v)
  })
})

describe('status', () => {
  it('keeps Buddy’s job percent and transfer fraction', () => {
    const s = normalizeStatus(buddyStatus, 'buddy')
    expect(s.state).toBe('PRINTING')
    expect(s.job).toEqual({ id: 42, progress: 37, timeRemaining: 2400, timePrinting: 1300 })
    expect(s.transfer).toEqual({ id: 17, progress: 0.53, transferred: 6291456, timeTransferring: 12 })
    expect(s.telemetry).toEqual({
      tempNozzle: 215.1,
      targetNozzle: 215,
      tempBed: 60,
      targetBed: 60,
      axisZ: 1.2,
      flow: 100,
      speed: 100,
      fanHotend: 7200,
      fanPrint: 4300,
    })
  })

  it('turns the Pi’s transfer percent into a fraction', () => {
    const s = normalizeStatus(
      {
        ...piStatusPrinting,
        transfer: { id: 3, time_transferring: 2, progress: 42.0, data_transferred: 1000 },
      },
      'pi',
    )
    expect(s.transfer).toEqual({ id: 3, progress: 0.42, transferred: 1000, timeTransferring: 2 })
    expect(s.job).toEqual({ id: 2, progress: 0 })
    // Connect's "no IP address" is not the printer's trouble.
    expect(s.message).toBeUndefined()
  })

  it('guesses the unit without the family from the Pi’s key names', () => {
    expect(
      normalizeStatus({ printer: { state: 'IDLE' }, transfer: { progress: 50, data_transferred: 1 } })
        .transfer?.progress,
    ).toBe(0.5)
    expect(
      normalizeStatus({ printer: { state: 'IDLE' }, transfer: { progress: 0.5, transferred: 1 } }).transfer
        ?.progress,
    ).toBe(0.5)
  })

  it('maps unknown states to UNKNOWN and keeps the Pi’s printer message', () => {
    const s = normalizeStatus(
      { printer: { state: 'WEIRD', status_printer: { ok: false, message: 'No printer' } } },
      'pi',
    )
    expect(s.state).toBe('UNKNOWN')
    expect(s.message).toBe('No printer')
  })
})

describe('storages', () => {
  it('names Buddy’s storage by its path', () => {
    expect(
      normalizeStorages({
        storage_list: [{ path: '/usb/', name: 'usb', type: 'USB', read_only: false, available: true }],
      }),
    ).toEqual([{ name: 'usb', label: 'usb', type: 'USB', path: '/usb', readOnly: false, available: true }])
  })

  it('lists the Pi’s local and read-only SD storages with their labels and space', () => {
    const list = normalizeStorages({
      storage_list: [
        {
          type: 'LOCAL',
          path: '/local',
          available: true,
          free_space: 83642724352,
          total_space: 270553174016,
          read_only: false,
          name: 'PrusaLink gcodes',
          print_files: 0,
          system_files: 0,
        },
        {
          type: 'SDCARD',
          path: '/sdcard',
          available: true,
          read_only: true,
          name: 'SD Card',
          print_files: 2048,
          system_files: 0,
        },
      ],
    })
    expect(list.map((s) => [s.name, s.label, s.readOnly])).toEqual([
      ['local', 'PrusaLink gcodes', false],
      ['sdcard', 'SD Card', true],
    ])
    expect(list[0]).toMatchObject({ freeSpace: 83642724352, totalSpace: 270553174016 })
  })
})

describe('files', () => {
  it('builds Buddy paths from 8.3 names and display paths from long names', () => {
    const folder = normalizeFileEntry(
      {
        type: 'FOLDER',
        ro: false,
        m_timestamp: 1712345678,
        name: 'usb',
        children: [
          { name: 'EXAMPLES', ro: false, type: 'FOLDER', m_timestamp: 1712345000, display_name: 'examples' },
          {
            name: 'BENCHY~1.GCO',
            ro: false,
            type: 'PRINT_FILE',
            m_timestamp: 1712345600,
            refs: {
              icon: '/thumb/s/usb/BENCHY~1.GCO',
              thumbnail: '/thumb/l/usb/BENCHY~1.GCO',
              download: '/usb/BENCHY~1.GCO',
            },
            display_name: 'Benchy_0.4n_0.2mm_PLA_MK4_1h2m.gcode',
          },
        ],
      },
      '/usb',
      '/usb',
    )
    expect(folder.children?.[1]).toEqual({
      type: 'PRINT_FILE',
      name: 'BENCHY~1.GCO',
      displayName: 'Benchy_0.4n_0.2mm_PLA_MK4_1h2m.gcode',
      path: '/usb/BENCHY~1.GCO',
      displayPath: '/usb/Benchy_0.4n_0.2mm_PLA_MK4_1h2m.gcode',
      readOnly: false,
      mTimestamp: 1712345600,
      refs: {
        icon: '/thumb/s/usb/BENCHY~1.GCO',
        thumbnail: '/thumb/l/usb/BENCHY~1.GCO',
        download: '/usb/BENCHY~1.GCO',
      },
    })
    expect(folder.children?.[0]).toMatchObject({
      path: '/usb/EXAMPLES',
      displayPath: '/usb/examples',
      type: 'FOLDER',
    })
  })

  it('reads the Pi’s read_only, null refs and meta', () => {
    const file = normalizeFileEntry(
      {
        type: 'PRINT_FILE',
        name: 'box.gcode',
        read_only: false,
        m_timestamp: 1795610462,
        size: 303,
        display_name: 'box.gcode',
        refs: { download: '/api/files/local/PrusaLink gcodes/box.gcode/raw', icon: null, thumbnail: null },
        meta: {
          'estimated printing time (normal mode)': '2m 0s',
          filament_type: 'PETG',
          nozzle_diameter: 0.4,
          printer_model: 'MK3S',
          estimated_print_time: 120,
        },
      },
      '/local/box.gcode',
      '/local/box.gcode',
    )
    expect(file.refs).toEqual({ download: '/api/files/local/PrusaLink gcodes/box.gcode/raw' })
    expect(file.size).toBe(303)
    expect(metadataFromPrinterMeta(file.meta ?? {})).toMatchObject({
      estimatedPrintTime: 120,
      filamentType: 'PETG',
      nozzleDiameter: 0.4,
      printerModel: 'MK3S',
    })
    const sd = normalizeFileEntry(
      { type: 'PRINT_FILE', name: 'sd_box.gcode', read_only: true, refs: { download: null } },
      '/sdcard/sd_box.gcode',
      '/sdcard/sd_box.gcode',
    )
    expect(sd.readOnly).toBe(true)
    expect(sd.refs).toBeUndefined()
  })

  it('parses slicer durations', () => {
    expect(parseDuration('1h 2m')).toBe(3720)
    expect(parseDuration('1d 0h 5m 3s')).toBe(86703)
    expect(parseDuration('soon')).toBeUndefined()
  })
})

describe('job', () => {
  it('joins Buddy’s directory and 8.3 name into the file path', () => {
    const job = normalizeJob(
      {
        id: 42,
        state: 'PRINTING',
        progress: 37.0,
        time_remaining: 2400,
        time_printing: 1300,
        file: {
          refs: {
            icon: '/thumb/s/usb/BENCHY~1.GCO',
            thumbnail: '/thumb/l/usb/BENCHY~1.GCO',
            download: '/usb/BENCHY~1.GCO',
          },
          name: 'BENCHY~1.GCO',
          display_name: 'Benchy_0.4n_0.2mm_PLA_MK4_1h2m.gcode',
          path: '/usb',
          size: 2345678,
          m_timestamp: 1712345678,
        },
      },
      'buddy',
      [],
    )
    expect(job).toMatchObject({
      id: 42,
      state: 'PRINTING',
      progress: 37,
      timeRemaining: 2400,
      timePrinting: 1300,
    })
    expect(job.file).toMatchObject({
      path: '/usb/BENCHY~1.GCO',
      displayPath: '/usb/Benchy_0.4n_0.2mm_PLA_MK4_1h2m.gcode',
      size: 2345678,
    })
  })

  it('maps the Pi’s storage label back to the storage name', () => {
    const job = normalizeJob(
      {
        file: {
          name: 'slow.gcode',
          display_name: 'slow.gcode',
          path: '/PrusaLink gcodes/slow.gcode',
          display_path: '/PrusaLink gcodes/slow.gcode',
          size: 1480,
          m_timestamp: 1795610465,
          refs: { download: '/api/files/local/PrusaLink gcodes/slow.gcode/raw', icon: null, thumbnail: null },
          meta: { estimated_print_time: 40 },
        },
        id: 2,
        state: 'PRINTING',
        progress: 0.0,
        time_remaining: null,
        time_printing: 0,
        inaccurate_estimates: true,
      },
      'pi',
      normalizeStorages({ storage_list: [{ type: 'LOCAL', path: '/local', name: 'PrusaLink gcodes' }] }),
    )
    expect(job.file).toMatchObject({
      path: '/local/slow.gcode',
      displayPath: '/local/slow.gcode',
      name: 'slow.gcode',
    })
    expect(job).not.toHaveProperty('timeRemaining')
  })
})

describe('other answers', () => {
  it('transfer: Buddy’s string size and fraction', () => {
    expect(
      normalizeTransfer(
        {
          type: 'FROM_CLIENT',
          display_name: 'Benchy_0.4n.gcode',
          path: '/usb',
          size: '2345678',
          progress: 0.42,
          transferred: 985432,
          time_remaining: 14,
          time_transferring: 10,
          to_print: false,
        },
        'buddy',
      ),
    ).toEqual({
      progress: 0.42,
      transferred: 985432,
      size: 2345678,
      timeTransferring: 10,
      timeRemaining: 14,
      type: 'FROM_CLIENT',
      displayName: 'Benchy_0.4n.gcode',
      path: '/usb',
      toPrint: false,
    })
  })

  it('info: every field optional', () => {
    expect(
      normalizeInfo({
        nozzle_diameter: 0.4,
        mmu: false,
        serial: '10589-3742441632121234',
        hostname: 'prusa-mk4',
        min_extrusion_temp: 170,
      }),
    ).toEqual({
      nozzleDiameter: 0.4,
      mmu: false,
      serial: '10589-3742441632121234',
      hostname: 'prusa-mk4',
      minExtrusionTemp: 170,
    })
  })

  it('legacy printer: state text, link state and temperatures', () => {
    const p = normalizeLegacyPrinter({
      telemetry: {
        'temp-bed': 60.0,
        'temp-nozzle': 215.0,
        'print-speed': 100,
        'z-height': 1.2,
        material: 'PLA',
      },
      temperature: {
        tool0: { actual: 215.0, target: 215.0, display: 215.0, offset: 0 },
        bed: { actual: 60.0, target: 60.0, offset: 0 },
      },
      state: { text: 'Printing', flags: { link_state: 'PRINTING', operational: false, printing: true } },
    })
    expect(p).toEqual({
      stateText: 'Printing',
      state: 'PRINTING',
      flags: { operational: false, printing: true },
      telemetry: { tempNozzle: 215, targetNozzle: 215, tempBed: 60, targetBed: 60, axisZ: 1.2, speed: 100 },
      material: 'PLA',
    })
  })

  it('settings: the Pi’s API key stays out of the normalized value', () => {
    const s = normalizeSettings({
      'api-key': 'PLtestKey123',
      username: 'maker',
      printer: { name: 'FakeMK3S', location: 'loopback-lab', farm_mode: false, network_error_chime: false },
    })
    expect(s).toEqual({
      name: 'FakeMK3S',
      location: 'loopback-lab',
      farmMode: false,
      networkErrorChime: false,
      username: 'maker',
      apiKeySet: true,
    })
    expect(JSON.stringify(s)).not.toContain('PLtestKey123')
    expect(normalizeSettings({ printer: {} })).toEqual({})
  })
})

describe('the model in a factory host name', () => {
  it.each([
    ['prusa-mini', 'MINI'],
    ['prusa-mk4', 'MK4'],
    ['prusa-mk3-5', 'MK3.5'],
    ['prusa-xl', 'XL'],
    ['prusa-core-one', 'COREONE'],
    ['PrusaMINI', 'MINI'],
    ['PrusaMK4', 'MK4'],
    ['PrusaXL', 'XL'],
    ['prusa-mk4s', 'MK4S'],
    ['prusa-mk4-garage', undefined],
    ['my-printer', undefined],
    ['prusa', undefined],
    [undefined, undefined],
  ])('%s → %s', (hostname, model) => {
    expect(modelFromHostname(hostname)).toBe(model)
  })
})

describe('a transfer’s time left', () => {
  it('is dropped when absurd, as the Pi reports early in a transfer', () => {
    expect(
      normalizeTransfer({ progress: 1, time_remaining: 11137445292 }, 'pi').timeRemaining,
    ).toBeUndefined()
    expect(normalizeTransfer({ progress: 1, time_remaining: 37 }, 'pi').timeRemaining).toBe(37)
    const status = normalizeStatus({ printer: { state: 'IDLE' }, transfer: { time_remaining: -5 } }, 'buddy')
    expect(status.transfer?.timeRemaining).toBeUndefined()
  })
})
