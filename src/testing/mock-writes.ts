import { http, HttpResponse, type HttpHandler } from 'msw'
import { toHex } from '../core/hashing/digest-encoding.js'
import type { FileDescriptor, PresignRequest, SignedRequest } from '../protocol/messages.js'
import { signatureQuery, signingSecond, tokenOf, type UrlSigning } from './mock-signature.js'
import { withCors, type AllowedOrigins } from './cors.js'
import { s3Error } from './s3-error.js'
import { confirmStored, MockRefusal, type MockUploadComplete } from './mock-confirm.js'
import { checkBodyDigests, checkCompleteDigests, digestHeaders, md5Bytes as md5, type SignedDigests } from './mock-checksums.js'

export type { MockUploadComplete } from './mock-confirm.js'

/**
 * The write side of the mock bucket: it signs upload URLs (SigV4-shaped, so
 * the client computes expiry as it would for S3) and accepts what S3 accepts
 * with them: simple PUTs and multipart uploads, each checked for expiry, the
 * signed Content-Type and size, and Content-MD5 or x-amz-checksum-sha256 when sent.
 */

export interface StoredObject {
  key: string
  contentType: string
  body: Uint8Array
  /** As S3 gives it: `"<hex MD5>"` for a PUT, `"<hex MD5 of the parts' MD5s>-<parts>"` for multipart. */
  etag?: string
  /** `x-amz-checksum-sha256` as S3 keeps it: the body's for a PUT sent with one, the composite `<base64>-<parts>` for a SHA256 multipart upload. */
  checksumSha256?: string
}


/** An upload in parts that was created and neither completed nor aborted. */
export interface MockMultipartUpload {
  key: string
  contentType: string
  parts: Map<number, { body: Uint8Array; etag: string; checksumSha256?: string | undefined }>
  /** Created with `x-amz-checksum-algorithm: SHA256`: every part must carry its SHA-256. */
  checksumAlgorithm?: 'SHA256' | undefined
}

/** Which store call a fault applies to. */
export type MockCall =
  | 'sign'
  | 'putObject'
  | 'createMultipartUpload'
  | 'uploadPart'
  | 'listParts'
  | 'completeMultipartUpload'
  | 'abortMultipartUpload'

/** Return a response (e.g. `HttpResponse.error()` for a dropped connection) to inject a fault; `undefined` to go on. */
export type FaultInjector = (call: MockCall, request: Request) => Response | undefined | Promise<Response | undefined>

type Grant =
  | { kind: 'putObject'; key: string; file: FileDescriptor; expiresAt: number; digests: SignedDigests }
  | { kind: 'createMultipartUpload'; key: string; file: FileDescriptor; expiresAt: number; checksumAlgorithm?: 'SHA256' | undefined }
  | { kind: 'uploadPart'; key: string; uploadId: string; partNumber: number; expiresAt: number; digests: SignedDigests }
  | { kind: 'listParts'; key: string; uploadId: string; expiresAt: number; partNumberMarker?: number | undefined }
  | { kind: 'completeMultipartUpload'; key: string; uploadId: string; expiresAt: number; sha256?: string | undefined }
  | { kind: 'abortMultipartUpload'; key: string; uploadId: string; expiresAt: number }

