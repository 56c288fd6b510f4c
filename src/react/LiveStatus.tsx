import type { RejectedFile } from '../core/rejections.js'
import type { FileStatus, UploadFile, UploadStatus } from '../core/upload-state.js'
import { listFormat } from '../protocol/intl-formatters.js'
import { formatNumber, plural, type UploaderLocale } from './locale.js'
import { useUploaderContext } from './uploader-context.js'

/** Visually hidden but read: inline, so `unstyled` mode cannot make it visible by accident. */
const VISUALLY_HIDDEN = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clipPath: 'inset(50%)',
  whiteSpace: 'nowrap',
} as const

/** Beyond this many failed (or refused) files, the announcement gives their count instead of their names. */
const MAX_NAMES = 10

interface LiveStatusProps {
  files: readonly UploadFile[]
  counts: Readonly<Record<FileStatus, number>>
  rejected: readonly RejectedFile[]
  status: UploadStatus
}

/**
 * One polite live region. Its text changes only when something worth hearing
 * happens (a batch starts or ends, files fail or are refused), never with
 * progress or with each file finishing inside a batch, so 1000 files do not
 * become 1000 announcements.
 */
export function LiveStatus({ files, counts, rejected, status }: LiveStatusProps) {
  const { locale, classNameOf: cx } = useUploaderContext()
  return (
    <div className={cx('live')} style={VISUALLY_HIDDEN} role="status" aria-live="polite">
      {announcement(files, counts, rejected, status, locale)}
    </div>
  )
}

export function announcement(
  files: readonly UploadFile[],
  counts: Readonly<Record<FileStatus, number>>,
  rejected: readonly RejectedFile[],
  status: UploadStatus,
  locale: UploaderLocale,
): string {
  const { language } = locale
  const names = (list: ReadonlyArray<{ name: string }>) => listFormat(language).format(list.map((file) => file.name))
  const parts: string[] = []
  const waiting = counts['waiting-for-network']
  const resumable = counts.resumable
  if (waiting > 0) {
    // The count stays put while offline (progress does not move), so this is heard once.
    parts.push(plural(locale.announceWaitingForNetwork, waiting, language, {}))
  } else if (status === 'uploading') {
    parts.push(plural(locale.announceUploading, files.length, language, {}))
  } else if (resumable > 0) {
    parts.push(plural(locale.announceResumable, resumable, language, {}))
  } else if (counts.pending < files.length) {
    // Files that only wait (before an upload starts) are the user's own doing, shown in the list: nothing to announce.
    parts.push(plural(locale.announceDone, files.length, language, { done: formatNumber(counts.complete, language) }))
    const failed = counts.error
    // Names only for a few: the walk to find them, and the sentence, stay short.
    if (failed > MAX_NAMES) parts.push(plural(locale.announceFailedMany, failed, language, {}))
    else if (failed > 0) parts.push(plural(locale.announceFailed, failed, language, { names: names(files.filter((file) => file.status === 'error')) }))
  }
  if (rejected.length > MAX_NAMES) parts.push(plural(locale.announceRejectedMany, rejected.length, language, {}))
  else if (rejected.length > 0) parts.push(plural(locale.announceRejected, rejected.length, language, { names: names(rejected) }))
  return parts.join('. ')
}
