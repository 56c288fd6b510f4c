'use client'
export { S3Uploader } from './S3Uploader.js'
export type { S3UploaderProps } from './S3Uploader.js'
export { useS3Upload } from './use-s3-upload.js'
export type { UseS3UploadOptions, UseS3UploadResult } from './use-s3-upload.js'
export { ProgressBar } from './ProgressBar.js'
export type { ProgressBarProps } from './ProgressBar.js'
export { formatBytes } from './format-bytes.js'
export {
  EndpointError,
  isPresignedS3Error,
  PresignedS3Error,
  StorageError,
} from '../core/errors.js'
export type { EndpointErrorCode, PresignedS3ErrorCode, StorageErrorCode } from '../core/errors.js'
export type { EndpointOptions, HeadersSource } from '../core/endpoint-client.js'
export type { UploadCallbacks, UploadControllerOptions } from '../core/upload-controller.js'
export type { FileStatus, UploadedFile, UploadFile, UploadSnapshot, UploadStatus } from '../core/upload-state.js'
export type { RetryOptions } from '../core/retry.js'
export type { TransferOptions } from '../core/transfer-setup.js'
