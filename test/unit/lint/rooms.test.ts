/**
 * The rooms of eslint.config.js, checked on small snippets: each is linted as if it were a file at a path inside a
 * room (the file need not exist; what it imports must), through ESLint's own Node API and the project's config.
 * A wrong-way import must be an error that names the rule; a right-way one must pass.
 */
import { ESLint } from 'eslint'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const eslint = new ESLint({ cwd: root })

/** The room rules' messages for `code` placed at `path` (other rules, e.g. unused imports, are not asked here). */
async function roomErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}/${path}` })
  return (result?.messages ?? [])
    .filter((m) => /^boundaries\/|no-restricted-imports$/.test(m.ruleId ?? '') || m.fatal)
    .map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`)
}

const wrongWay: [string, string, string, RegExp][] = [
  // [what, file, code, rule]
  [
    'core → web',
    'src/main/core/probe.ts',
    "import { startWebServer } from '../web/server'\nvoid startWebServer",
    /boundaries\/dependencies/,
  ],
  [
    'core → a type of web',
    'src/main/core/probe.ts',
    "import type { WebServer } from '../web/server'\nexport type W = WebServer",
    /boundaries\/dependencies/,
  ],
  [
    'core → electron',
    'src/main/core/probe.ts',
    "import { wireIpc } from '../electron/ipc'\nvoid wireIpc",
    /boundaries\/dependencies/,
  ],
  [
    'core → the simulator, statically',
    'src/main/core/demo/probe.ts',
    "import { startSimulator } from '../../simulator'\nvoid startSimulator",
    /boundaries\/dependencies/,
  ],
  [
    'core → cli',
    'src/main/core/probe.ts',
    "import { runCli } from '../cli/cli'\nvoid runCli",
    /boundaries\/dependencies/,
  ],
  [
    'electron → web',
    'src/main/electron/probe.ts',
    "import { serveStatic } from '../web/static-files'\nvoid serveStatic",
    /boundaries\/dependencies/,
  ],
  [
    'electron → the parser',
    'src/main/electron/probe.ts',
    "import { parsePrintFile } from '../prusalink/gcode'\nvoid parsePrintFile",
    /boundaries\/dependencies/,
  ],
  [
    'web → electron',
    'src/main/web/probe.ts',
    "import { wireIpc } from '../electron/ipc'\nvoid wireIpc",
    /boundaries\/dependencies/,
  ],
  [
    'prusalink → core',
    'src/main/prusalink/probe.ts',
    "import { silentLogger } from '../core/logger'\nvoid silentLogger",
    /boundaries\/dependencies/,
  ],
  [
    'simulator → core',
    'src/main/simulator/probe.ts',
    "import { silentLogger } from '../core/logger'\nvoid silentLogger",
    /boundaries\/dependencies/,
  ],
  [
    'cli → core',
    'src/main/cli/probe.ts',
    "import { createAppCore } from '../core/app-core'\nvoid createAppCore",
    /boundaries\/dependencies/,
  ],
  [
    'relay → core',
    'src/main/relay/probe.ts',
    "import { silentLogger } from '../core/logger'\nvoid silentLogger",
    /boundaries\/dependencies/,
  ],
  [
    'relay → Electron',
    'src/main/relay/probe.ts',
    "import { app } from 'electron'\nvoid app",
    /no-restricted-imports/,
  ],
  [
    'media → prusalink',
    'src/main/media/probe.ts',
    "import { parsePrintFile } from '../prusalink/gcode'\nvoid parsePrintFile",
    /boundaries\/dependencies/,
  ],
  [
    'shared → main',
    'src/shared/probe.ts',
    "import { silentLogger } from '../main/core/logger'\nvoid silentLogger",
    /boundaries\/dependencies/,
  ],
  [
    'shared → Node',
    'src/shared/probe.ts',
    "import { readFileSync } from 'node:fs'\nvoid readFileSync",
    /no-restricted-imports/,
  ],
  [
    'renderer → main',
    'src/renderer/src/probe.ts',
    "import { silentLogger } from '../../main/core/logger'\nvoid silentLogger",
    /boundaries\/dependencies/,
  ],
  [
    'renderer → Electron',
    'src/renderer/src/probe.ts',
    "import { ipcRenderer } from 'electron'\nvoid ipcRenderer",
    /no-restricted-imports/,
  ],
  [
    'core → Electron',
    'src/main/core/probe.ts',
    "import { app } from 'electron'\nvoid app",
    /no-restricted-imports/,
  ],
  [
    'preload → the contract’s values (zod)',
    'src/preload/probe.ts',
    "import { CALL_NAMES } from '../shared/contract'\nvoid CALL_NAMES",
    /boundaries\/dependencies/,
  ],
  [
    'preload → Node',
    'src/preload/probe.ts',
    "import { readFileSync } from 'node:fs'\nvoid readFileSync",
    /no-restricted-imports/,
  ],
  [
    'a file outside every room',
    'src/main/attic/probe.ts',
    'export const x = 1',
    /boundaries\/no-unknown-files/,
  ],
  [
    'a window component → the API (components call stores, stores call the API)',
    'src/renderer/src/components/common/probe.ts',
    "import { api } from '../../api'\nvoid api",
    /no-restricted-imports/,
  ],
  [
    'the window → a zod schema (it loads without zod)',
    'src/renderer/src/stores/probe.ts',
    "import { queueAddSchema } from '../../../shared/queue-schema'\nvoid queueAddSchema",
    /no-restricted-imports/,
  ],
  [
    'the window → zod',
    'src/renderer/src/utils/probe.ts',
    "import { z } from 'zod'\nvoid z",
    /no-restricted-imports/,
  ],
]

