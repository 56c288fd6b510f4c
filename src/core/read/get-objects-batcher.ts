import type { Clock, TimerHandle } from '../clock.js'
import { postJson, type EndpointOptions } from '../endpoint/endpoint-client.js'
import { EndpointError, PresignedS3Error } from '../errors.js'
import { validateGetObjectsReply } from '../endpoint/reply-checks.js'
import { urlLifetime } from '../endpoint/url-lifetime.js'

/**
 * Collects the keys asked for within a short window and signs them with as few
 * `getObjects` requests as the server's limits allow: a page that mounts 300
 * thumbnails in one render costs one round trip, not 300.
 */

export interface SignedUrl {
  url: string
  /** Local clock (the cache's `Clock`) when the request was sent. */
  sentAt: number
  /** Milliseconds the URL stays valid, counted from `sentAt`. */
  lifetime: number
}

export interface BatcherOptions {
  /** Read on every flush, so new headers (a refreshed token) apply to the next request. */
  endpoint: () => EndpointOptions
  clock: Clock
  windowMs: number
  maxKeysPerRequest: number
  /** Bound on the JSON body, under the server's default 64 KiB limit. */
  maxRequestBytes: number
}

interface Waiter {
  resolve: (signed: SignedUrl) => void
  reject: (error: PresignedS3Error) => void
}

/** Pending keys per `responseContentDisposition` (one request can carry only one). */
type Pending = Map<string | undefined, Map<string, Waiter[]>>

export class GetObjectsBatcher {
  readonly #options: BatcherOptions
  #pending: Pending = new Map()
  #timer: TimerHandle | undefined

  constructor(options: BatcherOptions) {
    this.#options = options
  }

  sign(key: string, disposition: string | undefined): Promise<SignedUrl> {
    return new Promise((resolve, reject) => {
      const group = this.#pending.get(disposition) ?? new Map<string, Waiter[]>()
      this.#pending.set(disposition, group)
      group.set(key, [...(group.get(key) ?? []), { resolve, reject }])
      this.#timer ??= this.#options.clock.setTimeout(() => this.#flush(), this.#options.windowMs)
    })
  }

  #flush(): void {
    this.#timer = undefined
    const pending = this.#pending
    this.#pending = new Map()
    for (const [disposition, group] of pending) {
      for (const chunk of this.#chunks([...group.keys()], disposition)) {
        void this.#send(chunk, disposition, group)
      }
    }
  }

  #chunks(keys: string[], disposition: string | undefined): string[][] {
    const { maxKeysPerRequest, maxRequestBytes } = this.#options
    const overhead = 100 + (disposition?.length ?? 0)
    const chunks: string[][] = []
    let current: string[] = []
    let bytes = overhead
    for (const key of keys) {
      // JSON-escaped length is close enough: keys are mostly ASCII, and the bound has slack.
      const size = new TextEncoder().encode(JSON.stringify(key)).length + 1
      if (current.length > 0 && (current.length >= maxKeysPerRequest || bytes + size > maxRequestBytes)) {
        chunks.push(current)
        current = []
        bytes = overhead
      }
      current.push(key)
      bytes += size
    }
    if (current.length > 0) chunks.push(current)
    return chunks
  }

  async #send(keys: string[], disposition: string | undefined, group: Map<string, Waiter[]>): Promise<void> {
    const sentAt = this.#options.clock.now()
    try {
      const { reply, serverDate } = await this.#post(keys, disposition)
      const byKey = new Map(reply.objects.map((object) => [object.key, object]))
      for (const key of keys) {
        const object = byKey.get(key)
        const waiters = group.get(key) ?? []
        if (object === undefined) {
          rejectAll(waiters, badReply(`reply.objects has no entry for the key ${JSON.stringify(key)}`))
        } else if ('error' in object) {
          const error = new EndpointError('ENDPOINT_REJECTED', object.error.message || object.error.code, {
            serverCode: object.error.code,
          })
          rejectAll(waiters, error)
        } else {
          const lifetime = urlLifetime({ ...object, serverDate, sentAt, wallClockNow: Date.now() })
          for (const waiter of waiters) waiter.resolve({ url: object.url, sentAt, lifetime })
        }
      }
    } catch (error) {
      const failure = error instanceof PresignedS3Error
        ? error
        : new EndpointError('ENDPOINT_UNREACHABLE', 'The signing server could not be reached.', { cause: error })
      for (const key of keys) rejectAll(group.get(key) ?? [], failure)
    }
  }

  async #post(keys: string[], disposition: string | undefined) {
    const endpoint = this.#options.endpoint()
    const doFetch = endpoint.fetch ?? globalThis.fetch
    let serverDate: string | null = null
    // Wraps fetch only to read the Date header, which the endpoint client does not expose.
    const options: EndpointOptions = {
      ...endpoint,
      fetch: async (input, init) => {
        const response = await doFetch(input, init)
        serverDate = response.headers.get('date')
        return response
      },
    }
    const request = disposition === undefined
      ? { operation: 'getObjects' as const, keys }
      : { operation: 'getObjects' as const, keys, responseContentDisposition: disposition }
    const reply = validateGetObjectsReply(await postJson(options, request))
    return { reply, serverDate }
  }
}

function rejectAll(waiters: Waiter[], error: PresignedS3Error): void {
  for (const waiter of waiters) waiter.reject(error)
}

function badReply(detail: string): EndpointError {
  return new EndpointError(
    'ENDPOINT_BAD_REPLY',
    `The signing server sent a reply this library does not understand: ${detail}.`,
  )
}
