/**
 * Words the channel list and its dialog share: an event's name (the notices' words, and "A print started", which
 * is no notice), and one line saying what a channel is told and where it sends.
 */
import type { ChannelEventKind, ChannelView } from '../../../../shared/channels'

type Translate = (key: string, named?: Record<string, unknown> | number, plural?: number) => string

export function eventLabel(t: Translate, kind: ChannelEventKind): string {
  return kind === 'started' ? t('channels.kinds.started') : t(`settings.kinds.${kind}`)
}

/** Where a channel sends, without any secret: the server and topic, the broker, the program, or the service. */
export function destination(channel: ChannelView): string {
  const s = channel.settings
  const host = (url: string): string => {
    try {
      return new URL(url).host
    } catch {
      return url
    }
  }
  switch (s.type) {
    case 'ntfy':
      return `${host(s.server)}/${s.topic}`
    case 'telegram':
      return s.chatId
    case 'mqtt':
      return `${host(s.url)} · ${s.baseTopic}/…`
    case 'command':
      return s.program
    default:
      return ''
  }
}
