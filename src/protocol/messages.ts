/**
 * The JSON protocol between the browser and the host app's signing endpoint.
 * One POST endpoint, `Content-Type: application/json`, one operation per body.
 * docs/protocol.md describes it for implementers in other languages; keep both in step.
 */

export const PROTOCOL_VERSION = 1

/**
 * The digest the browser computes of each body, for the server to sign into its URL. `md5`
 * (`Content-MD5`) is verified by every S3-compatible store; `sha256` (`x-amz-checksum-sha256`,
 * and a composite checksum on completion) only by stores with S3's additional checksums
 * (AWS S3; not Ceph RGW 16). Client and server are configured with the same one
 * (`checksumAlgorithm`); a request's digests are named by their field (`md5`, `sha256`).
 */
export type ChecksumAlgorithm = 'md5' | 'sha256'

/** A body's digest, base64 of its bytes, under the name of its algorithm: one field, never two. */
export type BodyDigest = { [A in ChecksumAlgorithm]?: string }

/** One digest per part, in the order of `partNumbers`, under the name of its algorithm. */
export type PartDigests = { [A in ChecksumAlgorithm]?: string[] }

/** What the browser says about a file it wants to upload. The server decides the key. */
export interface FileDescriptor extends BodyDigest {
  name: string
  /** Size in bytes; signed into the URL, so the store rejects a body of another size. */
  size: number
  /** MIME type; signed into the URL, so the store rejects another Content-Type. */
  type: string
  /**
   * `putObject` only: the body's MD5, base64 of the 16-byte digest (as in `Content-MD5`).
   * Signed into the URL, so the store refuses any other body and a client cannot drop it.
   */
  md5?: string
  /** `putObject` only, instead of `md5` on a `sha256` server: base64 of the 32-byte SHA-256, signed as `x-amz-checksum-sha256`. */
  sha256?: string
}

/**
 * Every operation may name the handler's upload route (`routes.avatar`) whose rules apply;
 * without one the handler's own options do. An unknown route is 400 UNKNOWN_ROUTE.
 */
export interface Routed {
  route?: string
}

export interface PutObjectRequest extends Routed {
  operation: 'putObject'
  file: FileDescriptor
}

export interface CreateMultipartUploadRequest extends Routed {
  operation: 'createMultipartUpload'
  file: FileDescriptor
  /**
   * Bytes per part (the last part holds the rest), 5 MiB to 5 GiB. When given, the
   * server signs each part's exact length into its URL and refuses parts past the
   * end of the file, so the declared size holds for multipart uploads too.
   */
  partSize?: number
  /**
   * The algorithm the parts will be hashed with. `sha256` has the server sign
   * `x-amz-checksum-algorithm: SHA256` into the create URL: the store then requires a
   * matching `x-amz-checksum-sha256` on every part and checks the parts' digests on
   * completion. Omitted by clients that hash with `md5` (or not at all).
   */
  checksumAlgorithm?: ChecksumAlgorithm
}

interface MultipartRef extends Routed {
  /** The key the server chose in `createMultipartUpload`. */
  key: string
  uploadId: string
}

export interface SignPartsRequest extends MultipartRef, PartDigests {
  operation: 'signParts'
  /** 1-based part numbers, signed in one round trip. */
  partNumbers: number[]
  /**
   * Each part's MD5 (base64, as in `Content-MD5`), in the order of `partNumbers`.
   * Each is signed into its part's URL, so the store refuses any other bytes for it.
   */
  md5?: string[]
  /** The same with SHA-256 (base64 of 32 bytes), signed as `x-amz-checksum-sha256`, on a `sha256` server. */
  sha256?: string[]
}

export interface ListPartsRequest extends MultipartRef {
  operation: 'listParts'
  /**
   * Lists the parts after this part number (S3's `part-number-marker`, signed into the URL):
   * a ListParts answer holds at most 1000 parts, and one with `<IsTruncated>true` names
   * the marker of the next page in `<NextPartNumberMarker>`.
   */
  partNumberMarker?: number
}

export interface CompleteMultipartUploadRequest extends MultipartRef {
  operation: 'completeMultipartUpload'
  /**
   * `sha256` uploads: the object's composite checksum, `<base64 SHA-256 of the parts' binary
   * SHA-256s, in part order>-<part count>`, signed as `x-amz-checksum-sha256`: the store
   * refuses to complete from any other parts. The Complete body names each part's
   * `<ChecksumSHA256>` too (the store requires it).
   */
  sha256?: string
}

export interface AbortMultipartUploadRequest extends MultipartRef {
  operation: 'abortMultipartUpload'
}

/**
 * After the bytes landed (a PUT, or a completed multipart upload): the server looks at
 * the object itself (HeadObject), refuses (and deletes) one that is not what was
 * allowed and hashed, and tells the host app, whose answer comes back as `serverData`.
 * Idempotent: a retried confirm checks again and calls the host again with the same
 * `idempotencyKey` (see docs/protocol.md).
 */
