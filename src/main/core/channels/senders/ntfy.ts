/**
 * ntfy (ntfy.sh or a self-hosted server). Without a picture: one JSON publish to the server's root
 * (`POST /` with `topic`, `title`, `message`, `priority`, `tags`), UTF-8 throughout. With the file's thumbnail: the
 * picture is the body of `PUT /<topic>` ("attach a local file"), with `Filename`, and the texts in the `Title`,
 * `Message`, `Priority` and `Tags` headers (RFC 2047 where they are not ASCII, which ntfy decodes). A token is sent
 * as `Authorization: Bearer`.
 */
import type { ChannelEventKind, NtfyPriority } from '../../../../shared/channels'
import { checkAnswer, headerText, postJson, under, type Sender } from './sender-kit'

const DEFAULT_TAGS: Record<ChannelEventKind, string[]> = {
  started: ['arrow_forward'],
  finished: ['white_check_mark'],
  stopped: ['stop_button'],
  paused: ['pause_button'],
  attention: ['warning'],
  error: ['rotating_light'],
  offline: ['electric_plug'],
  'back-online': ['electric_plug'],
  'upload-finished': ['outbox_tray'],
  'upload-failed': ['x'],
  'waiting-for-bed': ['hourglass_flowing_sand'],
}

export function ntfyPriority(
  kind: ChannelEventKind,
  chosen: Partial<Record<ChannelEventKind, NtfyPriority>>,
): NtfyPriority {
  return chosen[kind] ?? (kind === 'attention' || kind === 'error' ? 4 : 3)
}

export const sendNtfy: Sender<'ntfy'> = async (input) => {
  const { event, settings, secrets, http, signal, image, userAgent } = input
  const priority = ntfyPriority(event.kind, settings.priorities)
  const tags = settings.tags[event.kind] ?? DEFAULT_TAGS[event.kind] ?? []
  const auth: Record<string, string> = secrets.token ? { authorization: `Bearer ${secrets.token}` } : {}
  if (image) {
    const answer = await http({
      method: 'PUT',
      url: under(settings.server, `/${encodeURIComponent(settings.topic)}`),
      headers: {
        'user-agent': userAgent,
        'content-type': image.contentType,
        filename: image.fileName,
        title: headerText(event.title),
        message: headerText(event.message),
        priority: String(priority),
        ...(tags.length ? { tags: headerText(tags.join(',')) } : {}),
        ...auth,
      },
      body: image.data,
      signal,
    })
    return checkAnswer('ntfy', answer)
  }
  const answer = await postJson(
    input,
    under(settings.server, '/'),
    {
      topic: settings.topic,
      title: event.title,
      message: event.message,
      priority,
      ...(tags.length ? { tags } : {}),
    },
    auth,
  )
  checkAnswer('ntfy', answer)
}
