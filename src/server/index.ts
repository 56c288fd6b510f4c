/** `react-presigned-s3/server`: the signing endpoint for the browser uploader. */
export { createPresignHandler } from './presign-handler.js'
export type { PresignHandler } from './presign-handler.js'
export type {
  AuthorizeFunction,
  AuthorizeResult,
  CannedAcl,
  GetObjectIntent,
  KeyPrefixFunction,
  PresignHandlerOptions,
  PresignIntent,
  UploadCompleteEvent,
  UploadCompleteFunction,
} from './options.js'
export type { PresignRoutes, RouteOptions, RouteServerData } from './routes.js'
export type { ObjectSettingsOptions } from './object-settings.js'
export type { ContentTypePattern } from './content-type.js'
export type { ChecksumAlgorithm } from '../protocol/messages.js'
export type { ReadOptions, ReadSigner, ReadSignInput } from './read-options.js'
export { cloudFrontReadSigner } from './cloudfront-signer.js'
export type { CloudFrontReadSignerOptions } from './cloudfront-signer.js'
export { PresignErrorCode } from '../protocol/error-codes.js'
export { toNodeHandler } from './node-adapter.js'
export type { FetchHandler, NodeAdapterOptions, NodeHandler } from './node-adapter.js'
export { createS3Client } from './s3-client.js'
export type { CreateS3ClientOptions } from './s3-client.js'
