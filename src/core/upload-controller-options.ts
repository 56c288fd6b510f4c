import type { EndpointOptions } from './endpoint/endpoint-client.js'
import type { PresignedS3Error } from './errors.js'
import type { RestrictionError, Restrictions } from './restrictions.js'
import type { TransferOptions } from './transfer/create-transfer-plugin.js'
import type { PersistOptions } from './transfer/persisted-queue/options.js'
import type { UploadedFile, UploadFile } from './upload-state.js'

export interface UploadCallbacks {
  /** Called when a batch ends, with the files of it that landed in the store. */
  onUploadComplete?: (files: UploadedFile[]) => void
  /** Called once per failed file, with a typed error. */
  onError?: (error: PresignedS3Error, file: UploadFile | undefined) => void
  /** Called once per file that a restriction kept out, before any request. */
  onRestrictionFailed?: (error: RestrictionError) => void
}

export interface UploadControllerOptions
  extends Omit<EndpointOptions, 'endpoint'>,
    UploadCallbacks,
    TransferOptions,
    PersistOptions {
  /** URL of the host app's signing endpoint, e.g. `/api/s3`. Required unless `companionEndpoint` is given. */
  endpoint?: string
  /** Start uploading as soon as files are added. Default `true`. */
  autoUpload?: boolean
  /** Limits checked before any request (size, count, total, types). The server keeps its own. */
  restrictions?: Restrictions
  /**
   * URL of an Uppy Companion server: sign through its `/s3/*` routes with `@uppy/aws-s3`
   * instead of `endpoint` (`headers` and `credentials` do not apply; Companion decides keys
   * and limits; our transport features such as parallel parts and Content-MD5 do not apply).
   */
  companionEndpoint?: string
}
