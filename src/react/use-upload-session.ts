import { useCallback, useEffect, useState, useSyncExternalStore } from 'react'
import type { UploadSession } from '../core/lazy-upload-controller.js'
import type { UploadControllerOptions } from '../core/upload-controller-options.js'
import type { UploadSnapshot } from '../core/upload-state.js'
import type { TransferRate } from '../core/transfer-rate.js'
import { usePresignedUploadOptions } from './use-presigned-upload-options.js'
import { useTransferRate } from './use-transfer-rate.js'

export interface UploadActions {
  /** Adds files and, unless `autoUpload` is false, starts uploading them. */
  addFiles: (files: Iterable<File | Blob>) => void
  upload: () => Promise<void>
  retry: (fileId: string) => void
  /** Removes a file; if it is uploading, cancels it first. */
  remove: (fileId: string) => void
  cancelAll: () => void
  /** Forgets one entry of `rejected`. */
  dismissRejected: (id: string) => void
  /** Forgets every entry of `rejected`. */
  clearRejected: () => void
  /** Pauses one file; parts already in the store stay there. */
  pause: (fileId: string) => void
  /** Resumes a paused file where it stopped. */
  resume: (fileId: string) => void
  pauseAll: () => void
  resumeAll: () => void
}

export type UploadSessionResult<Controller> = UploadSnapshot & TransferRate & UploadActions & { controller: Controller }

/**
 * One controller per component (made by `create`), kept across StrictMode's double mount and
 * destroyed on unmount, bound to React. `useS3Upload` passes the real controller,
 * `<S3Uploader>` the lazily loaded one.
 */
export function useUploadSession<Controller extends UploadSession>(
  ownOptions: UploadControllerOptions,
  create: (options: UploadControllerOptions) => Controller,
): UploadSessionResult<Controller> {
  const options = usePresignedUploadOptions(ownOptions)
  const [controller] = useState(() => create(options))
  useEffect(() => {
    controller.setOptions(options)
  })
  useEffect(() => controller.retain(), [controller])
  useEffect(() => controller.restoreQueue(), [controller])
  const snapshot = useSyncExternalStore(controller.subscribe, controller.getSnapshot, controller.getSnapshot)
  const rate = useTransferRate(snapshot.bytesUploaded, snapshot.bytesTotal, snapshot.status === 'uploading')

  const addFiles = useCallback((files: Iterable<File | Blob>) => controller.addFiles(files), [controller])
  const upload = useCallback(() => controller.upload(), [controller])
  const retry = useCallback((fileId: string) => controller.retry(fileId), [controller])
  const remove = useCallback((fileId: string) => controller.remove(fileId), [controller])
  const cancelAll = useCallback(() => controller.cancelAll(), [controller])
  const dismissRejected = useCallback((id: string) => controller.dismissRejected(id), [controller])
  const clearRejected = useCallback(() => controller.clearRejected(), [controller])

  const pause = useCallback((fileId: string) => controller.pause(fileId), [controller])
  const resume = useCallback((fileId: string) => controller.resume(fileId), [controller])
  const pauseAll = useCallback(() => controller.pauseAll(), [controller])
  const resumeAll = useCallback(() => controller.resumeAll(), [controller])

  return {
    ...snapshot,
    ...rate,
    addFiles,
    upload,
    retry,
    remove,
    cancelAll,
    dismissRejected,
    clearRejected,
    pause,
    resume,
    pauseAll,
    resumeAll,
    controller,
  }
}
