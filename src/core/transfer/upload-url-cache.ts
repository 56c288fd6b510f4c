import { systemClock, type Clock } from '../clock.js'
import { abortable } from '../endpoint/batching-endpoint-client.js'
import type { EndpointClient } from '../endpoint/endpoint-client.js'
import type { ChecksumAlgorithm, FileDescriptor, PresignReplies, PresignRequest, PutObjectReply, SignedRequest } from '../../protocol/messages.js'
import { freshUntil, UPLOAD_FRESHNESS, urlLifetime, withLocalDeadline, type LocalLifetime } from '../endpoint/url-lifetime.js'

interface Entry<T extends SignedRequest> {
  /** With `expiresAt` already on the local clock. */
  signed: T
  life: LocalLifetime
}

export interface UploadRef {
  key: string
  uploadId: string
}

/** A part to sign; with its `digest` (base64) the server signs it into the URL, so the store takes only those bytes. */
export interface PartToSign {
  partNumber: number
  digest?: string | undefined
}

function toPart(part: number | PartToSign): PartToSign {
  return typeof part === 'number' ? { partNumber: part } : part
}

/**
 * Signed URLs kept until shortly before they expire, signed ahead in batches,
 * with concurrent asks for the same URL sharing one request. Entries are
 * keyed `put:<fileId>` and `part:<uploadId>:<n>`.
 */
export class SigningCache {
  readonly #client: EndpointClient
  readonly #partsPerRequest: number
  readonly #entries = new Map<string, Entry<SignedRequest>>()
  readonly #inflight = new Map<string, Promise<SignedRequest>>()
  readonly #clock: Clock
  readonly #algorithm: ChecksumAlgorithm

  /** `algorithm` names the parts' digests in signParts (`md5` or `sha256`). */
  constructor(client: EndpointClient, partsPerRequest: number, clock: Clock = systemClock, algorithm: ChecksumAlgorithm = 'md5') {
    this.#client = client
    this.#partsPerRequest = Math.max(1, partsPerRequest)
    this.#clock = clock
    this.#algorithm = algorithm
  }

