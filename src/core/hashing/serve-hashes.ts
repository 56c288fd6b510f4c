// The message loop every hashing worker runs (md5-worker.ts, sha256-worker.ts): one `hash`
// at a time as the pool (md5-hasher.ts) sends them, each answered once, cancels honoured.
import type { FromMd5Worker, ToMd5Worker } from './md5-worker-protocol.js'

type HashMessage = Extract<ToMd5Worker, { kind: 'hash' }>

/** Answers the pool's messages with `digestOf` (base64); `md5` is the pool's name for the digest, whatever its algorithm. */
export function serveHashes(digestOf: (message: HashMessage, signal: AbortSignal) => Promise<string>): void {
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
    digestOf(message, controller.signal).then(
      (md5) => reply({ kind: 'done', id: message.id, md5 }),
      (error: unknown) => reply({ kind: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error) }),
    ).finally(() => running.delete(message.id))
  })
}
