import { PresignErrorCode, PresignRejection } from './presign-error.js'

/**
 * The optional `allowedOrigins` check: defence in depth beside the JSON-only rule
 * (parse-request.ts), which already keeps cross-site forms and "simple" fetches out.
 * Browsers send `Origin` on every POST, and `Sec-Fetch-Site` on every request in
 * current engines; a request with neither comes from no browser, so no CSRF can
 * ride on it, and it passes (server-to-server calls, tests, curl).
 */

/** Checked at creation: exact origins such as `https://app.example.com`, no paths, no wildcards. */
export function validateAllowedOrigins(value: unknown): ReadonlySet<string> | undefined {
  if (value === undefined) return undefined
  if (!Array.isArray(value) || value.length === 0) {
    throw new TypeError('allowedOrigins must be a non-empty array of origins such as "https://app.example.com"')
  }
  return new Set(value.map((origin: unknown) => {
    let parsed: string | undefined
    try {
      parsed = typeof origin === 'string' ? new URL(origin).origin : undefined
    } catch {
      parsed = undefined
    }
    if (parsed === undefined || parsed === 'null' || parsed !== origin) {
      throw new TypeError(
        `allowedOrigins: ${JSON.stringify(origin)} is not an origin; write scheme://host[:port] with no path or trailing slash`,
      )
    }
    return parsed
  }))
}

function refused(): PresignRejection {
  return new PresignRejection(PresignErrorCode.ORIGIN_NOT_ALLOWED, 'This page may not request uploads from this server')
}

export function checkOrigin(request: Request, allowed: ReadonlySet<string> | undefined): void {
  if (allowed === undefined) return
  const origin = request.headers.get('origin')
  if (origin !== null) {
    if (!allowed.has(origin)) throw refused()
    return
  }
  // No Origin (older engines on same-origin requests): the fetch metadata says where it came from.
  const site = request.headers.get('sec-fetch-site')
  if (site !== null && site !== 'same-origin') throw refused()
}
