import { useSyncExternalStore } from 'react'
import type { RepickFile } from '../core/transfer/persisted-queue/options.js'
import type { ReadableStore } from '../core/store.js'
import { formatBytes } from '../protocol/format-bytes.js'
import { FileAction } from './FileAction.js'
import { fill } from './locale.js'
import { useUploaderContext } from './uploader-context.js'

const NONE: readonly RepickFile[] = []

interface RepickListProps {
  files: ReadableStore<readonly RepickFile[]>
  onDismiss: (id: string) => void
}

/** Files of an earlier visit that were too large to keep in the browser: picking one again resumes its upload. */
export function RepickList({ files, onDismiss }: RepickListProps) {
  const { locale, classNameOf: cx } = useUploaderContext()
  const list = useSyncExternalStore(files.subscribe, files.getSnapshot, () => NONE)
  if (list.length === 0) return null
  return (
    <ul className={cx('list')} aria-label={locale.filesLabel}>
      {list.map((file) => (
        <li key={file.id} className={cx('file')} data-status="repick">
          <span className={cx('fileName')}>{file.name}</span>
          <p className={cx('fileError')}>{fill(locale.repickFile, { name: file.name, size: formatBytes(file.size, locale.language) })}</p>
          <span className={cx('fileActions')}>
            <FileAction action="remove" text={locale.dismiss} label={locale.dismissFile} fileName={file.name} onClick={() => onDismiss(file.id)} />
          </span>
        </li>
      ))}
    </ul>
  )
}
