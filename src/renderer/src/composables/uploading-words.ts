/**
 * A printer's uploads on their way, in words: what is sent ("Uploading name.bgcode", "Uploading 3 files") and the
 * whole sentence with the percent. The slim uploading line (card, printer header) and the dashboard list's upload
 * cell say it alike.
 */
import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { useUploadsStore, type PrinterSending } from '../stores/uploads.store'
import { formatPercent } from '../utils/format'

export interface UploadingWords {
  sending: ComputedRef<PrinterSending | undefined>
  /** What is sent, without the percent. */
  what: ComputedRef<string>
  /** What is sent and how far: "Uploading name.bgcode · 42 %". */
  text: ComputedRef<string>
}

export function useUploadingWords(printerId: () => string): UploadingWords {
  const { t } = useI18n()
  const uploads = useUploadsStore()
  const sending = computed(() => uploads.sendingTo(printerId()))
  return {
    sending,
    what: computed(() => {
      const s = sending.value
      if (!s) return ''
      return s.fileName
        ? t('dashboard.uploadingFile', { file: s.fileName })
        : t('dashboard.uploadingFiles', { count: s.count }, s.count)
    }),
    text: computed(() => {
      const s = sending.value
      if (!s) return ''
      const percent = formatPercent(s.percent)
      return s.fileName
        ? t('dashboard.uploading', { file: s.fileName, percent })
        : t('dashboard.uploadingMany', { count: s.count, percent }, s.count)
    }),
  }
}
