// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'

// The rooms of docs/design.md, enforced: a file's folder says what it may import.
const noElectron = {
  paths: [{ name: 'electron', message: 'Only src/main/electron and src/preload may import electron.' }],
  patterns: [
    { group: ['electron/*'], message: 'Only src/main/electron and src/preload may import electron.' },
  ],
}
const noNode = {
  patterns: [
    { group: ['node:*'], message: 'src/shared and the renderer run without Node.' },
    { group: ['undici', 'ws', 'electron-store', 'electron-log', 'chokidar'], message: 'Main-process only.' },
  ],
}
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
  {
    files: ['src/shared/**', 'src/renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: noElectron.paths, patterns: [...noElectron.patterns, ...noNode.patterns] },
      ],
      'no-restricted-syntax': ['error', ...noIpcOutsideBridge],
    },
  },
  {
    files: [
      'src/main/core/**',
      'src/main/prusalink/**',
      'src/main/simulator/**',
      'src/main/web/**',
      'src/main/cli/**',
    ],
    rules: {
      'no-restricted-imports': ['error', noElectron],
      'no-restricted-syntax': ['error', ...noIpcOutsideBridge],
    },
  },
)
