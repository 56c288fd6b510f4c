// The worker script: built into a string by Vite (`?worker&inline`, see
// md5-worker-start.ts) and started from a Blob URL. Hashes one blob at a time,
// as the pool sends them; the File the page picked stays on disk, read piece by piece into one buffer.
import { blobMd5Base64 } from './blob-md5.js'
import type { FromMd5Worker, ToMd5Worker } from './md5-worker-protocol.js'

const running = new Map<number, AbortController>()
const reply = (message: FromMd5Worker) => postMessage(message)

addEventListener('message', (event: MessageEvent<ToMd5Worker>) => {
  const message = event.data
  if (message.kind === 'cancel') {
    running.get(message.id)?.abort()
    return
  }
  const controller = new AbortController()
  running.set(message.id, controller)
  blobMd5Base64(message.blob, controller.signal).then(
    (md5) => reply({ kind: 'done', id: message.id, md5 }),
    (error: unknown) => reply({ kind: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error) }),
  ).finally(() => running.delete(message.id))
})
