import { MAX_CHECKED_KEYS } from '../../protocol/limits.js'
import type { GetObjectsRequest } from '../../protocol/messages.js'
import { MAX_KEY_BYTES, hasBidiControls } from '../object-key.js'
import { PresignErrorCode, PresignRejection, invalidRequest } from '../presign-error.js'
import { isValidKey } from './parse-fields.js'

/**
 * Checks the body of a `getObjects` request. Keys are only checked for shape here;
 * whether the caller may read each one is `authorize`'s decision, per key.
 */

/** Longer than any real Content-Disposition; bounds what is echoed into a signed URL. */
const MAX_DISPOSITION_LENGTH = 1024

function parseKeys(value: unknown, maxKeys: number): string[] {
  if (!Array.isArray(value)) throw invalidRequest('keys must be an array of object keys')
  if (value.length === 0) throw invalidRequest('keys must not be empty')
  if (value.length > maxKeys) {
    throw new PresignRejection(
      PresignErrorCode.TOO_MANY_KEYS,
      `At most ${maxKeys} keys can be signed per request, got ${value.length}`,
    )
  }
  const seen = new Set<string>()
  value.forEach((key: unknown, index) => {
    if (!isValidKey(key)) {
      throw invalidRequest(`keys[${index}] must be a non-empty key of at most ${MAX_KEY_BYTES} UTF-8 bytes`)
    }
    if (seen.has(key)) throw invalidRequest(`keys[${index}] repeats an earlier key`)
    seen.add(key)
  })
  return [...seen]
}

/**
 * The text a browser shows for the disposition's file name: its percent-escaped runs
 * (`filename*=UTF-8''%E2%80%AE…`) decoded as UTF-8. Runs that do not decode stay as they are.
 */
function decodedText(disposition: string): string {
  return disposition.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run)
    } catch {
      return run
    }
  })
}

// The store sends it back as a response header: printable ASCII only, so no CR/LF can split it.
function parseDisposition(value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !/^[\x20-\x7e]+$/.test(value) || value.length > MAX_DISPOSITION_LENGTH) {
    throw invalidRequest(
      `responseContentDisposition must be printable ASCII of at most ${MAX_DISPOSITION_LENGTH} characters` +
        ' (use filename*=UTF-8\'\'… for other names)',
    )
  }
  // `invoice‮fdp.exe` (U+202E) saves as an .exe that displays as `invoiceexe.pdf` (issue 12).
  if (hasBidiControls(decodedText(value))) {
    throw invalidRequest('responseContentDisposition must not contain bidirectional control characters in the file name')
  }
  return value
}

function parseCheck(value: unknown): boolean {
  if (value === undefined) return false
  if (typeof value !== 'boolean') throw invalidRequest('check must be a boolean')
  return value
}

export function parseGetObjects(body: Record<string, unknown>, maxKeys: number): GetObjectsRequest {
  const check = parseCheck(body.check)
  // Each checked key costs a request to the store: only the few whose image failed.
  const keys = parseKeys(body.keys, check ? Math.min(maxKeys, MAX_CHECKED_KEYS) : maxKeys)
  const disposition = parseDisposition(body.responseContentDisposition)
  const request: GetObjectsRequest = { operation: 'getObjects', keys }
  if (disposition !== undefined) request.responseContentDisposition = disposition
  if (check) request.check = true
  return request
}
