// Browser side of the e2e pages: what the host app would have seen from
// <S3Uploader>, recorded on window for the test to read with page.evaluate.
import type { PresignedS3Error, UploadedFile, UploadFile } from 'react-presigned-s3'

export interface Recorded {
  completed: UploadedFile[][]
  errors: Array<{ code: string; message: string; file: string | undefined }>
  unhandled: string[]
}

declare global {
  interface Window {
    recorded: Recorded
  }
}

/** Starts recording (unhandled rejections included) and returns the callbacks to give the uploader. */
export function recordUploaderCallbacks() {
  window.recorded = { completed: [], errors: [], unhandled: [] }
  window.addEventListener('unhandledrejection', (event) => window.recorded.unhandled.push(String(event.reason)))
  return {
    onUploadComplete: (files: UploadedFile[]) => {
      window.recorded.completed.push(files)
    },
    onError: (error: PresignedS3Error, file: UploadFile | undefined) => {
      window.recorded.errors.push({ code: error.code, message: error.message, file: file?.name })
    },
  }
}
