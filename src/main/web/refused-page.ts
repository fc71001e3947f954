/**
 * The page a browser gets when it opens LinkDeck without its token (401): the same sentence as the plain answer,
 * laid out like the app in its light or dark theme, saying where the address comes from. No script; its one style
 * sheet is allowed by its hash, so the page keeps a CSP as strict as the app's.
 */
import { createHash } from 'node:crypto'

const STYLE = `
:root { color-scheme: light dark; font-family: system-ui, -apple-system, 'Segoe UI', Roboto, Ubuntu, sans-serif;
  background: light-dark(#f6f7f9, #15171a); color: light-dark(#1b1f24, #e6e9ee); }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; padding: 24px; box-sizing: border-box; }
main { max-width: 520px; padding: 28px 30px; border-radius: 12px; border: 1px solid light-dark(#d8dde4, #2c3138);
  background: light-dark(#ffffff, #1d2024); line-height: 1.5; }
h1 { margin: 0 0 10px; font-size: 20px; }
p { margin: 0 0 10px; color: light-dark(#4f5866, #a8b1bd); }
code { font-size: 0.95em; padding: 1px 5px; border-radius: 5px; background: light-dark(#eceff3, #111315);
  color: light-dark(#1b1f24, #e6e9ee); }
`

const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`

/** The page's own CSP: nothing but its style. */
export const REFUSED_PAGE_CSP =
  `default-src 'none'; style-src ${STYLE_HASH}; base-uri 'none'; form-action 'none'; ` +
  "frame-ancestors 'none'"

/** The sentence of the plain-text answer (API clients, curl). */
export const TOKEN_NEEDED =
  'This LinkDeck page needs the address printed by `npm run web` or `npm start`, token included.'

export function refusedPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>LinkDeck needs its address</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Open LinkDeck with the address it printed</h1>
<p>This page needs the address LinkDeck printed when it started, token included — an address like
<code>http://127.0.0.1:8123/?token=…</code>.</p>
<p>Find it in the terminal where <code>npm run web</code> runs, or where <code>npm start</code> started the browser
mode. Not running any more? Start it again: <code>npm run web</code> (or <code>npm run web -- --open</code>, which
opens the page by itself).</p>
</main>
</body>
</html>
`
}
