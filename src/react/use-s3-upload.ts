import { UploadController, type UploadControllerOptions } from '../core/upload-controller.js'
import type { UploadSnapshot } from '../core/upload-state.js'
import type { TransferRate } from '../core/transfer-rate.js'
import { useUploadSession, type UploadActions } from './use-upload-session.js'

/** `endpoint`, `headers`, `credentials` and `fetch` default to the nearest `<PresignProvider>`'s. */
export type UseS3UploadOptions = UploadControllerOptions

export interface UseS3UploadResult extends UploadSnapshot, TransferRate, UploadActions {
  /** The framework-free controller underneath, for interop (its `uppy` works with `@uppy/react`). */
  controller: UploadController
}

const createController = (options: UploadControllerOptions) => new UploadController(options)

/**
 * Headless upload state and actions. One controller (and so one Uppy) per
 * component, kept across StrictMode's double mount and destroyed on unmount.
 * Progress reaches React at most ~10 times a second (the controller throttles).
 * The endpoint options come from the props, else from `<PresignProvider>`, and
 * are read at each request: a changed `endpoint` or `credentials` applies next time.
 * Uppy loads with the hook (`controller.uppy` is there at once); `<S3Uploader>` instead
 * loads it with the first file.
 */
export function useS3Upload(ownOptions: UseS3UploadOptions = {}): UseS3UploadResult {
  return useUploadSession(ownOptions, createController)
}
