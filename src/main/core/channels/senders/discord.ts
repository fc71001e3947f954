/**
 * A Discord webhook: `POST <webhook URL>?wait=true` with a JSON body (`content`, one embed, no mentions parsed). With
 * the thumbnail, multipart/form-data: the JSON in `payload_json`, the picture in `files[0]`, shown in the embed as
 * `attachment://<name>` and listed in `attachments`. Discord answers 200 with the message; 429 says how long to wait.
 */
import type { ChannelEventKind } from '../../../../shared/channels'
import { bounded, checkAnswer, postJson, postMultipart, type Sender } from './sender-kit'

const COLORS: Partial<Record<ChannelEventKind, number>> = {
  finished: 0x2da44e,
  'upload-finished': 0x2da44e,
  'back-online': 0x2da44e,
  started: 0x1f6feb,
  paused: 0xd29922,
  attention: 0xfa6831,
  error: 0xcf222e,
  'upload-failed': 0xcf222e,
  offline: 0x8b949e,
  stopped: 0x57606a,
}

export const sendDiscord: Sender<'discord'> = async (input) => {
  const { event, secrets, image } = input
  const url = new URL(secrets.webhookUrl ?? '')
  url.searchParams.set('wait', 'true')
  const embed: Record<string, unknown> = {
    title: bounded(event.title, 256),
    description: bounded(event.message, 4096),
    timestamp: new Date(event.at).toISOString(),
    ...(COLORS[event.kind] !== undefined ? { color: COLORS[event.kind] } : {}),
    ...(event.printer ? { footer: { text: bounded(`LinkDeck · ${event.printer.name}`, 2048) } } : {}),
    ...(image ? { image: { url: `attachment://${image.fileName}` } } : {}),
  }
  const payload: Record<string, unknown> = {
    username: 'LinkDeck',
    embeds: [embed],
    // Printer and file names are text: an @everyone in a file name must not ping anyone.
    allowed_mentions: { parse: [] },
    ...(image ? { attachments: [{ id: 0, filename: image.fileName }] } : {}),
  }
  const answer = image
    ? await postMultipart(input, url.toString(), [
        { name: 'payload_json', value: JSON.stringify(payload), contentType: 'application/json' },
        { name: 'files[0]', value: image.data, fileName: image.fileName, contentType: image.contentType },
      ])
    : await postJson(input, url.toString(), payload)
  checkAnswer('Discord', answer)
}
