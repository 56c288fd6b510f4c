'use client'
/**
 * `react-presigned-s3/read`: the read side alone (pictures, video, audio, signed
 * links), for apps that show private objects and upload elsewhere. The same modules
 * as the main entry's, so one `<PresignProvider>` serves both; this entry only keeps
 * bundlers that cannot drop an unused dynamic import (esbuild's code splitting) from
 * pulling the uploader and Uppy in beside `<SignedImage>`.
 */
export { SignedImage } from './SignedImage.js'
export type { SignedImageErrorDetail, SignedImageProps } from './SignedImage.js'
export type { SignedImageStatus } from './use-signed-image.js'
export { SignedAudio, SignedVideo } from './SignedMedia.js'
export type { SignedAudioProps, SignedVideoProps } from './SignedMedia.js'
export { useSignedMedia } from './use-signed-media.js'
export type { SignedMediaState } from './use-signed-media.js'
export { useSignedUrl } from './use-signed-url.js'
export type { UseSignedUrlOptions, UseSignedUrlResult } from './use-signed-url.js'
export { PresignProvider } from './PresignProvider.js'
export type { PresignProviderProps } from './PresignProvider.js'
export type { ReadErrorKind } from '../core/read/read-error.js'
export type { SignedUrlStatus } from '../core/read/signed-url-cache.js'
export { EndpointError, isPresignedS3Error, PresignedS3Error, StorageError } from '../core/errors.js'
export type { EndpointOptions, HeadersSource } from '../core/endpoint/endpoint-client.js'
