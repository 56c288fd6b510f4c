import { formatBytes, formatBytesPerSecond } from '../protocol/format-bytes.js'
import { fill, formatDuration } from './locale.js'
import { ProgressBar } from './ProgressBar.js'
import type { TransferRate } from '../core/transfer-rate.js'
import { useUploaderContext } from './uploader-context.js'

interface TotalProgressProps extends TransferRate {
  progress: number
  bytesUploaded: number
  bytesTotal: number
}

/** The batch's bar: bytes sent, and while uploading the smoothed speed and time left. */
export function TotalProgress({ progress, bytesUploaded, bytesTotal, bytesPerSecond, secondsLeft }: TotalProgressProps) {
  const { locale, classNameOf: cx, unstyled } = useUploaderContext()
  const { language } = locale
  const parts = [fill(locale.totalBytes, { uploaded: formatBytes(bytesUploaded, language), total: formatBytes(bytesTotal, language) })]
  if (bytesPerSecond !== undefined) parts.push(fill(locale.speed, { speed: formatBytesPerSecond(bytesPerSecond, language) }))
  if (secondsLeft !== undefined) parts.push(fill(locale.timeLeft, { time: formatDuration(secondsLeft, language) }))
  return (
    <ProgressBar
      className={[cx('progress'), cx('total')].filter(Boolean).join(' ') || undefined}
      trackClassName={cx('progressTrack')}
      fillClassName={cx('progressFill')}
      unstyled={unstyled}
      textClassName={cx('totalText')}
      label={locale.totalProgress}
      value={progress}
      text={parts.join(' · ')}
    />
  )
}
