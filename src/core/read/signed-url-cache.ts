import { documentVisibility, systemClock, type Clock, type TimerHandle, type Visibility } from '../clock.js'
import { SERVER_LIMIT_DEFAULTS } from '../../protocol/request-limits.js'
import type { EndpointOptions } from '../endpoint/endpoint-client.js'
import { freshUntil, type FreshnessRule } from '../endpoint/url-lifetime.js'
import { asEndpointFailure, type PresignedS3Error } from '../errors.js'
import { GetObjectsBatcher, type SignedUrl } from './get-objects-batcher.js'
import { windowOnline, type Online } from './online.js'
import { isFinal } from './read-error.js'

/**
 * One cache of signed GET URLs per page. A key is signed once however many
 * components show it; a URL is kept for its whole life (so the browser's image
 * cache keeps working) and replaced ahead of expiry, only while something on the
 * page uses it and only while the page is visible. The fresh URL is kept *ready*:
 * a picture already on screen keeps the one it decoded (see use-signed-image.ts).
 *
 * A failed refresh is retried with backoff while the key is watched (at once when
 * the page comes back online or into view), and never throws away the URL it had:
 * the snapshot stays `loaded`, with `stale` once that URL is past due. Only a key
 * with no URL at all is `error`, and only a final answer (not found, not allowed)
 * stops the retries, until `refresh()`.
 */

export type SignedUrlStatus = 'idle' | 'loading' | 'loaded' | 'refreshing' | 'error'

export interface SignedUrlSnapshot {
  status: SignedUrlStatus
  /** The current URL; kept while a newer one is being signed (`refreshing`) and while re-signing fails. */
  url: string | undefined
  /** Why the key cannot be read (`error`), or why a stale URL could not be replaced. */
  error: PresignedS3Error | undefined
  /** Re-signing failed and `url` is past due; retries continue while the key is watched. */
  stale: boolean
}

export interface SignedUrlCacheOptions extends EndpointOptions {
  /** Keys asked for within this many ms go out as one request. Default 10. */
  batchWindowMs?: number
  /** Fraction of a URL's life after which it is re-signed. Default 0.85. */
  refreshAt?: number
  /** Match the server's `maxKeysPerRequest`. Default 500. */
  maxKeysPerRequest?: number
  clock?: Clock
  visibility?: Visibility
  online?: Online
}

export const IDLE: SignedUrlSnapshot = Object.freeze({ status: 'idle', url: undefined, error: undefined, stale: false })

/** Room under the server's body limit for the JSON around the keys and a long content disposition. */
const REQUEST_SLACK_BYTES = 5536
/** Failed signing is retried after 1, 2, 4, then every 5 s: a 10 s outage heals within 5 s of its end. */
const FIRST_RETRY_MS = 1000
const MAX_RETRY_MS = 5000
/** A URL this close (500 ms) to expiry is treated as gone: it could expire on its way to the store. */
const USABLE: FreshnessRule = { usedFraction: 0, maxMarginMs: 500 }
/** Keys past half their life ride along with a refresh that is due anyway. */
const RIDE_ALONG: FreshnessRule = { usedFraction: 0.5, maxMarginMs: Infinity }

interface Entry {
  key: string
  disposition: string | undefined
  snapshot: SignedUrlSnapshot
  listeners: Set<() => void>
  signed: SignedUrl | undefined
  inFlight: Promise<void> | undefined
  retryAt: number | undefined
  /** Failed attempts in a row, for the backoff. */
  failures: number
  /** A final answer (not found, not allowed): not re-signed until `refresh()`. */
  final: boolean
}

function entryId(key: string, disposition: string | undefined): string {
  return disposition === undefined ? key : `${key}\n${disposition}`
}

export class SignedUrlCache {
  #endpoint: EndpointOptions
  readonly #clock: Clock
  readonly #visibility: Visibility
  readonly #online: Online
  /** Re-sign once `refreshAt` of the life is gone. */
  readonly #refresh: FreshnessRule
  readonly #batcher: GetObjectsBatcher
  readonly #entries = new Map<string, Entry>()
  #timer: TimerHandle | undefined
  #stopWatchingVisibility: (() => void) | undefined
  #stopWatchingOnline: (() => void) | undefined

