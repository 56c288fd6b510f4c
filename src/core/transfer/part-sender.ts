import { partCount } from '../../protocol/index.js'
import { CHECKSUM_HEADERS } from '../hashing/checksum-hashers.js'
import type { MultipartJob } from './multipart-upload.js'
import { hashAheadDepth, partLength, partSlice, type PartHashes } from './part-hashes.js'
import { readEtag } from './s3-xml-replies.js'
import { callWithRetry } from './retry.js'
import { whileReadable } from './unreadable-file.js'
import type { PartToSign, UploadRef } from './upload-url-cache.js'
import { sendSigned, type TransferContext } from './transfer-context.js'

/** Sends the parts the store does not have yet, `job.parallel` at a time; each part's ETag goes into `job.state.done`. */
export async function sendParts(
  context: TransferContext,
  job: MultipartJob,
  ref: UploadRef,
  hashes: PartHashes | undefined,
  signal: AbortSignal,
): Promise<void> {
  const { state, data } = job
  const queue: number[] = []
  for (let n = 1; n <= partCount({ size: data.size, partSize: state.partSize }); n++) if (!state.done.has(n)) queue.push(n)
  const inFlight = new Map<number, number>()
  // Bytes of the parts in the store, kept as a sum: progress events come often and parts can be many.
  let doneBytes = 0
  for (const n of state.done.keys()) doneBytes += partLength(data.size, state.partSize, n)
  const report = () => {
    let bytes = doneBytes
    for (const loaded of inFlight.values()) bytes += loaded
    job.onProgress(bytes)
  }
  report()
  // One failing part stops its siblings at once instead of letting them run on.
  const stop = new AbortController()
  const linked = AbortSignal.any([signal, stop.signal])
  // Parts to sign ahead. Each digest is signed into its part's URL, so with checksums only parts already hashed.
  const pending = (): PartToSign[] =>
    hashes
      ? [...hashes.known].flatMap(([partNumber, digest]) => (state.done.has(partNumber) ? [] : [{ partNumber, digest }]))
      : [...inFlight.keys(), ...queue].map((partNumber) => ({ partNumber }))
  // With checksums, URLs are signed as hashes come in (coalesced per tick), in batches once the
  // next round has its URLs: one part per request took an endpoint request (and a main-thread
  // fetch) per part; batched, one per round. Asked again as parts start, since that uses URLs up.
  let signing = false
  const signAhead = () => {
    if (!hashes || signing) return
    signing = true
    queueMicrotask(() => {
      signing = false
      if (linked.aborted) return
      const unsigned = pending().filter(({ partNumber }) => !context.cache.hasPart(ref, partNumber))
      if (unsigned.length === 0) return
      let ready = 0
      for (const n of queue.slice(0, job.parallel)) if (context.cache.hasPart(ref, n)) ready += 1
      if (unsigned.length < job.parallel && ready >= Math.min(job.parallel, queue.length)) return
      context.cache.prefetchParts(ref, unsigned)
    })
  }
  if (hashes) hashes.onHashed = signAhead
  // Hashes that finished while the upload was being created go out in one request.
  signAhead()
  const worker = async () => {
    for (let n = queue.shift(); n !== undefined; n = queue.shift()) {
      const digest = hashes?.take(n, linked)
      // The next parts' hashes run while these parts are sent, so a freed connection need not wait for one.
      hashes?.ahead(queue.slice(0, hashAheadDepth(job.parallel)))
      signAhead()
      inFlight.set(n, 0)
      await sendPart(context, job, ref, n, digest, pending, linked, (loaded) => {
        inFlight.set(n!, loaded)
        report()
      })
      inFlight.delete(n)
      doneBytes += partLength(data.size, state.partSize, n)
      hashes?.forget(n)
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
    if (hashes) hashes.onHashed = undefined
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
  // A file gone since it was picked fails its part's hash or PUT without an answer: checked then (unreadable-file.ts).
  const { data, file: { name } } = job
  const digest = hash && (await whileReadable(data, name, signal, () => hash))
  const algorithm = context.checksumAlgorithm ?? 'md5'
  const etag = await callWithRetry(
    {
      sign: (fresh, callSignal) => context.cache.part(ref, { partNumber, digest }, pending(), fresh, callSignal),
      send: async (signed, callSignal) => {
        onProgress(0)
        const response = await whileReadable(data, name, callSignal, () =>
          sendSigned(context, signed, callSignal, {
            body,
            extraHeaders: digest ? { [CHECKSUM_HEADERS[algorithm]]: digest } : {},
            onProgress,
          }),
        )
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
