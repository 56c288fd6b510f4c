import type { StorageTransport } from '../../../src/core/transfer/storage-transport.js'
import * as StorageFailure from '../../../src/core/transfer/storage-failures.js'

interface Disk {
  gone: boolean
  /** Reads of the file's bytes that were tried, failed ones included (canRead's one-byte read counts). */
  reads: number
}

/** What Chromium 156 rejects a read of a deleted picked File with (its `name` and `message`). */
export const notFound = () =>
  new DOMException('A requested file or directory could not be found at the time an operation was processed.', 'NotFoundError')

/**
 * A picked file whose file on disk the test deletes (`remove()`): from then on every read of it
 * or of a slice of it rejects as Chromium's do (test/e2e/file-gone.e2e.test.ts checks those):
 * `arrayBuffer()` with NotFoundError, a stream with TypeError "network error".
 */
export function goneFile(bytes: Uint8Array | string, name = 'photo.jpg', type = 'image/jpeg') {
  const disk: Disk = { gone: false, reads: 0 }
  const file = withDisk(new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], name, { type }), disk)
  return {
    file,
    disk,
    remove() {
      disk.gone = true
    },
  }
}

/** Whether `body` is (a slice of) a gone file. */
export function isGone(body: unknown): boolean {
  return body instanceof Blob && DISKS.get(body)?.gone === true
}

/** A transport whose requests fail as Chromium's do when their body's file is gone: before they are sent, with no answer. */
export function goneAware(transport: StorageTransport): StorageTransport {
  return async (request) => {
    if (isGone(request.body)) throw StorageFailure.network()
    return transport(request)
  }
}

const DISKS = new WeakMap<Blob, Disk>()

function withDisk<B extends Blob>(blob: B, disk: Disk): B {
  DISKS.set(blob, disk)
  const { arrayBuffer, stream, slice } = blob
  Object.assign(blob, {
    arrayBuffer() {
      disk.reads += 1
      return disk.gone ? Promise.reject(notFound()) : arrayBuffer.call(blob)
    },
    stream() {
      disk.reads += 1
      if (!disk.gone) return stream.call(blob)
      return new ReadableStream({ type: 'bytes', pull: (controller) => controller.error(new TypeError('network error')) })
    },
    slice(...args: Parameters<Blob['slice']>) {
      return withDisk(slice.apply(blob, args), disk)
    },
  })
  return blob
}
