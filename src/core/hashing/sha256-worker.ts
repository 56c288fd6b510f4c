// The SHA-256 worker script, as md5-worker.ts is the MD5 one (built into a string by Vite,
// see sha256-worker-start.ts), speaking the same messages to the same pool (md5-hasher.ts).
import { blobSha256Base64 } from './blob-sha256.js'
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
  blobSha256Base64(message.blob, controller.signal).then(
    // `md5` is the pool's name for the digest, whatever its algorithm.
    (digest) => reply({ kind: 'done', id: message.id, md5: digest }),
    (error: unknown) => reply({ kind: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error) }),
  ).finally(() => running.delete(message.id))
})