export interface ConfirmUploadRequest extends Routed {
  operation: 'confirmUpload'
  /** The key the server chose in `putObject` or `createMultipartUpload`. */
  key: string
  /** The file's size in bytes, as declared when signing. */
  size: number
  /**
   * The ETag the client's own hashes predict: `"<hex MD5>"` for one PUT,
   * `"<hex MD5 of the parts' binary MD5s>-<part count>"` for multipart.
   */
  etag?: string
  /**
   * `sha256` uploads: the object's SHA-256 as the client hashed it, base64 for one PUT, the
   * composite `<base64>-<part count>` for multipart. The server holds the object to it
   * (HeadObject with checksum mode on): a store that kept no SHA-256 verified none.
   */
  sha256?: string
}

export interface ConfirmUploadReply {
  key: string
  /** As the store has it. */
  size: number
  type: string
  etag: string
  /** What the host's `onUploadComplete` returned (any JSON), when it returned something. */
  serverData?: unknown
}

export type PresignRequest =
  | PutObjectRequest
  | CreateMultipartUploadRequest
  | SignPartsRequest
  | ListPartsRequest
  | CompleteMultipartUploadRequest
  | AbortMultipartUploadRequest
  | GetObjectsRequest
  | ConfirmUploadRequest

export type PresignOperation = PresignRequest['operation']

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE'

/** One request the browser may send to the store, exactly as signed. */
export interface SignedRequest {
  method: HttpMethod
  url: string
  /** Headers that were signed and must be sent as they are (e.g. `content-type`). */
  headers: Record<string, string>
  /** ISO 8601 time after which the store refuses the URL. */
  expiresAt: string
}

export interface PutObjectReply extends SignedRequest {
  /** The key the object will be stored under. */
  key: string
}

export interface CreateMultipartUploadReply extends SignedRequest {
  key: string
}

export interface SignPartsReply {
  parts: Array<SignedRequest & { partNumber: number }>
}

export type MultipartCallReply = SignedRequest

export interface PresignReplies {
  putObject: PutObjectReply
  createMultipartUpload: CreateMultipartUploadReply
  signParts: SignPartsReply
  listParts: MultipartCallReply
  completeMultipartUpload: MultipartCallReply
  abortMultipartUpload: MultipartCallReply
  getObjects: GetObjectsReply
  confirmUpload: ConfirmUploadReply
}

/** Every non-2xx answer from the endpoint has this body. */
export interface ErrorReply {
  error: {
    /** Stable, machine-readable code, e.g. `FILE_TOO_LARGE`. */
    code: string
    /** Human-readable explanation, safe to show to the user. */
    message: string
  }
}

/**
 * Signs GET URLs for several existing objects in one round trip (for `<SignedImage>`).
 * The server decides per key whether the caller may read it.
 */
export interface GetObjectsRequest extends Routed {
  operation: 'getObjects'
  /** Object keys, at least one, unique, at most the server's cap (default 500). */
  keys: string[]
  /** Signed as `response-content-disposition`, e.g. `attachment; filename="a.pdf"`, for downloads. */
  responseContentDisposition?: string
  /**
   * Asks the endpoint to try each URL it signs against the store (a one-byte GET) and to
   * answer OBJECT_NOT_FOUND, STORE_FORBIDDEN, STORE_URL_EXPIRED or STORE_UNREACHABLE for a
   * key that fails. Only for keys whose image already failed to load: at most 10 keys.
   */
  check?: boolean
}

/** A GET URL for one key. The browser sends no extra headers. */
export interface SignedObjectUrl {
  key: string
  url: string
  /** ISO 8601 time after which the store refuses the URL. */
  expiresAt: string
  /**
   * Whole seconds the URL had left when the reply was made. Sent when the URL does not
   * start now (a signing time rounded to a window, so it is the same URL for a while)
   * or is not SigV4 (a CDN's signed URL): the client cannot read its life from the URL.
   */
  expiresIn?: number
}

/** One key the server would not sign; the other keys of the request are unaffected. */
export interface RefusedObjectUrl {
  key: string
  error: ErrorReply['error']
}

export interface GetObjectsReply {
  /** One entry per requested key, in the order asked. */
  objects: Array<SignedObjectUrl | RefusedObjectUrl>
}

/**
 * Several operations in one HTTP request, answered in order, each on its own:
 * one item's refusal does not fail the others. A server that does not know
 * `batch` answers 400 UNKNOWN_OPERATION, and clients then send items one by one.
 */
export interface BatchRequest {
  operation: 'batch'
  /** At most 100 by default (`maxBatchSize` on the server); no nested batches. */
  requests: PresignRequest[]
}

/** One item's refusal inside a batch reply: the error body plus the status it would have had alone. */
export interface BatchItemError extends ErrorReply {
  status: number
}

export type BatchItemReply = PresignReplies[PresignOperation] | BatchItemError

export interface BatchReply {
  replies: BatchItemReply[]
}
