'use client'
export { S3Uploader } from './S3Uploader.js'
export type { S3UploaderProps } from './S3Uploader.js'
export type { PrefetchMode } from './use-prefetch.js'
export { createUploader } from './create-uploader.js'
export type { RouteUploaderProps } from './create-uploader.js'
export type { RouteNameOf, RoutesOf, ServerDataOf } from '../core/typed-routes.js'
export { useS3Upload } from './use-s3-upload.js'
export type { UseS3UploadOptions, UseS3UploadResult } from './use-s3-upload.js'
export { useDropZone } from './use-drop-zone.js'
export type {
  DropZoneButtonProps,
  DropZoneInputProps,
  DropZoneRootProps,
  UseDropZoneOptions,
  UseDropZoneResult,
} from './use-drop-zone.js'
export { ProgressBar } from './ProgressBar.js'
export type { ProgressBarProps } from './ProgressBar.js'
export { formatBytes, formatBytesPerSecond } from '../protocol/format-bytes.js'
export {
  EndpointError,
  describeError,
  isPresignedS3Error,
  PresignedS3Error,
  StorageError,
} from '../core/errors.js'
export type { EndpointErrorCode, PresignedS3ErrorCode, StorageErrorCode } from '../core/errors.js'
export { retryHelps } from '../core/retry-helps.js'
export type { EndpointOptions, HeadersSource } from '../core/endpoint/endpoint-client.js'
export type { UploadCallbacks, UploadControllerOptions } from '../core/upload-controller.js'
export type { FileStatus, UploadedFile, UploadFile, UploadSnapshot, UploadStatus } from '../core/upload-state.js'
export { SignedImage } from './SignedImage.js'
export type { SignedImageErrorDetail, SignedImageProps } from './SignedImage.js'
export { SignedAudio, SignedVideo } from './SignedMedia.js'
export type { SignedAudioProps, SignedVideoProps } from './SignedMedia.js'
export { useSignedMedia } from './use-signed-media.js'
export type { SignedMediaState } from './use-signed-media.js'
export type { ReadErrorKind } from '../core/read/read-error.js'
export type { SignedImageStatus } from './use-signed-image.js'
export { useSignedUrl } from './use-signed-url.js'
export type { UseSignedUrlOptions, UseSignedUrlResult } from './use-signed-url.js'
export { PresignProvider } from './PresignProvider.js'
export type { PresignProviderProps } from './PresignProvider.js'
export type { SignedUrlStatus } from '../core/read/signed-url-cache.js'
export { defaultLocale } from './locale.js'
export type { PluralMessage, UploaderLocale, UploaderLocaleOverrides } from './locale.js'
export type { UploaderClassNames, UploaderPart } from './class-names.js'
export type { TransferRate } from '../core/transfer-rate.js'
export { isRestrictionError, RestrictionCode, RestrictionError } from '../core/restrictions.js'
export type { RefusedFile, Restrictions } from '../core/restrictions.js'
export type { RejectedFile } from '../core/rejections.js'
export type { RetryOptions } from '../core/transfer/retry.js'
export type { TransferOptions } from '../core/transfer/create-transfer-plugin.js'
export type { NetworkWatch } from '../core/transfer/network-watch.js'
export type { PersistOptions, RepickFile } from '../core/transfer/persisted-queue/options.js'
