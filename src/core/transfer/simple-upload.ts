import { callWithRetry } from './retry.js'
import { sendSigned, withoutQuery, type TransferContext, type TransferJob, type TransferResult } from './transfer-context.js'

/** One PUT for the whole file, retried and re-signed as needed. */
export async function uploadSimple(context: TransferContext, job: TransferJob, signal: AbortSignal): Promise<TransferResult> {
  const md5 = context.checksum && job.data.size > 0 ? await context.hasher.md5Base64(job.data, signal) : undefined
  const result = await callWithRetry(
    {
      sign: (fresh, callSignal) => context.cache.putObject(job.fileId, job.file, fresh, callSignal),
      send: async (signed, callSignal) => {
        job.onProgress(0)
        await sendSigned(context, signed, callSignal, {
          body: job.data,
          extraHeaders: md5 ? { 'content-md5': md5 } : {},
          onProgress: job.onProgress,
        })
        return { key: signed.key, location: withoutQuery(signed.url) }
      },
    },
    context.retry,
    signal,
    context.clock,
    context.network,
  )
  context.cache.forget(job.fileId)
  job.onProgress(job.data.size)
  return result
}
