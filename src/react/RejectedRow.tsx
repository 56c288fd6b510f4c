import { memo } from 'react'
import { formatBytes } from '../protocol/format-bytes.js'
import type { RejectedFile } from '../core/rejections.js'
import { FileAction } from './FileAction.js'
import { rowAttributes, type RowSlot } from './list-rows.js'
import { restrictionMessage } from './restriction-message.js'
import { useUploaderContext } from './uploader-context.js'

interface RejectedRowProps extends RowSlot {
  file: RejectedFile
  onDismiss: (id: string) => void
}

/** A file a restriction kept out: why, in words, and a way to clear the notice. */
export const RejectedRow = /* @__PURE__ */ memo(function RejectedRow({ file, onDismiss, ...slot }: RejectedRowProps) {
  const { locale, classNameOf: cx } = useUploaderContext()
  return (
    <li className={cx('file')} data-status="rejected" {...rowAttributes(file.id, slot)}>
      <span className={cx('fileName')}>{file.name}</span>
      <span className={cx('fileSize')}>{formatBytes(file.size, locale.language)}</span>
      <span className={cx('fileStatus')}>{locale.status.rejected}</span>
      <p className={cx('fileError')} data-code={file.error.code}>
        {restrictionMessage(file.error, locale)}
      </p>
      <span className={cx('fileActions')}>
        <FileAction action="remove" text={locale.dismiss} label={locale.dismissFile} fileName={file.name} onClick={() => onDismiss(file.id)} />
      </span>
    </li>
  )
})
