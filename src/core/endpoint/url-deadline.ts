import type { SignedRequest } from '../../protocol/messages.js'

/**
 * When a signed URL stops working, in this browser's clock. The server's
 * `expiresAt` is in the server's clock; a SigV4 URL also says how long it
 * lives (`X-Amz-Expires`). The server signed it after we asked, so counting
 * that lifetime from when we asked is never late, and immune to clock skew
 * (counting from the reply would be late by however long the reply took).
 * Without the parameter, `expiresAt` is all we have.
 */
export function localDeadline(signed: SignedRequest, askedAt: number): number {
  const serverDeadline = Date.parse(signed.expiresAt)
  let lifetime: number | undefined
  try {
    const expires = new URL(signed.url).searchParams.get('X-Amz-Expires')
    if (expires !== null && /^\d+$/.test(expires)) lifetime = Number(expires) * 1000
  } catch {
    // Not a URL we can read; fall back to expiresAt.
  }
  return lifetime === undefined ? serverDeadline : askedAt + lifetime
}

/** A copy whose `expiresAt` is the local deadline, so every later check uses one clock. */
export function withLocalDeadline<T extends SignedRequest>(signed: T, askedAt: number): T {
  return { ...signed, expiresAt: new Date(localDeadline(signed, askedAt)).toISOString() }
}

/** Still worth starting a request with: more than a quarter of its life (at most 30 s) left. */
export function isFresh(signed: SignedRequest, lifetimeMs: number, now = Date.now()): boolean {
  const margin = Math.min(30_000, lifetimeMs / 4)
  return Date.parse(signed.expiresAt) - now > margin
}
