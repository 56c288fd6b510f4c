import { partBytes, partCount } from '../../protocol/index.js'
import { HashAhead } from '../hashing/hash-ahead.js'
import { StorageError } from '../errors.js'
import { CHECKSUM_HEADERS, compositeSha256 } from '../hashing/checksum-hashers.js'
import { md5HexOfBase64 } from '../hashing/digest-encoding.js'
import type { ResumeStore } from './resume-store.js'
import { listAllParts } from './list-parts.js'
import { completeBody, readEtag, readUploadId, type ListedPart } from './s3-xml-replies.js'
import { callWithRetry } from './retry.js'
import type { PartToSign, UploadRef } from './upload-url-cache.js'
import { sendSigned, withoutQuery, type TransferContext, type TransferJob, type TransferResult } from './transfer-context.js'

/** Kept across pause/resume and retry, so parts already sent are not sent again. */
export interface MultipartState {
  ref?: UploadRef
  partSize: number
  /** Part number → ETag, for parts the store has. */
  done: Map<number, string>
  /** Part number → base64 SHA-256, for parts the store has, on `sha256` uploads (the Complete body names them). */
  checksums?: Map<number, string>
}

export interface MultipartJob extends TransferJob {
  state: MultipartState
  /** Parts of this file in flight at once. */
  parallel: number
  /** Where to keep the upload id across page reloads. */
  resume?: { store: ResumeStore; fingerprint: string } | undefined
  /** Called as soon as the store has the upload, so a cancel can abort it. */
  onCreated: (ref: UploadRef) => void
}

/** Creates (or resumes) the upload, sends the missing parts in parallel, completes it. */
export async function uploadMultipart(context: TransferContext, job: MultipartJob, signal: AbortSignal): Promise<TransferResult> {
  if (!job.state.ref) await openUpload(context, job, signal)
  const ref = job.state.ref!
  await sendParts(context, job, ref, signal)
  const { location, unverified, sha256 } = await complete(context, job.state, ref, signal)
  job.resume?.store.delete(job.resume.fingerprint)
  context.cache.forget(job.fileId, ref.uploadId)
  // Loaded here, not with the page: the main thread's MD5 stays out of the first bundle (see md5-hasher.ts).
  const { multipartEtag } = await import('./expected-etag.js')
  const etag = multipartEtag([...job.state.done].sort(([a], [b]) => a - b).map(([, partEtag]) => partEtag))
  return { key: ref.key, location, ...(etag !== undefined && { etag }), ...(sha256 && { sha256 }), ...(unverified && { unverified }) }
}

async function openUpload(context: TransferContext, job: MultipartJob, signal: AbortSignal): Promise<void> {
  const { state, resume } = job
  const record = resume?.store.get(resume.fingerprint)
  if (record && record.size === job.data.size && record.partSize === state.partSize) {
    try {
      const ref = { key: record.key, uploadId: record.uploadId }
      const listed = await listAllParts(context, ref, signal)
      state.done = await verifiedParts(context, job, listed, signal)
      state.ref = ref
      job.onCreated(ref)
      return
    } catch (error) {
      if (signal.aborted) throw signal.reason
      // The upload is gone (completed, aborted, expired by a lifecycle rule): start over.
    }
  }
  const ref = await create(context, job, signal)
  state.ref = ref
  state.done = new Map()
  resume?.store.set(resume.fingerprint, { ...ref, partSize: state.partSize, size: job.data.size, savedAt: context.clock.now() })
  job.onCreated(ref)
}

async function create(context: TransferContext, job: MultipartJob, signal: AbortSignal): Promise<UploadRef> {
  return callWithRetry(
    {
      sign: (_fresh, callSignal) =>
        context.cache.sign(
          // The declared part size lets the server sign each part's exact length.
          {
            operation: 'createMultipartUpload',
            file: job.file,
            partSize: job.state.partSize,
            ...(context.checksum && context.checksumAlgorithm === 'sha256' && { checksumAlgorithm: 'sha256' as const }),
          },
          callSignal,
        ),
      send: async (signed, callSignal) => ({
        key: signed.key,
        uploadId: readUploadId(await sendSigned(context, signed, callSignal)),
      }),
    },
    context.retry,
    signal,
    context.clock,
    context.network,
  )
}

