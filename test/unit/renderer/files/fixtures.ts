import type { FileEntry, StorageInfo } from '../../../../src/shared/printer'
import type { FolderListing, PrinterSummary } from '../../../../src/shared/model'

export const printer = (id: string, name: string): PrinterSummary => ({
  id,
  name,
  address: `http://${id}.local`,
  authMode: 'auto',
  username: 'maker',
  color: '#1f6feb',
  hasSecret: true,
  secretStorage: 'encrypted',
  demo: false,
  tags: [],
  autoStart: false,
})

export const usb: StorageInfo = {
  name: 'usb',
  label: 'USB',
  type: 'USB',
  path: '/usb',
  readOnly: false,
  available: true,
}

export function entry(path: string, extra: Partial<FileEntry> = {}): FileEntry {
  const parts = path.split('/').filter(Boolean)
  const name = parts[parts.length - 1] ?? path
  return {
    type: name.includes('.') ? 'PRINT_FILE' : 'FOLDER',
    name: name.toUpperCase(),
    displayName: name,
    path,
    displayPath: path,
    readOnly: false,
    ...extra,
  }
}

export function listing(path: string, children: FileEntry[], printerId = 'p1'): FolderListing {
  return {
    printerId,
    storage: path.split('/')[1] ?? 'usb',
    folder: { ...entry(path, { type: 'FOLDER' }), children },
  }
}
