import type { FileStatus } from '../core/upload-state.js'
import { formatNumber, plural } from './locale.js'
import { useUploaderContext } from './uploader-context.js'

interface ListSummaryProps {
  total: number
  counts: Readonly<Record<FileStatus, number>>
  rejected: number
}

/** "1,998 of 2,000 uploaded, 2 failed": the state of a long list in one line, from counts (no walk over the files). */
export function ListSummary({ total, counts, rejected }: ListSummaryProps) {
  const { locale, classNameOf: cx } = useUploaderContext()
  const { language } = locale
  const parts = [plural(locale.summaryUploaded, total, language, { done: formatNumber(counts.complete, language) })]
  if (counts.error > 0) parts.push(plural(locale.summaryFailed, counts.error, language, {}))
  if (rejected > 0) parts.push(plural(locale.summaryRejected, rejected, language, {}))
  return <p className={cx('summary')}>{parts.join(', ')}</p>
}
