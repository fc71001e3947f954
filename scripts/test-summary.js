// Prints one plain line per test run from the JSON reports CI asks Vitest and Playwright for:
//   unit: 771 passed, 0 failed, 1 skipped
//   e2e: 20 passed, 0 failed, 0 skipped
import { existsSync, readFileSync } from 'node:fs'

const read = (path) => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined)

const unit = read('test-results/unit.json')
if (unit) {
  const skipped = (unit.numPendingTests ?? 0) + (unit.numTodoTests ?? 0)
  console.log(`unit: ${unit.numPassedTests} passed, ${unit.numFailedTests} failed, ${skipped} skipped`)
}
const e2e = read('test-results/e2e.json')
if (e2e?.stats) {
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = e2e.stats
  console.log(`e2e: ${expected + flaky} passed, ${unexpected} failed, ${skipped} skipped`)
}
