import type { SignedRequest } from '../../protocol/messages.js'

/**
 * How long a signed URL lives, in milliseconds counted from the moment the browser
 * *sent* the signing request, on the browser's own clock. Comparing the reply's
 * `expiresAt` with `Date.now()` would break on a machine whose clock is off by
 * minutes (common on laptops and VMs), so the lifetime is measured on the server's
 * clock and then laid onto the local one. Every estimate errs on the short side:
 * the server signed after we sent, and its clocks have whole seconds. Both sides
 * (uploads and reads) measure with this one function and judge with `freshUntil`.
 */

const SECOND = 1000
/**
 * The shortest life any estimate gives. A 1-second URL (signed within a second
 * whose fraction X-Amz-Date drops) may have 0 ms left by the careful estimate;
 * a fresh signature is still the best there is, so it is tried, and the store
 * decides. The floor also keeps the read side from refreshing in a tight loop.
 */
export const MIN_LIFETIME_MS = SECOND

/** `20261123T100500Z` → epoch ms. */
function parseAmzDate(value: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value)
  if (!match) return undefined
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number]
  return Date.UTC(y, mo - 1, d, h, mi, s)
}

/** SigV4 query signing: the store counts `X-Amz-Expires` seconds from `X-Amz-Date`. */
function sigV4Lifetime(url: string): number | undefined {
  let params: URLSearchParams
  try {
    params = new URL(url).searchParams
  } catch {
    return undefined
  }
  const expires = Number(params.get('X-Amz-Expires') ?? Number.NaN)
  const date = parseAmzDate(params.get('X-Amz-Date') ?? '')
  if (!Number.isFinite(expires) || expires <= 0 || date === undefined) return undefined
  // X-Amz-Date drops the fraction of the signing second: up to 1 s of the life is already gone.
  return expires * SECOND - SECOND
}

/** The reply's `Date` header is the server's clock (whole seconds) shortly after signing. */
function serverDateLifetime(expiresAt: number, serverDate: string | null): number | undefined {
  if (serverDate === null) return undefined
  const date = Date.parse(serverDate)
  return Number.isNaN(date) ? undefined : expiresAt - date - SECOND
}

export interface LifetimeInput {
  url: string
  /** The reply's ISO `expiresAt`. */
  expiresAt: string
  /** The reply's `Date` header, when the browser may read it (same-origin endpoints). */
  serverDate: string | null
  /** Local clock when the request was sent; used only when the reply says nothing better. */
  sentAt: number
  /** Local clock when the reply arrived, for the last-resort estimate. */
  now: number
  /**
   * The reply's whole seconds left at signing, when the server sends them (a signing time
   * rounded to a window puts X-Amz-Date in the past, so the URL itself overstates its life).
   */
  expiresIn?: number | undefined
}

/** At least `MIN_LIFETIME_MS`, whatever the endpoint answers. */
export function urlLifetime(input: LifetimeInput): number {
  const expiresAt = Date.parse(input.expiresAt)
  const fromUrl = input.expiresIn === undefined ? sigV4Lifetime(input.url) : input.expiresIn * SECOND
  const estimates = [fromUrl, serverDateLifetime(expiresAt, input.serverDate)]
    .filter((value): value is number => value !== undefined)
  // Last resort, trusting the local clock: an endpoint with non-SigV4 URLs and a hidden Date header.
  const life = estimates.length > 0 ? Math.min(...estimates) : expiresAt - input.now
  return Math.max(MIN_LIFETIME_MS, life)
}

/** A signed URL laid onto the local clock: valid from `sentAt` for `lifetime` ms. */
export interface LocalLifetime {
  sentAt: number
  lifetime: number
}

/**
 * When a URL stops being fresh: once `usedFraction` of its life is gone, or when only
 * `maxMarginMs` is left, whichever comes *later* (so a short-lived URL keeps a useful
 * share of its life, and a long-lived one is not dropped hours early).
 */
export interface FreshnessRule {
  usedFraction: number
  maxMarginMs: number
}

/** Local time until which a URL is fresh by `rule`; fresh means `now < freshUntil(...)`. */
export function freshUntil({ sentAt, lifetime }: LocalLifetime, rule: FreshnessRule): number {
  return sentAt + Math.max(lifetime * rule.usedFraction, lifetime - rule.maxMarginMs)
}

/** Uploads: worth starting a request with while more than a quarter of its life, at most 30 s, is left. */
export const UPLOAD_FRESHNESS: FreshnessRule = { usedFraction: 0.75, maxMarginMs: 30_000 }

/** A copy whose `expiresAt` is the local deadline, so every later check uses one clock. */
export function withLocalDeadline<T extends SignedRequest>(signed: T, { sentAt, lifetime }: LocalLifetime): T {
  return { ...signed, expiresAt: new Date(sentAt + lifetime).toISOString() }
}
