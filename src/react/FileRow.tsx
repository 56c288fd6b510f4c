import { memo } from 'react'
import { describeError } from '../core/errors.js'
import { formatBytes } from '../protocol/format-bytes.js'
import { retryHelps } from '../core/retry-helps.js'
import type { UploadFile } from '../core/upload-state.js'
import { rowAttributes, type RowSlot } from './list-rows.js'
import { fill } from './locale.js'
import { FileAction } from './FileAction.js'
import { ProgressBar } from './ProgressBar.js'
import { Thumbnail } from './Thumbnail.js'
import { useUploaderContext } from './uploader-context.js'

interface FileRowProps extends RowSlot {
  file: UploadFile
  onRetry: (fileId: string) => void
  onRemove: (fileId: string) => void
  onPause?: (fileId: string) => void
  onResume?: (fileId: string) => void
}

/** One file: thumbnail, name, size, progress, state, and actions named after the file. */
export const FileRow = /* @__PURE__ */ memo(function FileRow({ file, onRetry, onRemove, onPause, onResume, ...slot }: FileRowProps) {
  const { locale, classNameOf: cx, unstyled } = useUploaderContext()
  const { language } = locale
  const cancels = file.status === 'uploading' || file.status === 'waiting-for-network'
  return (
    <li className={cx('file')} data-status={file.status} {...rowAttributes(file.id, slot)}>
      <Thumbnail file={file.data} className={cx('thumbnail')} />
      <span className={cx('fileName')}>{file.name}</span>
      <span className={cx('fileSize')}>{formatBytes(file.size, language)}</span>
      <ProgressBar
        label={fill(locale.fileProgress, { name: file.name })}
        value={file.progress}
        className={cx('progress')}
        trackClassName={cx('progressTrack')}
        fillClassName={cx('progressFill')}
        unstyled={unstyled}
      />
      <span className={cx('fileStatus')}>{locale.status[file.status]}</span>
      {file.error && (
        <p className={cx('fileError')} data-code={file.error.code}>
          {describeError(file.error, locale.failedAfterAttempts)}
        </p>
      )}
      <span className={cx('fileActions')}>
        {cancels && onPause && (
          <FileAction action="pause" text={locale.pause} label={locale.pauseFile} fileName={file.name} onClick={() => onPause(file.id)} />
        )}
        {(file.status === 'paused' || file.status === 'resumable') && onResume && (
          <FileAction action="resume" text={locale.resume} label={locale.resumeFile} fileName={file.name} onClick={() => onResume(file.id)} />
        )}
        {/* A file that cannot be read again gets none: its message says to pick it again. */}
        {file.status === 'error' && retryHelps(file.error) && (
          <FileAction action="retry" text={locale.retry} label={locale.retryFile} fileName={file.name} onClick={() => onRetry(file.id)} />
        )}
        <FileAction
          action="remove"
          text={cancels ? locale.cancel : locale.remove}
          label={cancels ? locale.cancelFile : locale.removeFile}
          fileName={file.name}
          onClick={() => onRemove(file.id)}
        />
      </span>
    </li>
  )
})
