import { useId, useRef, useState, type DragEvent } from 'react'
import type { UploadFile } from '../core/upload-state.js'
import { FileRow } from './FileRow.js'
import { LiveStatus } from './LiveStatus.js'
import { ProgressBar } from './ProgressBar.js'
import { useS3Upload, type UseS3UploadOptions } from './use-s3-upload.js'
import { formatBytes } from './format-bytes.js'

export interface S3UploaderProps extends UseS3UploadOptions {
  /** Passed to the file input: `image/*,.pdf`. */
  accept?: string
  /** Allow several files at once. Default `true`. */
  multiple?: boolean
  disabled?: boolean
  className?: string
}

/**
 * A drop zone, a file list with per-file and total progress, and a status
 * region announced to screen readers. Built on `useS3Upload`.
 */
export function S3Uploader({ accept, multiple = true, disabled = false, className, ...options }: S3UploaderProps) {
  const upload = useS3Upload(options)
  const inputRef = useRef<HTMLInputElement>(null)
  const [dragging, setDragging] = useState(false)
  const hintId = useId()

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault()
    setDragging(false)
    if (!disabled && event.dataTransfer.files.length > 0) upload.addFiles(event.dataTransfer.files)
  }

  return (
    <div className={['rps3-uploader', className].filter(Boolean).join(' ')} data-status={upload.status}>
      <div
        className="rps3-dropzone"
        data-dragging={dragging || undefined}
        onDragOver={(event) => {
          event.preventDefault()
          setDragging(true)
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <button
          type="button"
          className="rps3-choose"
          disabled={disabled}
          aria-describedby={hintId}
          onClick={() => inputRef.current?.click()}
        >
          Choose files
        </button>
        <span id={hintId} className="rps3-hint">
          or drop them here
        </span>
        <input
          ref={inputRef}
          type="file"
          hidden
          tabIndex={-1}
          aria-label="Files to upload"
          accept={accept}
          multiple={multiple}
          disabled={disabled}
          onChange={(event) => {
            const input = event.currentTarget
            if (input.files && input.files.length > 0) upload.addFiles(Array.from(input.files))
            input.value = ''
          }}
        />
      </div>
      {upload.files.length > 0 && (
        <>
          <ProgressBar
            className="rps3-total"
            label="Total upload progress"
            value={upload.progress}
            text={`${formatBytes(upload.bytesUploaded)} of ${formatBytes(upload.bytesTotal)}`}
          />
          <ul className="rps3-files" aria-label="Files">
            {upload.files.map((file: UploadFile) => (
              <FileRow
                key={file.id}
                file={file}
                onRetry={upload.retry}
                onRemove={upload.remove}
                onPause={upload.pause}
                onResume={upload.resume}
              />
            ))}
          </ul>
        </>
      )}
      <LiveStatus files={upload.files} />
    </div>
  )
}
