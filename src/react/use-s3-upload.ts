import { useCallback, useEffect, useState, useSyncExternalStore } from 'react'
import { UploadController, type UploadControllerOptions } from '../core/upload-controller.js'
import type { UploadSnapshot } from '../core/upload-state.js'

export type UseS3UploadOptions = UploadControllerOptions

export interface UseS3UploadResult extends UploadSnapshot {
  /** Adds files and, unless `autoUpload` is false, starts uploading them. */
  addFiles: (files: Iterable<File | Blob>) => void
  upload: () => Promise<void>
  retry: (fileId: string) => void
  remove: (fileId: string) => void
  cancelAll: () => void
  /** Pauses one file; parts already in the store stay there. */
  pause: (fileId: string) => void
  /** Resumes a paused file where it stopped. */
  resume: (fileId: string) => void
  pauseAll: () => void
  resumeAll: () => void
  /** The framework-free controller underneath, for interop (its `uppy` works with `@uppy/react`). */
  controller: UploadController
}

/**
 * Headless upload state and actions. One controller (and so one Uppy) per
 * component, kept across StrictMode's double mount and destroyed on unmount.
 */
export function useS3Upload(options: UseS3UploadOptions): UseS3UploadResult {
  const [controller] = useState(() => new UploadController(options))
  useEffect(() => {
    controller.setOptions(options)
  })
  useEffect(() => controller.retain(), [controller])
  const snapshot = useSyncExternalStore(controller.subscribe, controller.getSnapshot, controller.getSnapshot)

  const addFiles = useCallback((files: Iterable<File | Blob>) => controller.addFiles(files), [controller])
  const upload = useCallback(() => controller.upload(), [controller])
  const retry = useCallback((fileId: string) => controller.retry(fileId), [controller])
  const remove = useCallback((fileId: string) => controller.remove(fileId), [controller])
  const cancelAll = useCallback(() => controller.cancelAll(), [controller])

  const pause = useCallback((fileId: string) => controller.pause(fileId), [controller])
  const resume = useCallback((fileId: string) => controller.resume(fileId), [controller])
  const pauseAll = useCallback(() => controller.pauseAll(), [controller])
  const resumeAll = useCallback(() => controller.resumeAll(), [controller])

  return { ...snapshot, addFiles, upload, retry, remove, cancelAll, pause, resume, pauseAll, resumeAll, controller }
}