const rightWay: [string, string, string][] = [
  [
    "the window → the contract's types",
    'src/renderer/src/stores/probe.ts',
    "import type { CallInput } from '../../../shared/contract'\nexport type I = CallInput<'app.info'>",
  ],
  ['a window store → the API', 'src/renderer/src/stores/probe.ts', "import { api } from '../api'\nvoid api"],
  [
    'a window component → thumbnail addresses',
    'src/renderer/src/components/common/probe.ts',
    "import { thumbnailUrl } from '../../api/media'\nvoid thumbnailUrl",
  ],
  [
    'core → prusalink',
    'src/main/core/probe.ts',
    "import { PrusaLinkClient } from '../prusalink'\nvoid PrusaLinkClient",
  ],
  [
    'core → relay',
    'src/main/core/probe.ts',
    "import { startRelayServer } from '../relay/relay-server'\nvoid startRelayServer",
  ],
  [
    'relay → the client’s Digest helpers',
    'src/main/relay/probe.ts',
    "import { parseWwwAuthenticate } from '../prusalink/digest-auth'\nvoid parseWwwAuthenticate",
  ],
  ['core → media', 'src/main/core/probe.ts', "import { encodePng } from '../media/png'\nvoid encodePng"],
  [
    'core → the simulator’s types',
    'src/main/core/demo/probe.ts',
    "import type { SimulatorOptions } from '../../simulator'\nexport type O = SimulatorOptions",
  ],
  [
    'core → the simulator, lazily',
    'src/main/core/demo/probe.ts',
    "export const load = () => import('../../simulator')",
  ],
  [
    'web → core',
    'src/main/web/probe.ts',
    "import { createAppCore } from '../core/app-core'\nvoid createAppCore",
  ],
  [
    'electron → core',
    'src/main/electron/probe.ts',
    "import { resolveInside } from '../core/renderer-folder'\nvoid resolveInside",
  ],
  [
    'electron → media',
    'src/main/electron/probe.ts',
    "import { encodePng } from '../media/png'\nvoid encodePng",
  ],
  ['electron → Electron', 'src/main/electron/probe.ts', "import { app } from 'electron'\nvoid app"],
  [
    'simulator → the parser',
    'src/main/simulator/probe.ts',
    "import { parsePrintFile } from '../prusalink/gcode'\nvoid parsePrintFile",
  ],
  [
    'cli → prusalink',
    'src/main/cli/probe.ts',
    "import { PrusaLinkClient } from '../prusalink'\nvoid PrusaLinkClient",
  ],
  [
    'prusalink → shared',
    'src/main/prusalink/probe.ts',
    "import { isUserFacing } from '../../shared/errors'\nvoid isUserFacing",
  ],
  [
    'preload → the IPC names',
    'src/preload/probe.ts',
    "import { IPC_INVOKE_CHANNEL } from '../shared/ipc'\nvoid IPC_INVOKE_CHANNEL",
  ],
  [
    'preload → the contract’s types',
    'src/preload/probe.ts',
    "import type { CallName } from '../shared/contract'\nexport type C = CallName",
  ],
  [
    'renderer → shared',
    'src/renderer/src/probe.ts',
    "import { RemoteError } from '../../shared/errors'\nvoid RemoteError",
  ],
  [
    'a test → anything',
    'test/unit/probe.test.ts',
    "import { startSimulator } from '../../src/main/simulator'\nimport { wireIpc } from '../../src/main/electron/ipc'\nvoid startSimulator\nvoid wireIpc",
  ],
]

describe('the rooms in the lint config', () => {
  // The first lint loads ESLint's config, parser and plugins: a few seconds alone, over 20 s on a busy two-core
  // machine. Done once here, with room for that, so each test's limit is about its own snippet.
  beforeAll(async () => {
    await eslint.lintText('export {}\n', { filePath: `${root}/src/shared/warm-up.ts` })
  }, 120_000)

  it.each(wrongWay)('refuses %s', async (_what, path, code, rule) => {
    const errors = await roomErrors(path, code)
    expect(
      errors.some((e) => rule.test(e)),
      errors.join('\n') || 'no error',
    ).toBe(true)
  })

  it.each(rightWay)('allows %s', async (_what, path, code) => {
    expect(await roomErrors(path, code)).toEqual([])
  })

  it('says what was crossed and where the rooms are explained', async () => {
    const [error] = await roomErrors(
      'src/main/core/probe.ts',
      "import { serveStatic } from '../web/static-files'\nvoid serveStatic",
    )
    expect(error).toContain('core may not import this from web')
    expect(error).toContain('docs/architecture.md')
  })
})
