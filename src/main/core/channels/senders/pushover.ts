/**
 * Pushover: `POST /1/messages.json` with the form fields `token` (the application's API token), `user` (the user
 * or group key), `message`, `title`, `timestamp` and `priority`; URL-encoded, or multipart/form-data with the
 * thumbnail as the `attachment` part. Pushover answers `{"status":1}`; a refused key is a 4xx with `errors`.
 */
import { checkAnswer, jsonDetail, postForm, under, type Sender } from './sender-kit'

export const sendPushover: Sender<'pushover'> = async (input) => {
  const { event, settings, secrets, image } = input
  const fields: Record<string, string> = {
    token: secrets.appToken ?? '',
    user: secrets.userKey ?? '',
    title: event.title.slice(0, 250),
    message: event.message.slice(0, 1024),
    timestamp: String(Math.floor(event.at / 1000)),
    // High priority only for a printer that waits for a person; never 2 (emergency needs acknowledging).
    priority: event.kind === 'attention' || event.kind === 'error' ? '1' : '0',
  }
  const attachment = image && {
    name: 'attachment',
    value: image.data,
    fileName: image.fileName,
    contentType: image.contentType,
  }
  const answer = await postForm(input, under(settings.server, '/1/messages.json'), fields, attachment)
  checkAnswer('Pushover', answer, jsonDetail('errors'))
}
