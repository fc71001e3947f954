/** Entry of linkdeck-cli (`npm run cli -- …` in development, bin/linkdeck-cli.js once built). */
import { runCli, terminalAsk } from './cli'
import { installLastResort, isDebug, pipeSafe } from './exit'

const argv = process.argv.slice(2)
const debug = isDebug(argv, process.env)
const stdout = pipeSafe(process.stdout)
const stderr = pipeSafe(process.stderr)
// First, so that nothing — not even a failure while the command starts — ends in a bare stack trace.
const lastResort = installLastResort(process, stderr, debug)
lastResort.watch(runCli(argv, { ask: terminalAsk(), stdout, stderr }))
