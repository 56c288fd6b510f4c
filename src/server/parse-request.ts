import type { FileDescriptor, PresignOperation, PresignRequest } from '../protocol/messages.js'
import { DEFAULT_CONTENT_TYPE, isValidMediaType, mediaTypeEssence } from './content-type.js'
import {
  MAX_KEY_BYTES,
  MAX_RAW_NAME_LENGTH,
  fileNameProblem,
  hasControlCharacters,
  isWellFormed,
  utf8ByteLength,
} from './object-key.js'
import { S3_MAX_PART_NUMBER } from '../protocol/index.js'
import { takeRequestBody } from './known-bodies.js'
import { parsePartSize } from './part-layout.js'
import { PresignErrorCode, PresignRejection, invalidRequest } from './presign-error.js'
import { DEFAULT_MAX_KEYS_PER_REQUEST, parseGetObjects } from './parse-get-objects.js'

/**
 * Turns an HTTP request into a checked `PresignRequest`, or throws a PresignRejection.
 * Unknown extra fields are ignored, so newer clients can talk to older servers.
 */

// A cross-site <form> can only send urlencoded, multipart or text/plain bodies without a
// CORS preflight; insisting on application/json is what keeps this endpoint safe from CSRF.
export function checkMethodAndContentType(request: Request): void {
  if (request.method !== 'POST') {
    throw new PresignRejection(PresignErrorCode.METHOD_NOT_ALLOWED, 'Only POST is allowed')
  }
  const contentType = request.headers.get('content-type')
  if (contentType === null || mediaTypeEssence(contentType) !== 'application/json') {
    throw new PresignRejection(PresignErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Send the request body as application/json')
  }
}

function tooLarge(maxBytes: number): PresignRejection {
  return new PresignRejection(PresignErrorCode.REQUEST_TOO_LARGE, `The request body is larger than ${maxBytes} bytes`)
}

/** Reads at most `maxBytes` (+ the chunk that crosses it), never the whole of a huge body. */
async function readLimited(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Uint8Array> {
  if (body === null) return new Uint8Array(0)
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      // Not awaited: some sources only settle a cancel after the client goes away.
      reader.cancel().catch(() => {})
      throw tooLarge(maxBytes)
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? 0)
  if (declared > maxBytes) throw tooLarge(maxBytes)
  // The Node adapter already holds the bytes (at most maxBytes + 1 of them); see known-bodies.ts.
  const bytes = takeRequestBody(request) ?? await readLimited(request.body, maxBytes)
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes)
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new PresignRejection(PresignErrorCode.INVALID_JSON, 'The request body is not valid UTF-8')
  }
  if (text.trim() === '') throw new PresignRejection(PresignErrorCode.INVALID_JSON, 'The request body is empty')
  try {
    return JSON.parse(text)
  } catch {
    throw new PresignRejection(PresignErrorCode.INVALID_JSON, 'The request body is not valid JSON')
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function parseFile(value: unknown): FileDescriptor {
  if (!isRecord(value)) throw invalidRequest('file must be an object with name, size and type')
  const { name, size, type } = value
  if (typeof name !== 'string') throw invalidRequest('file.name must be a string')
  if (name.length > MAX_RAW_NAME_LENGTH) {
    throw new PresignRejection(
      PresignErrorCode.INVALID_FILE_NAME,
      `The file name is longer than ${MAX_RAW_NAME_LENGTH} characters`,
    )
  }
  const problem = fileNameProblem(name)
  if (problem !== undefined) throw new PresignRejection(PresignErrorCode.INVALID_FILE_NAME, problem)
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw invalidRequest('file.size must be a non-negative integer (bytes)')
  }
  if (typeof type !== 'string') throw invalidRequest('file.type must be a string')
  if (type !== '' && !isValidMediaType(type)) {
    throw invalidRequest('file.type must be a MIME type such as "image/png", or empty')
  }
  // Browsers give '' for unknown types; the store would otherwise pick its own default.
  return { name, size, type: type === '' ? DEFAULT_CONTENT_TYPE : type }
}

function parseMultipartRef(body: Record<string, unknown>): { key: string; uploadId: string } {
  const { key, uploadId } = body
  if (
    typeof key !== 'string' || key === '' || utf8ByteLength(key) > MAX_KEY_BYTES ||
    !isWellFormed(key) || hasControlCharacters(key)
  ) {
    throw invalidRequest('key must be the key returned by createMultipartUpload')
  }
  // Upload ids are opaque, URL-safe tokens on every store seen; anything else is not one.
  if (typeof uploadId !== 'string' || !/^[\x21-\x7e]{1,1024}$/.test(uploadId)) {
    throw invalidRequest('uploadId must be a non-empty string of at most 1024 visible ASCII characters')
  }
  return { key, uploadId }
}

function parsePartNumbers(value: unknown, maxCount: number): number[] {
  if (!Array.isArray(value)) {
    throw invalidRequest(`partNumbers must be an array of integers from 1 to ${S3_MAX_PART_NUMBER}`)
  }
  if (value.length === 0) throw invalidRequest('partNumbers must not be empty')
  if (value.length > maxCount) {
    throw new PresignRejection(
      PresignErrorCode.TOO_MANY_PARTS,
      `At most ${maxCount} part numbers can be signed per request, got ${value.length}`,
    )
  }
  const seen = new Set<number>()
  value.forEach((partNumber: unknown, index) => {
    const inRange = typeof partNumber === 'number' && Number.isInteger(partNumber) &&
      partNumber >= 1 && partNumber <= S3_MAX_PART_NUMBER
    if (!inRange) {
      throw invalidRequest(`partNumbers[${index}] must be an integer from 1 to ${S3_MAX_PART_NUMBER}`)
    }
    if (seen.has(partNumber)) throw invalidRequest(`partNumbers[${index}] repeats part number ${partNumber}`)
    seen.add(partNumber)
  })
  return [...seen]
}

const OPERATIONS: ReadonlySet<string> = new Set<PresignOperation>([
  'putObject',
  'createMultipartUpload',
  'signParts',
  'listParts',
  'completeMultipartUpload',
  'abortMultipartUpload',
  'getObjects',
])

function isOperation(value: string): value is PresignOperation {
  return OPERATIONS.has(value)
}

export function parsePresignRequest(
  body: unknown,
  maxPartNumbers: number,
  maxKeys: number = DEFAULT_MAX_KEYS_PER_REQUEST,
): PresignRequest {
  if (!isRecord(body)) throw invalidRequest('The request body must be a JSON object')
  const { operation } = body
  if (typeof operation !== 'string') throw invalidRequest('operation must be a string')
  if (!isOperation(operation)) {
    // Echoed back JSON-quoted and cut short: it is untrusted input.
    const shown = JSON.stringify(operation.slice(0, 64))
    throw new PresignRejection(PresignErrorCode.UNKNOWN_OPERATION, `Unknown operation ${shown}`)
  }
  switch (operation) {
    case 'putObject':
      return { operation, file: parseFile(body.file) }
    case 'createMultipartUpload':
      return { operation, file: parseFile(body.file), ...parsePartSize(body.partSize) }
    case 'signParts':
      return {
        operation,
        ...parseMultipartRef(body),
        partNumbers: parsePartNumbers(body.partNumbers, maxPartNumbers),
      }
    case 'listParts':
    case 'completeMultipartUpload':
    case 'abortMultipartUpload':
      return { operation, ...parseMultipartRef(body) }
    case 'getObjects':
      return parseGetObjects(body, maxKeys)
  }
}
