/** Entry of linkdeck-cli (`npm run cli -- …` in development, bin/linkdeck-cli.js once built). */
import { runCli, terminalAsk } from './cli'

process.exitCode = await runCli(process.argv.slice(2), { ask: terminalAsk() })
