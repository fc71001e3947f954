// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import boundaries from 'eslint-plugin-boundaries'
import globals from 'globals'

/**
 * The rooms of the code (docs/architecture.md), enforced: a file's folder says what it may import.
 * This table is the one statement of the rule; the settings and lint rules below are built from it.
 *
 * - `may`: the rooms whose code this room may import (its own always).
 * - `typesFrom`: rooms it may import types from, and nothing else.
 * - `lazily`: rooms it may load only with a dynamic `import()` (or import types from).
 * - `valuesFrom`: single files it may import values from where only types are allowed otherwise.
 * - `node` / `electron`: whether Node's modules and main-process packages / Electron may be imported.
 *
 * Tests (test/**) are no room: they may import whatever they test.
 */
export const ROOMS = [
  { room: 'shared', path: 'src/shared', may: [], node: false, electron: false },
  { room: 'media', path: 'src/main/media', may: [], node: true, electron: false },
  { room: 'prusalink', path: 'src/main/prusalink', may: ['shared', 'media'], node: true, electron: false },
  {
    room: 'simulator',
    path: 'src/main/simulator',
    may: ['shared', 'media', 'prusalink'],
    node: true,
    electron: false,
  },
  // The slicers' side: an HTTP server speaking PrusaLink, which knows nothing of the app (the core hands it a handler).
  { room: 'relay', path: 'src/main/relay', may: ['shared', 'prusalink'], node: true, electron: false },
  {
    room: 'discovery',
    path: 'src/main/discovery',
    may: ['shared', 'prusalink'],
    node: true,
    electron: false,
  },
  {
    room: 'core',
    path: 'src/main/core',
    may: ['shared', 'media', 'prusalink', 'discovery', 'relay'],
    lazily: ['simulator'],
    node: true,
    electron: false,
  },
  { room: 'web', path: 'src/main/web', may: ['shared', 'core'], node: true, electron: false },
  {
    room: 'electron',
    path: 'src/main/electron',
    may: ['shared', 'media', 'core'],
    node: true,
    electron: true,
  },
  {
    room: 'cli',
    path: 'src/main/cli',
    may: ['shared', 'media', 'prusalink', 'discovery'],
    node: true,
    electron: false,
  },
  {
    room: 'preload',
    path: 'src/preload',
    may: [],
    typesFrom: ['shared'],
    // The IPC channel names: a file without zod, so the sandboxed preload stays a few kilobytes.
    valuesFrom: ['src/shared/ipc.ts'],
    node: false,
    electron: true,
  },
  { room: 'renderer', path: 'src/renderer', may: ['shared'], node: false, electron: false },
]

const roomElements = ROOMS.map((r) => ({ type: r.room, pattern: r.path, partialMatch: false }))

const roomPolicies = ROOMS.map((r) => {
  /** @type {Record<string, unknown>[]} */
  const allow = []
  if (r.may.length > 0) allow.push({ to: { element: { type: r.may } } })
  const typesOnly = [...(r.typesFrom ?? []), ...(r.lazily ?? [])]
  if (typesOnly.length > 0) allow.push({ to: { element: { type: typesOnly } }, dependency: { kind: 'type' } })
  if (r.lazily)
    allow.push({ to: { element: { type: r.lazily } }, dependency: { nodeKind: 'dynamic-import' } })
  for (const file of r.valuesFrom ?? []) allow.push({ to: { file: { path: file } } })
  return { from: { element: { type: r.room } }, allow }
})

const electronOnly = 'Only src/main/electron and src/preload may import electron.'
const noElectron = {
  paths: [{ name: 'electron', message: electronOnly }],
  patterns: [{ group: ['electron/*'], message: electronOnly }],
}
const noNode = {
  patterns: [
    { group: ['node:*'], message: 'src/shared, the preload and the renderer run without Node.' },
    {
      group: [
        'undici',
        'ws',
        'electron-store',
        'chokidar',
        'conf',
        'jpeg-js',
        'multicast-dns',
        '@fastify/busboy',
      ],
      message: 'Main-process only.',
    },
  ],
}
/** no-restricted-imports for a room: Electron and Node where the table says no. */
const packageRules = ROOMS.filter((r) => !r.electron || !r.node).map((r) => ({
  files: [`${r.path}/**`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: r.electron ? [] : noElectron.paths,
        patterns: [...(r.electron ? [] : noElectron.patterns), ...(r.node ? [] : noNode.patterns)],
      },
    ],
  },
}))

const noIpcOutsideBridge = [
  {
    selector: 'Identifier[name=/^ipc(Main|Renderer)$/]',
    message: 'ipcMain / ipcRenderer belong in src/main/electron and src/preload only.',
  },
]

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    files: ['src/renderer/**', 'test/unit/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // The rooms: which of our own files a file may import.
  {
    files: ['src/**'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': roomElements,
      'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import'],
      'import/resolver': { node: { extensions: ['.ts', '.d.ts', '.js', '.vue'] } },
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: roomPolicies,
          message:
            '{{from.element.type}} may not import this from {{to.element.type}}: ' +
            'the rooms and what each may import are in docs/architecture.md (the table is in eslint.config.js).',
        },
      ],
      // A file of ours outside every room (or one the resolver cannot find) is a mistake, not a loophole.
      'boundaries/no-unknown-dependencies': 'error',
      'boundaries/no-unknown-files': 'error',
    },
  },
  ...packageRules,
  // Inside the window, one rule: components and composables call stores, stores call the API (docs/renderer.md).
  {
    files: ['src/renderer/src/components/**', 'src/renderer/src/composables/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: noElectron.paths,
          patterns: [
            ...noElectron.patterns,
            ...noNode.patterns,
            {
              regex: '(^|/)api(/index)?$',
              message: 'Components and composables call stores; stores call the API (docs/renderer.md).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**'],
    ignores: ['src/main/electron/**', 'src/preload/**'],
    rules: { 'no-restricted-syntax': ['error', ...noIpcOutsideBridge] },
  },
  // The window loads without zod (main validates every call): from the shared files that build zod schemas it
  // takes types only (decision 0760).
  {
    files: ['src/renderer/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'zod', message: 'The window loads without zod; main validates every call.' }],
          patterns: [
            {
              regex: '(^|/)shared/(contract|[a-z-]+-schema)$',
              allowTypeImports: true,
              message: 'These shared files build zod schemas: the window imports their types only.',
            },
          ],
        },
      ],
    },
  },
)
