export { createEndpointClient } from './endpoint/endpoint-client.js'
export type { EndpointClient, EndpointOptions, EndpointReply, HeadersSource } from './endpoint/endpoint-client.js'
export {
  EndpointError,
  describeError,
  isPresignedS3Error,
  PresignedS3Error,
  StorageError,
} from './errors.js'
export type { EndpointErrorCode, PresignedS3ErrorCode, StorageErrorCode } from './errors.js'
export { retryHelps } from './retry-helps.js'
export { PROTOCOL_VERSION } from '../protocol/messages.js'
export type {
  AbortMultipartUploadRequest,
  ChecksumAlgorithm,
  CompleteMultipartUploadRequest,
  CreateMultipartUploadReply,
  CreateMultipartUploadRequest,
  ErrorReply,
  FileDescriptor,
  HttpMethod,
  ListPartsRequest,
  MultipartCallReply,
  PresignOperation,
  PresignReplies,
  PresignRequest,
  PutObjectReply,
  PutObjectRequest,
  SignedRequest,
  SignPartsReply,
  SignPartsRequest,
} from '../protocol/messages.js'
export { Store } from './store.js'
export type { ReadableStore } from './store.js'
export { UploadController } from './upload-controller.js'
export type { UploadCallbacks, UploadControllerOptions } from './upload-controller.js'
export type { FileStatus, UploadedFile, UploadFile, UploadSnapshot, UploadStatus } from './upload-state.js'
export { SignedUrlCache } from './read/signed-url-cache.js'
export type { SignedUrlCacheOptions, SignedUrlSnapshot, SignedUrlStatus } from './read/signed-url-cache.js'
export type { Clock, TimerHandle, Visibility } from './clock.js'
export type { GetObjectsReply, GetObjectsRequest, RefusedObjectUrl, SignedObjectUrl } from '../protocol/messages.js'
export { acceptFromRestrictions, isRestrictionError, RestrictionCode, RestrictionError } from './restrictions.js'
export type { RefusedFile, Restrictions } from './restrictions.js'
export type { RejectedFile } from './rejections.js'
export { formatBytes, formatBytesPerSecond } from '../protocol/format-bytes.js'
export type { BatchItemError, BatchItemReply, BatchReply, BatchRequest } from '../protocol/messages.js'
export type { RetryOptions } from './transfer/retry.js'
export type { TransferOptions } from './transfer/create-transfer-plugin.js'
export type { StorageRequest, StorageResponse, StorageTransport } from './transfer/storage-transport.js'
export { createMd5Hasher } from './hashing/md5-hasher.js'
export { createChecksumHasher } from './hashing/checksum-hashers.js'
export type { Md5Hasher, Md5HasherOptions, SliceOf } from './hashing/md5-hasher.js'
export { browserNetwork } from './transfer/network-watch.js'
export type { NetworkWatch } from './transfer/network-watch.js'
export type { PersistOptions, RepickFile } from './transfer/persisted-queue/options.js'
