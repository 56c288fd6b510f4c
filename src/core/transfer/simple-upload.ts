import { callWithRetry } from './retry-runner.js'
import { sendSigned, withoutQuery, type TransferContext, type TransferJob, type TransferResult } from './transfer-context.js'

/** One PUT for the whole file, retried and re-signed as needed. */
export async function uploadSimple(context: TransferContext, job: TransferJob, signal: AbortSignal): Promise<TransferResult> {
  const md5 = context.checksum && job.data.size > 0 ? await context.hasher.md5Base64(job.data, signal) : undefined
  let key = ''
  let url = ''
  await callWithRetry(
    {
      sign: async (fresh, callSignal) => {
        const reply = await context.cache.putObject(job.fileId, job.file, fresh, callSignal)
        key = reply.key
        url = reply.url
        return reply
      },
      send: (signed, callSignal) => {
        job.onProgress(0)
        return sendSigned(context, signed, callSignal, {
          body: job.data,
          extraHeaders: md5 ? { 'content-md5': md5 } : {},
          onProgress: job.onProgress,
        })
      },
    },
    context.retry,
    signal,
  )
  context.cache.forget(job.fileId)
  job.onProgress(job.data.size)
  return { key, location: withoutQuery(url) }
}