  constructor(options: SignedUrlCacheOptions) {
    const { batchWindowMs = 10, refreshAt = 0.85, clock, visibility, online, ...rest } = options
    const { maxKeysPerRequest = SERVER_LIMIT_DEFAULTS.maxKeysPerRequest, ...endpoint } = rest
    if (!(refreshAt > 0 && refreshAt < 1)) throw new RangeError('refreshAt must be between 0 and 1')
    this.#endpoint = endpoint
    this.#clock = clock ?? systemClock
    this.#visibility = visibility ?? documentVisibility
    this.#online = online ?? windowOnline
    this.#refresh = { usedFraction: refreshAt, maxMarginMs: Infinity }
    this.#batcher = new GetObjectsBatcher({
      endpoint: () => this.#endpoint,
      clock: this.#clock,
      windowMs: batchWindowMs,
      maxKeysPerRequest,
      maxRequestBytes: SERVER_LIMIT_DEFAULTS.maxRequestBytes - REQUEST_SLACK_BYTES,
    })
  }

  /** New headers or credentials apply from the next request; URLs already signed stay valid. */
  setEndpoint(endpoint: EndpointOptions): void {
    this.#endpoint = endpoint
  }

  getSnapshot(key: string, disposition?: string): SignedUrlSnapshot {
    return this.#entries.get(entryId(key, disposition))?.snapshot ?? IDLE
  }

  /** Subscribing is what "in use" means: only subscribed keys are signed and refreshed. */
  subscribe(key: string, disposition: string | undefined, listener: () => void): () => void {
    const entry = this.#entry(key, disposition)
    entry.listeners.add(listener)
    this.#stopWatchingVisibility ??= this.#visibility.subscribe(() => this.#onVisibilityChange())
    this.#stopWatchingOnline ??= this.#online.subscribe(() => this.#retryNow())
    if (entry.inFlight === undefined && !entry.final && (entry.snapshot.status === 'error' || !this.#isUsable(entry))) {
      void this.#load(entry)
    }
    this.#schedule()
    return () => {
      entry.listeners.delete(listener)
      this.#schedule()
    }
  }

  /** Signs the key again now (e.g. the store refused the current URL). Never rejects. */
  refresh(key: string, disposition?: string): Promise<void> {
    const entry = this.#entry(key, disposition)
    return entry.inFlight ?? this.#load(entry)
  }

  /**
   * Signs the key again and has the endpoint try the URL against the store, for a key
   * whose image failed to load with a fresh URL: afterwards the snapshot is `error` with
   * what the store said (see read-error.ts), or `loaded` if the store served the URL.
   */
  check(key: string, disposition?: string): Promise<void> {
    const entry = this.#entry(key, disposition)
    return (entry.inFlight ?? Promise.resolve()).then(() => entry.inFlight ?? this.#load(entry, true))
  }

  /** Stops every timer and listener; for tests and for a provider that unmounts. */
  destroy(): void {
    this.#clearTimer()
    this.#unwatchPage()
    this.#entries.clear()
  }

  #unwatchPage(): void {
    this.#stopWatchingVisibility?.()
    this.#stopWatchingVisibility = undefined
    this.#stopWatchingOnline?.()
    this.#stopWatchingOnline = undefined
  }

  #entry(key: string, disposition: string | undefined): Entry {
    const id = entryId(key, disposition)
    let entry = this.#entries.get(id)
    if (entry === undefined) {
      entry = {
        key, disposition, snapshot: IDLE, listeners: new Set(), signed: undefined,
        inFlight: undefined, retryAt: undefined, failures: 0, final: false,
      }
      this.#entries.set(id, entry)
    }
    return entry
  }

  #isUsable(entry: Entry): boolean {
    const { signed } = entry
    return signed !== undefined && this.#clock.now() < freshUntil(signed, USABLE)
  }

  #set(entry: Entry, snapshot: SignedUrlSnapshot): void {
    entry.snapshot = snapshot
    for (const listener of [...entry.listeners]) listener()
  }

  #load(entry: Entry, check = false): Promise<void> {
    const { url, stale } = entry.snapshot
    this.#set(entry, { status: url === undefined ? 'loading' : 'refreshing', url, error: undefined, stale })
    const done = this.#batcher.sign(entry.key, entry.disposition, check).then(
      (signed) => {
        entry.signed = signed
        entry.retryAt = undefined
        entry.failures = 0
        entry.final = false
        this.#set(entry, { status: 'loaded', url: signed.url, error: undefined, stale: false })
      },
      (error: unknown) => this.#onLoadFailed(entry, asEndpointFailure(error), check),
    ).finally(() => {
      entry.inFlight = undefined
      this.#schedule()
    })
    entry.inFlight = done
    return done
  }

  #onLoadFailed(entry: Entry, failure: PresignedS3Error, checked: boolean): void {
    const now = this.#clock.now()
    entry.failures += 1
    entry.final = isFinal(failure)
    const backoff = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (entry.failures - 1))
    const { signed } = entry
    const usable = signed !== undefined && this.#isUsable(entry)
    // While the current URL works, retry well before it expires.
    const remaining = usable ? signed.sentAt + signed.lifetime - now : Infinity
    entry.retryAt = entry.final ? undefined : now + Math.min(backoff, remaining / 2)
    if (signed !== undefined && !checked && !entry.final) {
      // Whatever shows this URL keeps showing it: a failed refresh is not an error.
      this.#set(entry, { status: 'loaded', url: signed.url, error: usable ? undefined : failure, stale: !usable })
      return
    }
    entry.signed = undefined
    this.#set(entry, { status: 'error', url: undefined, error: failure, stale: false })
  }

  #dueAt(entry: Entry): number | undefined {
    if (entry.final) return undefined
    if (entry.retryAt !== undefined) return entry.retryAt
    return entry.signed === undefined ? undefined : freshUntil(entry.signed, this.#refresh)
  }

  #watched(): Entry[] {
    return [...this.#entries.values()].filter((entry) => entry.listeners.size > 0)
  }

  /** One timer for the whole page, at the earliest refresh any watched key needs. */
  #schedule(): void {
    this.#clearTimer()
    this.#prune()
    const watched = this.#watched()
    if (watched.length === 0) {
      this.#unwatchPage()
      return
    }
    // Hidden pages sign nothing in the background; visibilitychange catches up.
    if (this.#visibility.isHidden()) return
    const due = watched
      .filter((entry) => entry.inFlight === undefined)
      .map((entry) => this.#dueAt(entry))
      .filter((at): at is number => at !== undefined)
    if (due.length === 0) return
    const delay = Math.max(0, Math.min(...due) - this.#clock.now())
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined
      this.#refreshDue()
    }, delay)
  }

  #refreshDue(): void {
    const now = this.#clock.now()
    const idle = this.#watched().filter((entry) => entry.inFlight === undefined && this.#dueAt(entry) !== undefined)
    if (!idle.some((entry) => now >= (this.#dueAt(entry) ?? Infinity))) return this.#schedule()
    // Whoever is past half its life rides along: the page's URLs stay in step,
    // so a page costs one request per refresh round instead of one per image.
    for (const entry of idle) {
      const { signed } = entry
      const halfLife = signed === undefined ? Infinity : freshUntil(signed, RIDE_ALONG)
      if (now >= (this.#dueAt(entry) ?? Infinity) || now >= halfLife) void this.#load(entry)
    }
  }

  #onVisibilityChange(): void {
    if (this.#visibility.isHidden()) this.#clearTimer()
    else this.#retryNow()
  }

  /** Back online or in view: failed keys need not wait out their backoff. */
  #retryNow(): void {
    const now = this.#clock.now()
    for (const entry of this.#watched()) if (entry.retryAt !== undefined) entry.retryAt = now
    if (!this.#visibility.isHidden()) this.#refreshDue()
  }

  /** Forgets URLs nobody shows any more once they expire, so the map does not grow forever. */
  #prune(): void {
    for (const [id, entry] of this.#entries) {
      if (entry.listeners.size === 0 && entry.inFlight === undefined && !this.#isUsable(entry)) this.#entries.delete(id)
    }
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer)
    this.#timer = undefined
  }
}
