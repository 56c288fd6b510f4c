// Loaded only when a server asks for SHA-256 (checksum-hashers.ts) and the first hash runs;
// bundled into a string and started from a Blob URL for the reasons in md5-worker-start.ts.
import Sha256Worker from './sha256-worker.js?worker&inline'
import type { FromMd5Worker } from './md5-worker-protocol.js'
import type { StartMd5Worker } from './md5-worker-start.js'

export const startSha256Worker: StartMd5Worker = (events) => {
  const worker = new Sha256Worker({ name: 'react-presigned-s3 SHA-256' })
  worker.onmessage = (event: MessageEvent<FromMd5Worker>) => events.onMessage(event.data)
  worker.onerror = () => events.onError()
  worker.onmessageerror = () => events.onError()
  return { send: (message) => worker.postMessage(message), terminate: () => worker.terminate() }
}
