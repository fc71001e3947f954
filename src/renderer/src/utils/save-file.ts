/**
 * Saving what main hands the window as a download, the same way in both modes: a temporary link the browser
 * follows with `download`, so the file lands under its own name in the user's downloads.
 */

/** Saves the file at `url` (the browser bridge serves it) as `name`. */
export function saveUrl(url: string, name: string): void {
  const link = document.createElement('a')
  link.href = url
  link.download = name
  link.rel = 'noopener'
  document.body.append(link)
  link.click()
  link.remove()
}

/** Saves text made in the window (the history as CSV) as `name`. */
export function saveText(text: string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  saveUrl(url, name)
  // The download has its bytes long before this; revoking at once can cancel it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
