/**
 * Telegram, through a bot: `POST /bot<token>/sendMessage` with JSON `{ chat_id, text }`, or with the thumbnail
 * `POST /bot<token>/sendPhoto` as multipart/form-data (`chat_id`, `caption`, the picture in `photo`). No parse mode:
 * names are sent as they are, never read as markup. Telegram answers `{"ok":true}`; 429 carries `retry_after`.
 */
import { bounded, checkAnswer, jsonHeaders, multipart, under, type Sender } from './sender-kit'

export const sendTelegram: Sender<'telegram'> = async ({
  event,
  settings,
  secrets,
  http,
  signal,
  image,
  userAgent,
}) => {
  const base = under(settings.server, `/bot${secrets.botToken ?? ''}`)
  const text = `${event.title}\n${event.message}`
  const detail = (body: string): string | undefined => {
    try {
      const json = JSON.parse(body) as { description?: unknown }
      return typeof json.description === 'string' ? json.description : undefined
    } catch {
      return undefined
    }
  }
  if (image) {
    const form = multipart([
      { name: 'chat_id', value: settings.chatId },
      { name: 'caption', value: bounded(text, 1024) },
      { name: 'photo', value: image.data, fileName: image.fileName, contentType: image.contentType },
    ])
    const answer = await http({
      method: 'POST',
      url: `${base}/sendPhoto`,
      headers: { 'content-type': form.contentType, 'user-agent': userAgent },
      body: form.body,
      signal,
    })
    return checkAnswer('Telegram', answer, detail)
  }
  const answer = await http({
    method: 'POST',
    url: `${base}/sendMessage`,
    headers: jsonHeaders(userAgent),
    body: JSON.stringify({ chat_id: settings.chatId, text: bounded(text, 4096) }),
    signal,
  })
  checkAnswer('Telegram', answer, detail)
}
