/**
 * Simulated time. The print state machine reads only `now()`, so a test can run a one-hour print in
 * milliseconds (speed factor) or step it by hand (manual clock) without timers ticking.
 */
export interface SimClock {
  /** Simulated wall-clock time in epoch milliseconds. */
  now(): number
}

/** A clock the simulator can steer at run time (speed factor, jumps). Both built-in clocks implement it. */
export interface AdjustableClock extends SimClock {
  /** Jump forward by `ms` of simulated time. */
  advance(ms: number): void
  /** Change the speed factor; time already elapsed is kept, so `now()` never jumps. */
  setSpeed(speed: number): void
  readonly speed: number
}

/** Real time scaled by a speed factor: at speed 60 one real second is one simulated minute. */
export class ScaledClock implements AdjustableClock {
  private realAnchor: number
  private simAnchor: number
  private currentSpeed: number

  constructor(
    speed = 1,
    private readonly realNow: () => number = () => performance.timeOrigin + performance.now(),
  ) {
    this.realAnchor = realNow()
    this.simAnchor = Date.now()
    this.currentSpeed = checkSpeed(speed)
  }

  get speed(): number {
    return this.currentSpeed
  }

  now(): number {
    return this.simAnchor + (this.realNow() - this.realAnchor) * this.currentSpeed
  }

  advance(ms: number): void {
    this.simAnchor += Math.max(0, ms)
  }

  setSpeed(speed: number): void {
    const sim = this.now()
    this.realAnchor = this.realNow()
    this.simAnchor = sim
    this.currentSpeed = checkSpeed(speed)
  }
}

/** A clock that moves only when told to: deterministic tests. */
export class ManualClock implements AdjustableClock {
  private current: number
  readonly speed = 1

  constructor(start: number = Date.now()) {
    this.current = start
  }

  now(): number {
    return this.current
  }

  advance(ms: number): void {
    this.current += Math.max(0, ms)
  }

  set(epochMs: number): void {
    this.current = Math.max(this.current, epochMs)
  }

  setSpeed(): void {
    // A manual clock has no speed: it moves only through advance().
  }
}

export function isAdjustable(clock: SimClock): clock is AdjustableClock {
  const candidate = clock as Partial<AdjustableClock>
  return typeof candidate.advance === 'function' && typeof candidate.setSpeed === 'function'
}

function checkSpeed(speed: number): number {
  if (!Number.isFinite(speed) || speed <= 0) throw new RangeError(`speed factor must be > 0, got ${speed}`)
  return speed
}
