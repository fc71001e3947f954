/**
 * A Slack incoming webhook: `POST <webhook URL>` with JSON `{ text, blocks }`. Slack answers `ok` as text, and a
 * refusal as a 4xx whose text names it (`invalid_token`, `no_service`, `channel_not_found`). Incoming webhooks
 * take no files, so no picture.
 */
import { bounded, checkAnswer, postJson, type Sender } from './sender-kit'

/** Slack's mrkdwn needs &, < and > escaped; file names may hold them. */
const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

export const sendSlack: Sender<'slack'> = async (input) => {
  const { event, secrets } = input
  const text = `${escape(event.title)}\n${escape(event.message)}`
  const answer = await postJson(input, secrets.webhookUrl ?? '', {
    text: bounded(text, 3000),
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: bounded(`*${escape(event.title)}*\n${escape(event.message)}`, 3000) },
      },
    ],
  })
  checkAnswer('Slack', answer)
}
