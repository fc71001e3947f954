/**
 * The file list's columns: which show at a given width of the list itself (not of the window: the sidebar and
 * the details pane take their share), and what each row says in them.
 *
 * The name always shows and keeps NAME_MIN_PX to be read. The other columns give way in GIVE_WAY_ORDER as the
 * list narrows — the slicer's figures first (the widest extras), then the size, then the modified date — and a
 * column a person switched off never shows. A column that gave way is still read in the details pane and in the
 * row's tooltip.
 */
import { FILE_LIST_COLUMNS, type FileListColumn } from '../../../shared/model'
import type { FileEntry, PrintFileMetadata } from '../../../shared/printer'

export type { FileListColumn }
export { FILE_LIST_COLUMNS }

/** Widths of each optional column, in CSS pixels (tabular figures at 12.5 px). */
export const COLUMN_WIDTH_PX: Record<FileListColumn, number> = {
  date: 150,
  size: 76,
  printTime: 92,
  material: 80,
  filament: 76,
}
/** The checkbox (36), the thumbnail (48) and the row's padding (4 + 12). */
export const FIXED_PX = 100
/** The least a name gets beside other columns: about 24 characters, enough to tell files apart. */
export const NAME_MIN_PX = 220
/** Which columns give way first as the list narrows. */
export const GIVE_WAY_ORDER: readonly FileListColumn[] = ['filament', 'material', 'printTime', 'size', 'date']

/**
 * The columns shown, left to right (FILE_LIST_COLUMNS' order), for a list `width` px wide, among those `chosen`.
 * A width of 0 (not measured yet) shows what was chosen: the first measurement follows within a frame.
 */
export function visibleColumns(width: number, chosen: readonly FileListColumn[]): FileListColumn[] {
  const shown = new Set(FILE_LIST_COLUMNS.filter((c) => chosen.includes(c)))
  if (width > 0) {
    const room = width - FIXED_PX - NAME_MIN_PX
    const used = (): number => [...shown].reduce((sum, c) => sum + COLUMN_WIDTH_PX[c], 0)
    for (const column of GIVE_WAY_ORDER) {
      if (used() <= room) break
      shown.delete(column)
    }
  }
  return FILE_LIST_COLUMNS.filter((c) => shown.has(c))
}

/** The grid's template for these columns: checkbox, thumbnail, name, then each column at its width. */
export function gridTemplate(columns: readonly FileListColumn[]): string {
  return ['36px', '48px', 'minmax(0, 1fr)', ...columns.map((c) => `${COLUMN_WIDTH_PX[c]}px`)].join(' ')
}

/** Whether a list entry has slicer figures to read: print files only, never folders or other files. */
export const hasPrintFigures = (entry: FileEntry): boolean => entry.type === 'PRINT_FILE'

/** The columns whose value comes from the file's info (files.info), not from the listing. */
export const INFO_COLUMNS: readonly FileListColumn[] = ['printTime', 'material', 'filament']

/** Grams as the list and the details say them: one decimal below 10 g. */
export const formatGrams = (grams: number): string => `${grams.toFixed(grams < 10 ? 1 : 0)} g`

/** A column's sortable value for an entry (undefined: unknown, sorted last). */
export function columnValue(
  column: FileListColumn,
  entry: FileEntry,
  info: { size?: number; metadata?: PrintFileMetadata | null } | undefined,
): number | string | undefined {
  switch (column) {
    case 'date':
      return entry.mTimestamp
    case 'size':
      return entry.type === 'FOLDER' ? undefined : (entry.size ?? info?.size)
    case 'printTime':
      return info?.metadata?.estimatedPrintTime
    case 'material':
      return info?.metadata?.filamentType || undefined
    case 'filament':
      return info?.metadata?.filamentUsedG
  }
}
