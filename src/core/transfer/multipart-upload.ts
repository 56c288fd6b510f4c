import { partCount } from '../../protocol/index.js'
import { StorageError } from '../errors.js'
import { compositeSha256 } from '../hashing/checksum-hashers.js'
import { md5HexOfBase64 } from '../hashing/digest-encoding.js'
import type { ResumeStore } from './resume-store.js'
import { listAllParts } from './list-parts.js'
import { completeBody, readUploadId, type ListedPart } from './s3-xml-replies.js'
import { callWithRetry } from './retry.js'
import { hashAheadDepth, PartHashes, partLength } from './part-hashes.js'
import { sendParts } from './part-sender.js'
import { isFileUnreadable, whileReadable } from './unreadable-file.js'
import type { UploadRef } from './upload-url-cache.js'
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
  const hashes = context.checksum ? new PartHashes(context.hasher, job.data, job.state.partSize) : undefined
  let ref: UploadRef
  try {
    // The first parts are needed first, whether to send or to check against a listed part.
    hashes?.ahead(firstMissing(job, hashAheadDepth(job.parallel)))
    if (!job.state.ref) await openUpload(context, job, hashes, signal)
    ref = job.state.ref!
    await sendParts(context, job, ref, hashes, signal)
  } finally {
    hashes?.clear()
  }
  const { location, unverified, sha256 } = await complete(context, job.state, ref, signal)
  job.resume?.store.delete(job.resume.fingerprint)
  context.cache.forget(job.fileId, ref.uploadId)
  // Loaded here, not with the page: the main thread's MD5 stays out of the first bundle (see md5-hasher.ts).
  const { multipartEtag } = await import('./expected-etag.js')
  const etag = multipartEtag([...job.state.done].sort(([a], [b]) => a - b).map(([, partEtag]) => partEtag))
  return { key: ref.key, location, ...(etag !== undefined && { etag }), ...(sha256 && { sha256 }), ...(unverified && { unverified }) }
}

/** Up to `count` part numbers the store does not have yet (as far as this page knows), in order. */
function firstMissing({ data, state }: MultipartJob, count: number): number[] {
  const parts: number[] = []
  const total = partCount({ size: data.size, partSize: state.partSize })
  for (let n = 1; n <= total && parts.length < count; n++) if (!state.done.has(n)) parts.push(n)
  return parts
}

async function openUpload(context: TransferContext, job: MultipartJob, hashes: PartHashes | undefined, signal: AbortSignal): Promise<void> {
  const { state, resume } = job
  const record = resume?.store.get(resume.fingerprint)
  if (record && record.size === job.data.size && record.partSize === state.partSize) {
    const ref = { key: record.key, uploadId: record.uploadId }
    try {
      const listed = await listAllParts(context, ref, signal)
      state.done = await verifiedParts(context, job, listed, hashes, signal)
      state.ref = ref
      job.onCreated(ref)
      return
    } catch (error) {
      if (signal.aborted) throw signal.reason
      // The file is gone, not the upload: kept as this file's, so the uploader aborts it with the rest.
      if (isFileUnreadable(error)) {
        state.ref = ref
        throw error
      }
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

/** Keeps a listed part only if it has the size this file's part would have and, with checksums on (`hashes`), the same digest. */
async function verifiedParts(
  context: TransferContext,
  job: MultipartJob,
  listed: ListedPart[],
  hashes: PartHashes | undefined,
  signal: AbortSignal,
): Promise<Map<number, string>> {
  const done = new Map<number, string>()
  for (const part of listed) {
    const length = partLength(job.data.size, job.state.partSize, part.partNumber)
    if (length === 0 || length !== part.size) continue
    if (hashes) {
      const digest = await whileReadable(job.data, job.file.name, signal, () => hashes.take(part.partNumber, signal))
      if (context.checksumAlgorithm === 'sha256') {
        if (part.checksumSha256 !== digest) continue
        ;(job.state.checksums ??= new Map()).set(part.partNumber, digest)
      } else if (part.etag.replace(/"/g, '').toLowerCase() !== md5HexOfBase64(digest)) continue
    }
    done.set(part.partNumber, part.etag)
  }
  return done
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
