export { createEndpointClient } from './endpoint-client.js'
export type { EndpointClient, EndpointOptions, HeadersSource } from './endpoint-client.js'
export {
  EndpointError,
  isPresignedS3Error,
  PresignedS3Error,
  StorageError,
} from './errors.js'
export type { EndpointErrorCode, PresignedS3ErrorCode, StorageErrorCode } from './errors.js'
export { PROTOCOL_VERSION } from './protocol.js'
export type {
  AbortMultipartUploadRequest,
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
} from './protocol.js'
export { Store } from './store.js'
export type { ReadableStore } from './store.js'
export { UploadController } from './upload-controller.js'
export type { UploadCallbacks, UploadControllerOptions } from './upload-controller.js'
export type { FileStatus, UploadedFile, UploadFile, UploadSnapshot, UploadStatus } from './upload-state.js'
export type { BatchItemError, BatchItemReply, BatchReply, BatchRequest } from './protocol.js'
export type { RetryOptions } from './retry.js'
export type { TransferOptions } from './transfer-setup.js'
export type { StorageRequest, StorageResponse, StorageTransport } from './storage-transport.js'
