/**
 * Telegram, through a bot: `POST /bot<token>/sendMessage` with JSON `{ chat_id, text }`, or with the thumbnail
 * `POST /bot<token>/sendPhoto` as multipart/form-data (`chat_id`, `caption`, the picture in `photo`). No parse mode:
 * names are sent as they are, never read as markup. Telegram answers `{"ok":true}`; 429 carries `retry_after`.
 */
import { bounded, checkAnswer, jsonDetail, postForm, postJson, under, type Sender } from './sender-kit'

export const sendTelegram: Sender<'telegram'> = async (input) => {
  const { event, settings, secrets, image } = input
  const base = under(settings.server, `/bot${secrets.botToken ?? ''}`)
  const text = `${event.title}\n${event.message}`
  const answer = image
    ? await postForm(
        input,
        `${base}/sendPhoto`,
        { chat_id: settings.chatId, caption: bounded(text, 1024) },
        { name: 'photo', value: image.data, fileName: image.fileName, contentType: image.contentType },
      )
    : await postJson(input, `${base}/sendMessage`, { chat_id: settings.chatId, text: bounded(text, 4096) })
  checkAnswer('Telegram', answer, jsonDetail('description'))
}
