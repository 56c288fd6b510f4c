import { PresignErrorCode } from '../presign-error.js'

/**
 * For `getObjects` with `check`: tries a URL the endpoint has just signed against the
 * store with a one-byte GET, and says why the store would not serve it. The browser
 * cannot tell: Chromium's ORB hides the store's error body from an `<img>`. Only keys
 * whose image already failed come here, never the happy path.
 */

const PROBE_TIMEOUT_MS = 5000

type ProbeFailure =
  | typeof PresignErrorCode.OBJECT_NOT_FOUND
  | typeof PresignErrorCode.STORE_FORBIDDEN
  | typeof PresignErrorCode.STORE_URL_EXPIRED
  | typeof PresignErrorCode.STORE_UNREACHABLE

export const PROBE_MESSAGES: Readonly<Record<ProbeFailure, string>> = {
  OBJECT_NOT_FOUND: 'There is no file under this key',
  STORE_FORBIDDEN: 'The storage refused to serve this file',
  STORE_URL_EXPIRED: 'The storage called a fresh link expired: its clock and the server\'s disagree',
  STORE_UNREACHABLE: 'The storage could not be reached',
}

/** S3 says "Request has expired"; RGW and MinIO word it alike. */
function isExpiry(body: string): boolean {
  return /<Message>[^<]*expired/i.test(body) || /<Code>(ExpiredToken|RequestExpired)<\/Code>/i.test(body)
}

/** `undefined` when the store serves the object. */
export async function probeObject(url: string): Promise<ProbeFailure | undefined> {
  let response: Response
  try {
    response = await fetch(url, { headers: { range: 'bytes=0-0' }, signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) })
  } catch {
    return PresignErrorCode.STORE_UNREACHABLE
  }
  // 416: an empty object exists, it just has no first byte.
  if (response.ok || response.status === 416) {
    await response.body?.cancel()
    return undefined
  }
  if (response.status === 404) return PresignErrorCode.OBJECT_NOT_FOUND
  const body = await response.text().catch(() => '')
  if (response.status === 403) return isExpiry(body) ? PresignErrorCode.STORE_URL_EXPIRED : PresignErrorCode.STORE_FORBIDDEN
  return PresignErrorCode.STORE_UNREACHABLE
}
