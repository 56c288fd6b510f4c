import { abortable } from '../endpoint/batching-endpoint-client.js'
import { StorageError } from '../errors.js'
import { CHECKSUM_HEADERS } from '../hashing/checksum-hashers.js'
import { md5HexOfBase64 } from '../hashing/digest-encoding.js'
import { callWithRetry } from './retry.js'
import { whileReadable } from './unreadable-file.js'
import { sendSigned, withoutQuery, type TransferContext, type TransferJob, type TransferResult } from './transfer-context.js'

/**
 * One PUT for the whole file, retried and re-signed as needed. The digest comes first:
 * the server signs it into the URL (`file.md5` or `file.sha256`), so the store takes only these bytes.
 */
export async function uploadSimple(context: TransferContext, job: TransferJob, signal: AbortSignal): Promise<TransferResult> {
  const algorithm = context.checksumAlgorithm ?? 'md5'
  const { data, file: { name } } = job
  const digest = context.checksum
    ? await whileReadable(data, name, signal, () => abortable(job.md5 ?? context.hasher.md5Base64(data, signal), signal))
    : undefined
  const file = digest === undefined ? job.file : { ...job.file, [algorithm]: digest }
  const result = await callWithRetry(
    {
      sign: (fresh, callSignal) => context.cache.putObject(job.fileId, file, fresh, callSignal),
      send: async (signed, callSignal) => {
        job.onProgress(0)
        // The ETag to confirm: the one our own hash predicts, else the store's (if CORS exposes it).
        const predicted = digest !== undefined && algorithm === 'md5' ? `"${md5HexOfBase64(digest)}"` : undefined
        const sha256 = digest !== undefined && algorithm === 'sha256' ? digest : undefined
        const landed = { key: signed.key, location: withoutQuery(signed.url), ...(predicted && { etag: predicted }), ...(sha256 && { sha256 }) }
        let response
        try {
          response = await whileReadable(data, name, callSignal, () =>
            sendSigned(context, signed, callSignal, {
              body: data,
              extraHeaders: digest ? { [CHECKSUM_HEADERS[algorithm]]: digest } : {},
              onProgress: job.onProgress,
            }),
          )
        } catch (error) {
          // With preventOverwrite (If-None-Match: * signed in), the resend of a PUT that landed but
          // whose answer was lost is refused 412; the resend may be Chromium's own (it retries a PUT
          // once on a dropped keep-alive socket), so this can be our first send. The key is new per
          // file: only confirmUpload's HeadObject (size, our digest) tells whether it holds our bytes.
          if (!(context.confirm && isPreconditionFailed(error))) throw error
          return { ...landed, unverified: true }
        }
        const etag = predicted ?? response.header('etag') ?? undefined
        return { ...landed, ...(etag && { etag }) }
      },
    },
    context.retry,
    signal,
    context.clock,
    context.network,
  )
  context.cache.forget(job.fileId)
  job.onProgress(data.size)
  return result
}

function isPreconditionFailed(error: unknown): boolean {
  return error instanceof StorageError && error.status === 412
}
