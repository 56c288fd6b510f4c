import type { UploadFile } from '../core/upload-state.js'

/**
 * One polite live region with a summary, not a message per progress tick:
 * screen readers hear "2 of 3 files uploaded, 1 failed", not a flood.
 */
export function LiveStatus({ files }: { files: readonly UploadFile[] }) {
  return (
    <div className="rps3-live" role="status" aria-live="polite">
      {summary(files)}
    </div>
  )
}

function summary(files: readonly UploadFile[]): string {
  if (files.length === 0) return ''
  const done = files.filter((file) => file.status === 'complete').length
  const failed = files.filter((file) => file.status === 'error')
  const parts = [`${done} of ${files.length} ${files.length === 1 ? 'file' : 'files'} uploaded`]
  if (failed.length > 0) parts.push(`${failed.length} failed: ${failed.map((file) => file.name).join(', ')}`)
  return parts.join(', ')
}