/** Keeps a listed part only if it has the size this file's part would have and, with checksums on, the same digest. */
async function verifiedParts(
  context: TransferContext,
  job: MultipartJob,
  listed: ListedPart[],
  signal: AbortSignal,
): Promise<Map<number, string>> {
  const done = new Map<number, string>()
  for (const part of listed) {
    const slice = partSlice(job.data, job.state.partSize, part.partNumber)
    if (!slice || slice.size !== part.size) continue
    if (context.checksum) {
      const within = { whole: job.data, start: (part.partNumber - 1) * job.state.partSize }
      const digest = await context.hasher.md5Base64(slice, signal, within)
      if (context.checksumAlgorithm === 'sha256') {
        if (part.checksumSha256 !== digest) continue
        ;(job.state.checksums ??= new Map()).set(part.partNumber, digest)
      } else if (part.etag.replace(/"/g, '').toLowerCase() !== md5HexOfBase64(digest)) continue
    }
    done.set(part.partNumber, part.etag)
  }
  return done
}

function partSlice(data: Blob, partSize: number, partNumber: number): Blob | undefined {
  if (partNumber < 1 || partNumber > partCount({ size: data.size, partSize })) return undefined
  const start = (partNumber - 1) * partSize
  return data.slice(start, Math.min(start + partSize, data.size))
}

async function sendParts(context: TransferContext, job: MultipartJob, ref: UploadRef, signal: AbortSignal): Promise<void> {
  const { state, data } = job
  const queue: number[] = []
  for (let n = 1; n <= partCount({ size: data.size, partSize: state.partSize }); n++) if (!state.done.has(n)) queue.push(n)
  // Parts to sign ahead: every part not in the store yet, those in flight included.
  const missing = () => queue.length === 0 ? [...inFlight.keys()] : [...inFlight.keys(), ...queue]
  const inFlight = new Map<number, number>()
  const layout = { size: data.size, partSize: state.partSize }
  // Counted as parts land, not summed per progress event: that sum sliced a Blob per landed part per
  // event (2 GiB in 8 MiB parts: ~10^5 slices, each a blob registered with Chromium's browser
  // process), which cost the 2 GiB upload ~150 MB of renderer memory and half its time.
  let doneBytes = 0
  for (const n of state.done.keys()) doneBytes += partBytes(layout, n)
  const report = () => {
    let bytes = doneBytes
    for (const loaded of inFlight.values()) bytes += loaded
    job.onProgress(bytes)
  }
  report()
  // One failing part stops its siblings at once instead of letting them run on.
  const stop = new AbortController()
  const linked = AbortSignal.any([signal, stop.signal])
  // The next parts' hashes run while these parts are sent, so a freed connection need not wait for one.
  // Each MD5 is signed into its part's URL, so only parts already hashed are signed ahead.
  const hashed = new Map<number, string>()
  // A hash that is ready gets its URL signed at once (coalesced per tick), so a freed
  // connection finds the next part hashed and signed instead of waiting on the endpoint.
  let signing = false
  const signReady = () => {
    if (signing) return
    signing = true
    queueMicrotask(() => {
      signing = false
      if (!linked.aborted) context.cache.prefetchParts(ref, pending().filter((part) => part.digest !== undefined))
    })
  }
  const hashes = context.checksum
    ? new HashAhead(context.hasher, (n: number) => ({ blob: partSlice(data, state.partSize, n)!, within: { whole: data, start: (n - 1) * state.partSize } }), (n, md5) => {
      hashed.set(n, md5)
      signReady()
    })
    : undefined
  const pending = (): PartToSign[] =>
    missing().flatMap((partNumber) => {
      if (!hashes) return [{ partNumber }]
      const digest = hashed.get(partNumber)
      return digest === undefined ? [] : [{ partNumber, digest }]
    })
  const worker = async () => {
    for (let n = queue.shift(); n !== undefined; n = queue.shift()) {
      const md5 = hashes?.take(n, linked)
      hashes?.ahead(queue.slice(0, job.parallel))
      inFlight.set(n, 0)
      await sendPart(context, job, ref, n, md5, pending, linked, (loaded) => {
        inFlight.set(n!, loaded)
        report()
      })
      inFlight.delete(n)
      hashed.delete(n)
      doneBytes += partBytes(layout, n)
      report()
    }
  }
  const workers = Array.from({ length: Math.max(1, Math.min(job.parallel, queue.length)) }, () =>
    worker().catch((error: unknown) => {
      stop.abort(error)
      throw error
    }),
  )
  try {
    await Promise.all(workers)
  } catch (error) {
    await Promise.allSettled(workers)
    if (signal.aborted) throw signal.reason
    throw error
  } finally {
    hashes?.clear()
  }
}

async function sendPart(
  context: TransferContext,
  job: MultipartJob,
  ref: UploadRef,
  partNumber: number,
  hash: Promise<string> | undefined,
  pending: () => readonly PartToSign[],
  signal: AbortSignal,
  onProgress: (loaded: number) => void,
): Promise<void> {
  const body = partSlice(job.data, job.state.partSize, partNumber)!
  const digest = await hash
  const algorithm = context.checksumAlgorithm ?? 'md5'
  const etag = await callWithRetry(
    {
      sign: (fresh, callSignal) => context.cache.part(ref, { partNumber, digest }, pending(), fresh, callSignal),
      send: async (signed, callSignal) => {
        onProgress(0)
        const response = await sendSigned(context, signed, callSignal, {
          body,
          extraHeaders: digest ? { [CHECKSUM_HEADERS[algorithm]]: digest } : {},
          onProgress,
        })
        return readEtag(response)
      },
    },
    context.retry,
    signal,
    context.clock,
    context.network,
  )
  job.state.done.set(partNumber, etag)
  if (digest !== undefined && algorithm === 'sha256') (job.state.checksums ??= new Map()).set(partNumber, digest)
}

/**
 * `unverified`: a retried Complete was answered NoSuchUpload. That may mean the first
 * attempt completed it (its answer lost) or that the upload was aborted: only a look
 * at the object (`confirmUpload`'s HeadObject) tells, so the caller must confirm.
 */
async function complete(
  context: TransferContext,
  state: MultipartState,
  ref: UploadRef,
  signal: AbortSignal,
): Promise<{ location: string; unverified: boolean; sha256: string | undefined }> {
  const checksums = context.checksum && context.checksumAlgorithm === 'sha256' ? state.checksums ?? new Map<number, string>() : undefined
  const parts = [...state.done].sort(([a], [b]) => a - b).map(([partNumber, etag]) => ({ partNumber, etag, checksumSha256: checksums?.get(partNumber) }))
  // The composite checksum signed into Complete: the store refuses to complete from other parts.
  const sha256 = checksums && await compositeSha256(parts.map((part) => part.checksumSha256 ?? ''))
  return callWithRetry(
    {
      sign: (_fresh, callSignal) => context.cache.sign({ operation: 'completeMultipartUpload', ...ref, ...(sha256 && { sha256 }) }, callSignal),
      send: async (signed, callSignal, sends) => {
        const location = withoutQuery(signed.url)
        try {
          await sendSigned(context, signed, callSignal, { body: completeBody(parts), extraHeaders: { 'content-type': 'application/xml' } })
        } catch (error) {
          if (!(sends > 1 && isNoSuchUpload(error))) throw error
          return { location, unverified: true, sha256 }
        }
        return { location, unverified: false, sha256 }
      },
    },
    context.retry,
    signal,
    context.clock,
    context.network,
  )
}

/** AbortMultipartUpload, so a cancelled upload leaves no parts behind. An upload already gone counts as aborted. */
export async function abortMultipart(context: TransferContext, ref: UploadRef, signal: AbortSignal): Promise<void> {
  await callWithRetry(
    {
      sign: (_fresh, callSignal) => context.cache.sign({ operation: 'abortMultipartUpload', ...ref }, callSignal),
      send: async (signed, callSignal) => {
        try {
          await sendSigned(context, signed, callSignal)
        } catch (error) {
          if (!isNoSuchUpload(error)) throw error
        }
      },
    },
    context.retry,
    signal,
    context.clock,
    context.network,
  )
  context.cache.forget('', ref.uploadId)
}

function isNoSuchUpload(error: unknown): boolean {
  return error instanceof StorageError && error.status === 404
}
