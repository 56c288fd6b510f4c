// Loaded with a dynamic import only when the first hash is asked for, so the
// worker's code (a string) stays out of the page's initial bundle.
//
// `?worker&inline` makes Vite bundle md5-worker.ts into a string at build time
// and start it from a Blob URL (a data: URL if that throws). Chosen over
// `new Worker(new URL('./md5-worker.js', import.meta.url))` because that form,
// shipped in a library, depends on the host's bundler finding and emitting the
// file, which Vite's dependency pre-bundling got wrong for years
// (vitejs/vite#8427, fixed in 2026; vitejs/vite#23045 still open) and older
// bundlers do not do at all; a string needs nothing from the host's bundler,
// only a CSP that allows `worker-src blob:`.
import Md5Worker from './md5-worker.js?worker&inline'
import type { FromMd5Worker, ToMd5Worker } from './md5-worker-protocol.js'

/** One worker as the pool sees it: a fake in tests. */
export interface Md5WorkerPort {
  send(message: ToMd5Worker): void
  terminate(): void
}

export interface Md5WorkerEvents {
  onMessage(message: FromMd5Worker): void
  /** The worker failed to start, threw outside a hash, or sent a message that could not be read. */
  onError(): void
}

export type StartMd5Worker = (events: Md5WorkerEvents) => Md5WorkerPort

export const startMd5Worker: StartMd5Worker = (events) => {
  const worker = new Md5Worker({ name: 'react-presigned-s3 MD5' })
  worker.onmessage = (event: MessageEvent<FromMd5Worker>) => events.onMessage(event.data)
  worker.onerror = () => events.onError()
  worker.onmessageerror = () => events.onError()
  return { send: (message) => worker.postMessage(message), terminate: () => worker.terminate() }
}