/** `Omit` over each member of a union, so the members keep their own fields. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
type GrantInput = DistributiveOmit<Grant, 'expiresAt'>

interface WriteOptions {
  bucketUrl: string
  expiresIn: number
  objects: Map<string, StoredObject>
  fault: FaultInjector
  signing: UrlSigning
  allowedOrigins: AllowedOrigins
  onUploadComplete?: ((event: MockUploadComplete) => unknown) | undefined
}


const OCTET = 'application/octet-stream'
const MAX_PARTS_PER_PAGE = 1000

export function createWriteSide({ bucketUrl, expiresIn, objects, fault, signing, allowedOrigins, onUploadComplete }: WriteOptions) {
  const grants = new Map<string, Grant>()
  const uploads = new Map<string, MockMultipartUpload>()
  let counter = 0

  function grant(value: GrantInput, method: SignedRequest['method'], query: string, headers = {}) {
    counter += 1
    const token = `w${counter}`
    const signedAt = signingSecond(signing)
    const expiresAt = signedAt + expiresIn * 1000
    grants.set(token, { ...value, expiresAt } as Grant)
    const amz = signatureQuery(signing, signedAt, expiresIn, token)
    const url = `${bucketUrl}/${encodeURIComponent(value.key)}?${query ? `${query}&` : ''}${amz}`
    return { method, url, headers, expiresAt: new Date(expiresAt).toISOString() }
  }

  type WriteRequest = Exclude<PresignRequest, { operation: 'getObjects' }>
  type Signer<O extends WriteRequest['operation']> = (body: Extract<WriteRequest, { operation: O }>) => unknown
  const created = (body: Extract<WriteRequest, { file: unknown }>, method: 'PUT' | 'POST', query: string) => {
    const key = `uploads/${counter + 1}/${body.file.name}`
    if (body.operation === 'createMultipartUpload') {
      // Like the handler: SHA256 uploads sign the algorithm, and the store then wants it on every part.
      const checksumAlgorithm = body.checksumAlgorithm === 'sha256' ? 'SHA256' as const : undefined
      const headers = { 'content-type': body.file.type || OCTET, ...(checksumAlgorithm && { 'x-amz-checksum-algorithm': checksumAlgorithm }) }
      return { ...grant({ kind: body.operation, key, file: body.file, checksumAlgorithm }, method, query, headers), key }
    }
    // Like the handler, the digest is a signed header: S3 refuses a request without it or with other bytes.
    const digests = { md5: body.file.md5, sha256: body.file.sha256 }
    const headers = { 'content-type': body.file.type || OCTET, ...digestHeaders(digests) }
    return { ...grant({ kind: body.operation, key, file: body.file, digests }, method, query, headers), key }
  }
  // One entry per write operation, so a new operation in the protocol makes the compiler point here.
  const signers: { [O in WriteRequest['operation']]: Signer<O> } = {
    putObject: (body) => created(body, 'PUT', ''),
    createMultipartUpload: (body) => created(body, 'POST', 'uploads='),
    signParts: (body) => ({
      parts: body.partNumbers.map((partNumber, index) => {
        const digests = { md5: body.md5?.[index], sha256: body.sha256?.[index] }
        const query = `partNumber=${partNumber}&uploadId=${body.uploadId}`
        const { key, uploadId } = body
        return { partNumber, ...grant({ kind: 'uploadPart', key, uploadId, partNumber, digests }, 'PUT', query, digestHeaders(digests)) }
      }),
    }),
    listParts: (body) => {
      const { key, uploadId, partNumberMarker: marker } = body
      // The marker is part of the signed query, as with S3.
      const query = `${marker === undefined ? '' : `part-number-marker=${marker}&`}uploadId=${uploadId}`
      return grant({ kind: 'listParts', key, uploadId, partNumberMarker: marker }, 'GET', query)
    },
    completeMultipartUpload: (body) => {
      const { key, uploadId, sha256 } = body
      return grant({ kind: 'completeMultipartUpload', key, uploadId, sha256 }, 'POST', `uploadId=${uploadId}`, digestHeaders({ sha256 }))
    },
    abortMultipartUpload: ({ key, uploadId }) => grant({ kind: 'abortMultipartUpload', key, uploadId }, 'DELETE', `uploadId=${uploadId}`),
    confirmUpload: (body) => confirmStored(objects, body, onUploadComplete),
  }

  /** The reply to one signing request (never `getObjects` or `batch`), as status and body. */
  async function sign(body: WriteRequest): Promise<{ status: number; body: unknown }> {
    const signer = signers[body.operation] as Signer<WriteRequest['operation']>
    try {
      return { status: 200, body: await signer(body as never) }
    } catch (error) {
      if (!(error instanceof MockRefusal)) throw error
      return { status: error.status, body: { error: { code: error.code, message: error.code } } }
    }
  }


  /** The grant a request carries, or the S3 error it gets. */
  function check(request: Request, key: string, kind: Grant['kind']): Grant | Response {
    const found = grants.get(tokenOf(request.url))
    if (!found || found.kind !== kind || found.key !== key || !sameQuery(request, found)) return s3Error(403, 'SignatureDoesNotMatch')
    if (signing.now() > found.expiresAt) return s3Error(403, 'AccessDenied')
    return found
  }

  const handlers: HttpHandler[] = [
    http.put(`${bucketUrl}/:key`, withCors(allowedOrigins, async ({ request, params }) => {
      const key = decodeURIComponent(String(params.key))
      const isPart = new URL(request.url).searchParams.has('uploadId')
      const injected = await fault(isPart ? 'uploadPart' : 'putObject', request)
      if (injected) return injected
      const found = check(request, key, isPart ? 'uploadPart' : 'putObject')
      if (found instanceof Response) return found
      const body = new Uint8Array(await request.arrayBuffer())
      if (found.kind !== 'uploadPart' && found.kind !== 'putObject') return s3Error(403, 'SignatureDoesNotMatch')
      const digests = await checkBodyDigests(request, found.digests, body)
      if (digests instanceof Response) return digests
      const etag = `"${toHex(md5(body))}"`
      if (found.kind === 'uploadPart') return storePart(found, body, etag, digests.sha256)
      const type = request.headers.get('content-type') ?? ''
      if (body.byteLength !== found.file.size || type !== (found.file.type || OCTET)) return s3Error(403, 'SignatureDoesNotMatch')
      objects.set(key, { key, contentType: type, body, etag, ...(digests.sha256 && { checksumSha256: digests.sha256 }) })
      return new HttpResponse(null, { status: 200, headers: { etag } })
    })),
    http.post(`${bucketUrl}/:key`, withCors(allowedOrigins, async ({ request, params }) => {
      const key = decodeURIComponent(String(params.key))
      const creating = new URL(request.url).searchParams.has('uploads')
      const injected = await fault(creating ? 'createMultipartUpload' : 'completeMultipartUpload', request)
      if (injected) return injected
      const found = check(request, key, creating ? 'createMultipartUpload' : 'completeMultipartUpload')
      if (found instanceof Response) return found
      if (found.kind === 'createMultipartUpload') {
        if (found.checksumAlgorithm && request.headers.get('x-amz-checksum-algorithm') !== found.checksumAlgorithm) return s3Error(403, 'SignatureDoesNotMatch')
        return create(key, found.file, found.checksumAlgorithm)
      }
      if (found.kind !== 'completeMultipartUpload') return s3Error(403, 'SignatureDoesNotMatch')
      return complete(request, found, await request.text())
    })),
    http.get(`${bucketUrl}/:key`, withCors(allowedOrigins, async ({ request, params }) => {
      const uploadId = new URL(request.url).searchParams.get('uploadId')
      if (uploadId === null) return undefined // a read: the read side answers it
      const injected = await fault('listParts', request)
      if (injected) return injected
      const found = check(request, decodeURIComponent(String(params.key)), 'listParts')
      if (found instanceof Response) return found
      return listParts(uploadId, 'partNumberMarker' in found ? found.partNumberMarker ?? 0 : 0)
    })),
    http.delete(`${bucketUrl}/:key`, withCors(allowedOrigins, async ({ request, params }) => {
      const injected = await fault('abortMultipartUpload', request)
      if (injected) return injected
      const found = check(request, decodeURIComponent(String(params.key)), 'abortMultipartUpload')
      if (found instanceof Response) return found
      if (found.kind !== 'abortMultipartUpload' || !uploads.delete(found.uploadId)) return s3Error(404, 'NoSuchUpload')
      return new HttpResponse(null, { status: 204 })
    })),
  ]

  function storePart(found: Extract<Grant, { kind: 'uploadPart' }>, body: Uint8Array, etag: string, checksumSha256: string | undefined): Response {
    const upload = uploads.get(found.uploadId)
    if (!upload) return s3Error(404, 'NoSuchUpload')
    // AWS: "Checksum Type mismatch occurred, expected checksum Type: sha256, actual checksum Type: null".
    if (upload.checksumAlgorithm === 'SHA256' && checksumSha256 === undefined) return s3Error(400, 'InvalidRequest')
    upload.parts.set(found.partNumber, { body, etag, checksumSha256 })
    return new HttpResponse(null, { status: 200, headers: { etag } })
  }

  function create(key: string, file: FileDescriptor, checksumAlgorithm: 'SHA256' | undefined): Response {
    const uploadId = `mpu-${uploads.size + 1}-${counter}`
    uploads.set(uploadId, { key, contentType: file.type || OCTET, parts: new Map(), checksumAlgorithm })
    return xml(`<InitiateMultipartUploadResult><Key>${escapeXml(key)}</Key><UploadId>${uploadId}</UploadId></InitiateMultipartUploadResult>`)
  }

  /** Pages of at most 1000 parts after `marker`, as S3's default `max-parts`. */
  function listParts(uploadId: string, marker: number): Response {
    const upload = uploads.get(uploadId)
    if (!upload) return s3Error(404, 'NoSuchUpload')
    const after = [...upload.parts.entries()].filter(([n]) => n > marker).sort(([a], [b]) => a - b)
    const page = after.slice(0, MAX_PARTS_PER_PAGE)
    const parts = page.map(([n, part]) => {
      const checksum = part.checksumSha256 === undefined ? '' : `<ChecksumSHA256>${part.checksumSha256}</ChecksumSHA256>`
      return `<Part><PartNumber>${n}</PartNumber><ETag>${escapeXml(part.etag)}</ETag>${checksum}<Size>${part.body.byteLength}</Size></Part>`
    })
    const truncated = after.length > page.length
    const next = truncated ? `<NextPartNumberMarker>${page.at(-1)![0]}</NextPartNumberMarker>` : ''
    return xml(`<ListPartsResult><UploadId>${uploadId}</UploadId><PartNumberMarker>${marker}</PartNumberMarker>${next}<IsTruncated>${truncated}</IsTruncated>${parts.join('')}</ListPartsResult>`)
  }

  async function complete(request: Request, found: Extract<Grant, { kind: 'completeMultipartUpload' }>, requestXml: string): Promise<Response> {
    const { uploadId } = found
    const upload = uploads.get(uploadId)
    if (!upload) return s3Error(404, 'NoSuchUpload')
    const listed = [...requestXml.matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map(([, part]) => ({
      n: /<PartNumber>(\d+)<\/PartNumber>/.exec(part!)?.[1],
      etag: /<ETag>([^<]*)<\/ETag>/.exec(part!)?.[1],
      sha256: /<ChecksumSHA256>([^<]*)<\/ChecksumSHA256>/.exec(part!)?.[1],
    }))
    const chosen = listed.map(({ n, etag, sha256 }) => ({ part: upload.parts.get(Number(n)), etag: unescapeXml(etag ?? ''), sha256 }))
    if (chosen.length === 0 || chosen.some(({ part, etag }) => !part || part.etag !== etag)) return s3Error(400, 'InvalidPart')
    const checked = upload.checksumAlgorithm !== 'SHA256'
      ? { composite: undefined }
      : await checkCompleteDigests(request, found.sha256, chosen.map(({ part, sha256 }) => ({ stored: part!.checksumSha256, listed: sha256 })))
    if (checked instanceof Response) return checked
    const body = concat(chosen.map(({ part }) => part!.body))
    // S3's multipart ETag: the MD5 of the parts' binary MD5s, and the part count.
    const partDigests = concat(chosen.map(({ part }) => hexBytes(part!.etag.replace(/"/g, ''))))
    const etag = `"${toHex(md5(partDigests))}-${chosen.length}"`
    objects.set(upload.key, { key: upload.key, contentType: upload.contentType, body, etag, ...(checked.composite && { checksumSha256: checked.composite }) })
    uploads.delete(uploadId)
    return xml(`<CompleteMultipartUploadResult><Key>${escapeXml(upload.key)}</Key><ETag>${escapeXml(etag)}</ETag></CompleteMultipartUploadResult>`)
  }

  return { sign, handlers, uploads }
}

/** The signature covers the query: a URL edited to another upload or part no longer matches. */
function sameQuery(request: Request, found: Grant): boolean {
  const query = new URL(request.url).searchParams
  if ('uploadId' in found && query.get('uploadId') !== found.uploadId) return false
  if ('partNumber' in found && query.get('partNumber') !== String(found.partNumber)) return false
  if (found.kind === 'listParts' && query.get('part-number-marker') !== (found.partNumberMarker?.toString() ?? null)) return false
  return true
}

function xml(text: string): Response {
  return new HttpResponse(`<?xml version="1.0" encoding="UTF-8"?>${text}`, { status: 200, headers: { 'content-type': 'application/xml' } })
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function unescapeXml(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
}

function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16))
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, chunk) => n + chunk.byteLength, 0))
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}
