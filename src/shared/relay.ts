/**
 * The slicer connection ("relay") as main and the window share it: LinkDeck answering slicers as a PrusaLink
 * printer would, so PrusaSlicer, OrcaSlicer and SuperSlicer send their files to LinkDeck, which passes them on.
 * Pure: no Node, no Electron. docs/slicer-connection.md tells the whole story.
 */
import type { ConflictPolicy } from './model'

/** The port the endpoint listens on unless the person picks another. */
export const RELAY_DEFAULT_PORT = 8615
/** Ports a person may pick: unprivileged ones only, so LinkDeck never needs to run as root for it. */
export const RELAY_PORT_MIN = 1024
export const RELAY_PORT_MAX = 65535

/** Where a file goes that names no storage (PrusaSlicer 2.5, the OctoPrint host type): ask, or one printer. */
export type RelayStoragelessTarget = { kind: 'ask' } | { kind: 'printer'; printerId: string }

/** The slicer connection's settings as saved, without its secrets (they are sealed apart). */
export interface RelaySettings {
  /** Off until the person turns it on. */
  enabled: boolean
  port: number
  /** Listen on every network interface instead of 127.0.0.1 only: a second, explicit choice. */
  listenOnLan: boolean
  /** The user name for HTTP Digest; Digest is offered only once a password is set too. */
  digestUsername: string
  storagelessTarget: RelayStoragelessTarget
  /** What happens when the printer already holds a file of that name (the slicer's `Overwrite` is not asked). */
  conflict: ConflictPolicy
}

/** Whether the endpoint listens now, and why not when it should. */
export type RelayListening =
  | { state: 'off' }
  | { state: 'listening'; port: number; lan: boolean }
  /** It should listen but cannot: the sentence says why and what to do. */
  | { state: 'failed'; message: string; hint?: string }

/** What happened to the last file (or refusal) a slicer sent. */
export interface RelayReceived {
  /** Unix ms. */
  at: number
  fileName: string
  /** The storage the slicer chose, as the slicer showed it ("Ask in LinkDeck", a printer's name). */
  target: string
  ok: boolean
  /** What LinkDeck did with it, or why it refused it: one sentence. */
  message: string
  /** For a file waiting for the person ("Ask in LinkDeck"): its staged id, while LinkDeck holds it. */
  stagedId?: string
  /** The slicer asked to print it (Upload and Print). */
  print?: boolean
}

/** Everything the Settings section shows. */
export interface RelayState {
  settings: RelaySettings
  /**
   * The key slicers send as `X-Api-Key`: LinkDeck's own, made for this endpoint, shown so the person can copy it
   * into the slicer (never a printer's secret).
   */
  apiKey: string
  hasDigestPassword: boolean
  /** How the key and the Digest password are kept: sealed by the system keychain, or for this session only. */
  secretStorage: 'encrypted' | 'session'
  listening: RelayListening
  /** Addresses of this computer a slicer on another machine can use (only while listening on the network). */
  lanAddresses: string[]
  lastReceived?: RelayReceived
}

/** A file a slicer sent to "Ask in LinkDeck": the window opens its upload dialog with it. */
export interface RelayAsk {
  stagedId: string
  fileName: string
  /** The slicer's "Upload and Print": the dialog opens with "Print after upload" checked. */
  printAfterUpload: boolean
}

export const DEFAULT_RELAY_SETTINGS: RelaySettings = {
  enabled: false,
  port: RELAY_DEFAULT_PORT,
  listenOnLan: false,
  digestUsername: 'maker',
  storagelessTarget: { kind: 'ask' },
  conflict: 'ask',
}
