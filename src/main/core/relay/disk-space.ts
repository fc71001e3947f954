/**
 * Room on the disk for a file a slicer sends: asked before the body (its declared size must fit, with a margin
 * left for everything else on the disk) and again while it is written (another program may fill the disk
 * meanwhile), so a slicer never fills the user's disk through LinkDeck.
 */
import { statfs } from 'node:fs/promises'
import { Transform } from 'node:stream'
import { RelayRefusal } from '../../relay/refusal'

/** What is always left free on the disk. */
export const DISK_RESERVE_BYTES = 64 * 1024 * 1024
/** How often the free space is asked again while a file is written. */
const CHECK_EVERY_BYTES = 16 * 1024 * 1024

export type FreeBytes = (dir: string) => Promise<number>

export const freeBytesOf: FreeBytes = async (dir) => {
  const stats = await statfs(dir)
  return Number(stats.bavail) * Number(stats.bsize)
}

const mb = (bytes: number): string => `${Math.max(0, Math.floor(bytes / 1024 / 1024))} MB`

export function noRoom(needed: number | undefined, free: number, dir: string): RelayRefusal {
  return new RelayRefusal(
    507,
    needed === undefined
      ? `The disk that holds ${dir} is nearly full (${mb(free)} free), so LinkDeck stopped taking the file.`
      : `LinkDeck needs ${mb(needed)} to hold the file, but the disk that holds ${dir} has ${mb(free - DISK_RESERVE_BYTES)} to spare.`,
    'Free some space on this computer, then send the file again.',
  )
}

/** Refuses at once when a file of this size would leave less than the reserve free. */
export async function checkRoom(dir: string, bytes: number, freeBytes: FreeBytes): Promise<void> {
  const free = await freeBytes(dir).catch(() => undefined)
  if (free !== undefined && bytes + DISK_RESERVE_BYTES > free) throw noRoom(bytes, free, dir)
}

/** Passes the bytes through, asking for the free space every few megabytes; fails once the reserve is reached. */
export function roomGuard(dir: string, freeBytes: FreeBytes): Transform {
  let sinceCheck = 0
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      sinceCheck += chunk.length
      if (sinceCheck < CHECK_EVERY_BYTES) return done(null, chunk)
      sinceCheck = 0
      freeBytes(dir).then(
        (free) => (free < DISK_RESERVE_BYTES ? done(noRoom(undefined, free, dir)) : done(null, chunk)),
        () => done(null, chunk),
      )
    },
  })
}
