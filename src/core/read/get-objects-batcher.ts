import type { Clock, TimerHandle } from '../clock.js'
import type { EndpointOptions } from '../endpoint/endpoint-client.js'
import { asEndpointFailure, EndpointError, type PresignedS3Error } from '../errors.js'
import type { GetObjectsRequest } from '../../protocol/messages.js'
import { MAX_CHECKED_KEYS } from '../../protocol/request-limits.js'
import { GetObjectsErrorCode } from '../../protocol/get-objects-error-codes.js'
import { urlLifetime, type LocalLifetime } from '../endpoint/url-lifetime.js'
import { postGetObjects } from './read-endpoint.js'

/**
 * Collects the keys asked for within a short window and signs them with as few
 * `getObjects` requests as the server's limits allow: a page that mounts 300
 * thumbnails in one render costs one round trip, not 300.
 */

/** `sentAt` is on the cache's `Clock`; `lifetime` counts from it. */
export interface SignedUrl extends LocalLifetime {
  url: string
}

export interface BatcherOptions {
  /** Read on every request, so new headers or credentials apply to the next one. */
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

/** Keys that go out together: one request carries one `responseContentDisposition` and one `check`. */
interface Group {
  disposition: string | undefined
  check: boolean
  waiters: Map<string, Waiter[]>
}

type Pending = Map<string, Group>

export class GetObjectsBatcher {
  readonly #options: BatcherOptions
  #pending: Pending = new Map()
  #timer: TimerHandle | undefined

  constructor(options: BatcherOptions) {
    this.#options = options
  }

  /** `check`: the endpoint also tries the URL against the store (only for keys that failed to load). */
  sign(key: string, disposition: string | undefined, check = false): Promise<SignedUrl> {
    return new Promise((resolve, reject) => {
      const id = `${check ? 'check' : 'sign'}\n${disposition ?? ''}\n${disposition === undefined ? 0 : 1}`
      let group = this.#pending.get(id)
      if (group === undefined) {
        group = { disposition, check, waiters: new Map() }
        this.#pending.set(id, group)
      }
      group.waiters.set(key, [...(group.waiters.get(key) ?? []), { resolve, reject }])
      this.#timer ??= this.#options.clock.setTimeout(() => this.#flush(), this.#options.windowMs)
    })
  }

  #flush(): void {
    this.#timer = undefined
    const pending = this.#pending
    this.#pending = new Map()
    for (const group of pending.values()) {
      for (const chunk of this.#chunks([...group.waiters.keys()], group)) void this.#send(chunk, group)
    }
  }

  #chunks(keys: string[], { disposition, check }: Group): string[][] {
    const { maxRequestBytes } = this.#options
    const maxKeysPerRequest = check ? Math.min(MAX_CHECKED_KEYS, this.#options.maxKeysPerRequest) : this.#options.maxKeysPerRequest
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

  async #send(keys: string[], { disposition, check, waiters: group }: Group): Promise<void> {
    const sentAt = this.#options.clock.now()
    try {
      const request: GetObjectsRequest = { operation: 'getObjects', keys }
      if (disposition !== undefined) request.responseContentDisposition = disposition
      if (check) request.check = true
      const { reply, serverDate } = await postGetObjects(this.#options.endpoint, request, this.#options.clock)
      const byKey = new Map(reply.objects.map((object) => [object.key, object]))
      for (const key of keys) {
        const object = byKey.get(key)
        const waiters = group.get(key) ?? []
        if (object === undefined) {
          rejectAll(waiters, EndpointError.badReply(`reply.objects has no entry for the key ${JSON.stringify(key)}`))
        } else if ('error' in object) {
          rejectAll(waiters, EndpointError.rejected(GetObjectsErrorCode, object.error.code, object.error.message))
        } else {
          const lifetime = urlLifetime({ ...object, serverDate, sentAt, now: this.#options.clock.now() })
          for (const waiter of waiters) waiter.resolve({ url: object.url, sentAt, lifetime })
        }
      }
    } catch (error) {
      const failure = asEndpointFailure(error)
      for (const key of keys) rejectAll(group.get(key) ?? [], failure)
    }
  }
}

function rejectAll(waiters: Waiter[], error: PresignedS3Error): void {
  for (const waiter of waiters) waiter.reject(error)
}