  /** Signs one request now, uncached, with `expiresAt` turned into this browser's clock. */
  async sign<R extends PresignRequest>(request: R, signal: AbortSignal): Promise<PresignReplies[R['operation']]> {
    const sentAt = this.#clock.now()
    const { reply, serverDate } = await this.#client.exchange(request, signal)
    if (!('url' in reply)) return reply
    return withLocalDeadline(reply, this.#lifeOf(reply, serverDate, sentAt)) as PresignReplies[R['operation']]
  }

  /** Sends the requests waiting for company now (see EndpointClient `flush`). */
  flush(): void {
    this.#client.flush?.()
  }

  /** A PutObject URL (and the key the server chose) for a file. */
  putObject(fileId: string, file: FileDescriptor, fresh: boolean, signal: AbortSignal): Promise<PutObjectReply> {
    const id = `put:${fileId}`
    if (fresh) this.#entries.delete(id)
    return abortable(this.#getOrSign(id, () => this.#signPut(id, file)), signal) as Promise<PutObjectReply>
  }

  /** Signs PutObject URLs for files about to start, in one batched round trip. Failures are left for the real call. */
  prefetchPuts(files: ReadonlyArray<{ fileId: string; file: FileDescriptor }>): void {
    for (const { fileId, file } of files) {
      const id = `put:${fileId}`
      this.#getOrSign(id, () => this.#signPut(id, file)).catch(() => {})
    }
  }

  /** Whether a PutObject URL for the file is usable or on its way. */
  hasPut(fileId: string): boolean {
    const id = `put:${fileId}`
    return this.#usable(id) !== undefined || this.#inflight.has(id)
  }

  /** Whether a URL for the part is usable or on its way. */
  hasPart(ref: UploadRef, partNumber: number): boolean {
    const id = partId(ref, partNumber)
    return this.#usable(id) !== undefined || this.#inflight.has(id)
  }

  /**
   * A part URL. When it must be signed, the next `pending` parts that have no
   * usable URL are signed in the same request: with checksums, only those whose
   * digest is already known (pass just those), since the digest is signed in.
   */
  part(
    ref: UploadRef,
    part: number | PartToSign,
    pending: ReadonlyArray<number | PartToSign>,
    fresh: boolean,
    signal: AbortSignal,
  ): Promise<SignedRequest> {
    const wanted = toPart(part)
    const id = partId(ref, wanted.partNumber)
    if (fresh) this.#entries.delete(id)
    const cached = this.#usable(id) ?? this.#inflight.get(id)
    if (cached) return abortable(Promise.resolve(cached), signal)
    const parts = [wanted]
    for (const other of pending.map(toPart)) {
      if (parts.length >= this.#partsPerRequest) break
      // One request signs all its parts with checksums or all without.
      if ((other.digest === undefined) !== (wanted.digest === undefined)) continue
      const otherId = partId(ref, other.partNumber)
      if (other.partNumber !== wanted.partNumber && !this.#usable(otherId) && !this.#inflight.has(otherId)) parts.push(other)
    }
    this.#signParts(ref, parts)
    return abortable(this.#inflight.get(id)!, signal)
  }

  /**
   * Signs ahead the given parts that have no usable URL yet, as few requests as fit
   * (with checksums: parts as soon as their digest is known). Failures are left for the real call.
   */
  prefetchParts(ref: UploadRef, parts: readonly PartToSign[]): void {
    const unsigned = parts.filter(({ partNumber }) => !this.hasPart(ref, partNumber))
    for (let start = 0; start < unsigned.length; start += this.#partsPerRequest) {
      this.#signParts(ref, unsigned.slice(start, start + this.#partsPerRequest))
    }
  }

  /** Drops every URL of a file or an upload (after it ends). */
  forget(fileId: string, uploadId?: string): void {
    this.#entries.delete(`put:${fileId}`)
    if (uploadId === undefined) return
    for (const id of this.#entries.keys()) if (id.startsWith(`part:${uploadId}:`)) this.#entries.delete(id)
  }

  #usable(id: string): SignedRequest | undefined {
    const entry = this.#entries.get(id)
    if (entry && this.#clock.now() < freshUntil(entry.life, UPLOAD_FRESHNESS)) return entry.signed
    if (entry) this.#entries.delete(id)
    return undefined
  }

  #getOrSign(id: string, sign: () => Promise<SignedRequest>): Promise<SignedRequest> {
    const existing = this.#usable(id) ?? this.#inflight.get(id)
    if (existing) return Promise.resolve(existing)
    const promise = sign().finally(() => this.#inflight.delete(id))
    this.#inflight.set(id, promise)
    return promise
  }

  async #signPut(id: string, file: FileDescriptor): Promise<SignedRequest> {
    const sentAt = this.#clock.now()
    const { reply, serverDate } = await this.#client.exchange({ operation: 'putObject', file })
    return this.#store(id, reply, serverDate, sentAt)
  }

  #signParts(ref: UploadRef, parts: PartToSign[]): void {
    const sentAt = this.#clock.now()
    const numbers = parts.map((part) => part.partNumber)
    const digests = parts.flatMap((part) => part.digest === undefined ? [] : [part.digest])
    const request = this.#client.exchange({
      operation: 'signParts',
      ...ref,
      partNumbers: numbers,
      ...(digests.length === parts.length && { [this.#algorithm]: digests }),
    })
    for (const n of numbers) {
      const id = partId(ref, n)
      const promise = request
        .then(({ reply, serverDate }) => {
          const part = reply.parts.find((candidate) => candidate.partNumber === n)
          if (!part) throw new TypeError(`The upload server did not sign part ${n}.`)
          return this.#store(id, part, serverDate, sentAt)
        })
        .finally(() => this.#inflight.delete(id))
      promise.catch(() => {}) // Parts signed ahead may never be asked for.
      this.#inflight.set(id, promise)
    }
  }

  #store<T extends SignedRequest>(id: string, signed: T, serverDate: string | null, sentAt: number): T {
    const life = this.#lifeOf(signed, serverDate, sentAt)
    const local = withLocalDeadline(signed, life)
    this.#entries.set(id, { signed: local, life })
    return local
  }

  #lifeOf(signed: SignedRequest, serverDate: string | null, sentAt: number): LocalLifetime {
    return { sentAt, lifetime: urlLifetime({ ...signed, serverDate, sentAt, now: this.#clock.now() }) }
  }
}

function partId(ref: UploadRef, partNumber: number): string {
  return `part:${ref.uploadId}:${partNumber}`
}
