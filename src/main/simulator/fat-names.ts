/**
 * FAT 8.3 short names (SFN) as Buddy firmware's FatFs R0.14b creates them (`create_name`, `gen_numname`,
 * `dir_register` in ff.c). The printer answers with these names everywhere, so clients that keep
 * the long name as an address break: the simulator must produce the same names.
 */

const SFN_REPLACED = '+,;=[]'

export interface ShortNameBase {
  /** The 8-character body, upper case, without padding. */
  body: string
  /** The up-to-3-character extension, upper case, without the dot. */
  ext: string
  /** True when the long name does not fit 8.3: the firmware then adds a numeric tail (`~1`). */
  lossy: boolean
}

/** FatFs `create_name`: the 8.3 form of a long name before any numeric tail is added. */
export function shortNameBase(longName: string): ShortNameBase {
  let lfn = longName
  // FatFs snips trailing spaces and dots off the long name itself.
  lfn = lfn.replace(/[ .]+$/, '')
  const units = [...lfn]
  let si = 0
  let lossy = false
  while (units[si] === ' ') si++
  if (si > 0 || units[si] === '.') lossy = true
  let di = units.length
  while (di > 0 && units[di - 1] !== '.') di--

  const fn: string[] = []
  let i = 0
  let ni = 8
  for (;;) {
    const wc = units[si++]
    if (wc === undefined) break
    if (wc === ' ' || (wc === '.' && si !== di)) {
      lossy = true
      continue
    }
    if (i >= ni || si === di) {
      if (ni === 11) {
        lossy = true
        break
      }
      if (si !== di) lossy = true
      if (si > di) break
      si = di
      i = 8
      ni = 11
      continue
    }
    let ch = wc
    if (ch.codePointAt(0)! >= 0x80 || SFN_REPLACED.includes(ch)) {
      // Characters outside ASCII have no OEM code in the firmware's configuration; FatFs replaces them.
      ch = '_'
      lossy = true
    } else {
      ch = ch.toUpperCase()
    }
    fn[i++] = ch
  }
  const body = fn.slice(0, 8).join('')
  const ext = fn.slice(8, 11).join('')
  return { body, ext, lossy }
}

/** FatFs `gen_numname`: the body with a `~N` tail (sequence 1–5, then a CRC hash of the long name). */
export function numberedShortName(base: ShortNameBase, longName: string, seq: number): string {
  let n = seq
  if (n > 5) {
    let sreg = n
    const lfn = longName.replace(/[ .]+$/, '')
    for (let k = 0; k < lfn.length; k++) {
      let wc = lfn.charCodeAt(k)
      for (let bit = 0; bit < 16; bit++) {
        sreg = (sreg << 1) + (wc & 1)
        wc >>= 1
        if (sreg & 0x10000) sreg ^= 0x11021
      }
    }
    n = sreg
  }
  const ns: string[] = []
  let i = 7
  do {
    ns[i--] = (n % 16).toString(16).toUpperCase()
    n = Math.floor(n / 16)
  } while (i && n)
  ns[i] = '~'
  const suffix = ns.slice(i).join('')
  const body = base.body.slice(0, i) + suffix
  return base.ext ? `${body}.${base.ext}` : body
}

/**
 * The short name a new directory entry gets, given the short names already taken in its directory
 * (`dir_register`: tries `~1` … `~99` until one is free).
 */
export function assignShortName(longName: string, taken: ReadonlySet<string>): string {
  const base = shortNameBase(longName)
  if (!base.lossy) return base.ext ? `${base.body}.${base.ext}` : base.body
  for (let seq = 1; seq < 100; seq++) {
    const candidate = numberedShortName(base, longName, seq)
    if (!taken.has(candidate)) return candidate
  }
  throw new Error(`too many short-name collisions for ${longName}`)
}
