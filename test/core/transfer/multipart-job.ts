import type { MultipartJob } from '../../../src/core/transfer/multipart-upload.js'

/** The tests' multipart uploads are cut in parts of the S3 minimum. */
export const PART = 5 * 1024 * 1024

/** A fresh multipart job for `data` (nothing sent yet), `parallel` parts in flight; `extra` overrides any field. */
export function multipartJob(data: Uint8Array, parallel: number, extra: Partial<MultipartJob> = {}): MultipartJob {
  return {
    fileId: 'f1',
    file: { name: 'big.bin', size: data.length, type: 'application/octet-stream' },
    data: new Blob([new Uint8Array(data)]),
    onProgress: () => {},
    state: { partSize: PART, done: new Map() },
    parallel,
    onCreated: () => {},
    ...extra,
  }
}
