/**
 * Pushover: `POST /1/messages.json` with the form fields `token` (the application's API token), `user` (the user
 * or group key), `message`, `title`, `timestamp` and `priority`; URL-encoded, or multipart/form-data with the
 * thumbnail as the `attachment` part. Pushover answers `{"status":1}`; a refused key is a 4xx with `errors`.
 */
import { checkAnswer, multipart, under, type Sender } from './sender-kit'

export const sendPushover: Sender<'pushover'> = async ({
  event,
  settings,
  secrets,
  http,
  signal,
  image,
  userAgent,
}) => {
  const fields: Record<string, string> = {
    token: secrets.appToken ?? '',
    user: secrets.userKey ?? '',
    title: event.title.slice(0, 250),
    message: event.message.slice(0, 1024),
    timestamp: String(Math.floor(event.at / 1000)),
    // High priority only for a printer that waits for a person; never 2 (emergency needs acknowledging).
    priority: event.kind === 'attention' || event.kind === 'error' ? '1' : '0',
  }
  const url = under(settings.server, '/1/messages.json')
  let body: string | Buffer
  let contentType: string
  if (image) {
    const form = multipart([
      ...Object.entries(fields).map(([name, value]) => ({ name, value })),
      { name: 'attachment', value: image.data, fileName: image.fileName, contentType: image.contentType },
    ])
    body = form.body
    contentType = form.contentType
  } else {
    body = new URLSearchParams(fields).toString()
    contentType = 'application/x-www-form-urlencoded'
  }
  const answer = await http({
    method: 'POST',
    url,
    headers: { 'content-type': contentType, 'user-agent': userAgent },
    body,
    signal,
  })
  checkAnswer('Pushover', answer, (text) => {
    try {
      const json = JSON.parse(text) as { errors?: unknown }
      return Array.isArray(json.errors) ? json.errors.join('; ') : undefined
    } catch {
      return undefined
    }
  })
}
