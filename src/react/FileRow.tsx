import { memo } from 'react'
import type { UploadFile } from '../core/upload-state.js'
import { formatBytes } from './format-bytes.js'
import { ProgressBar } from './ProgressBar.js'

const STATUS_TEXT: Record<UploadFile['status'], string> = {
  pending: 'Waiting',
  uploading: 'Uploading',
  paused: 'Paused',
  complete: 'Uploaded',
  error: 'Failed',
}

interface FileRowProps {
  file: UploadFile
  onRetry: (fileId: string) => void
  onRemove: (fileId: string) => void
  onPause?: (fileId: string) => void
  onResume?: (fileId: string) => void
}

export const FileRow = memo(function FileRow({ file, onRetry, onRemove, onPause, onResume }: FileRowProps) {
  return (
    <li className="rps3-file" data-status={file.status}>
      <span className="rps3-file-name">{file.name}</span>
      <span className="rps3-file-size">{formatBytes(file.size)}</span>
      <ProgressBar label={`Upload progress of ${file.name}`} value={file.progress} />
      <span className="rps3-file-status">{STATUS_TEXT[file.status]}</span>
      {file.error && (
        <p className="rps3-file-error" data-code={file.error.code}>
          {file.error.message}
        </p>
      )}
      <span className="rps3-file-actions">
        {file.status === 'uploading' && onPause && (
          <button type="button" onClick={() => onPause(file.id)} aria-label={`Pause ${file.name}`}>
            Pause
          </button>
        )}
        {file.status === 'paused' && onResume && (
          <button type="button" onClick={() => onResume(file.id)} aria-label={`Resume ${file.name}`}>
            Resume
          </button>
        )}
        {file.status === 'error' && (
          <button type="button" onClick={() => onRetry(file.id)} aria-label={`Retry ${file.name}`}>
            Retry
          </button>
        )}
        <button
          type="button"
          onClick={() => onRemove(file.id)}
          aria-label={file.status === 'uploading' ? `Cancel ${file.name}` : `Remove ${file.name}`}
        >
          {file.status === 'uploading' ? 'Cancel' : 'Remove'}
        </button>
      </span>
    </li>
  )
})
