/**
 * Per-channel pacing, as each service asks: a burst may go at once, then one message per interval (a token bucket).
 * Ten printers finishing together reach Discord as five at once and the rest one every two seconds, instead of a
 * 429 and a retry for each.
 */
import type { ChannelType } from '../../../shared/channels'

export interface RatePlan {
  burst: number
  everyMs: number
}

/**
 * ntfy.sh: bursts of 60, then one every 5 s per client; Discord webhooks: 5 per 2 s and 30 a minute; Telegram: 20 a
 * minute into a group; Slack incoming webhooks: one a second; Pushover: no burst rule, kept gentle. Local receivers
 * (webhook, command, MQTT, sound) are paced only against floods.
 */
export const RATE_PLANS: Record<ChannelType, RatePlan> = {
  ntfy: { burst: 20, everyMs: 5000 },
  discord: { burst: 5, everyMs: 2000 },
  telegram: { burst: 3, everyMs: 3000 },
  slack: { burst: 1, everyMs: 1000 },
  pushover: { burst: 5, everyMs: 1000 },
  webhook: { burst: 10, everyMs: 200 },
  command: { burst: 5, everyMs: 1000 },
  mqtt: { burst: 50, everyMs: 50 },
  sound: { burst: 3, everyMs: 1000 },
}

export class TokenBucket {
  private tokens: number
  private at: number

  constructor(
    private readonly plan: RatePlan,
    now: number,
  ) {
    this.tokens = plan.burst
    this.at = now
  }

  /** Takes a token if one is there; otherwise answers when the next one will be. */
  take(now: number): { ok: true } | { ok: false; at: number } {
    this.refill(now)
    if (this.tokens >= 1) {
      this.tokens -= 1
      return { ok: true }
    }
    return { ok: false, at: this.at + this.plan.everyMs }
  }

  private refill(now: number): void {
    if (now <= this.at) return
    const gained = Math.floor((now - this.at) / this.plan.everyMs)
    if (gained <= 0) return
    this.tokens = Math.min(this.plan.burst, this.tokens + gained)
    this.at = this.tokens >= this.plan.burst ? now : this.at + gained * this.plan.everyMs
  }
}
