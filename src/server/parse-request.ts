import { mediaTypeEssence } from './content-type.js'
import { takeRequestBody } from './known-bodies.js'
import { PresignErrorCode, PresignRejection } from './presign-error.js'

/**
 * Turns an HTTP request into its JSON body, or throws a PresignRejection. The body's
 * shape is each operation's own `parse` (operations/).
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
