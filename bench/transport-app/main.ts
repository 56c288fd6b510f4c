// The benchmark page: the same picked files go up through our upload engine,
// through a hand-written fetch loop, or through stock Uppy 6 (@uppy/aws-s3),
// each timed in the page. bench/transport.mjs drives it.
import { UploadController, type TransferOptions } from '../../src/core/index.js'
import { rawUpload } from '../support/raw-loop.js'
import type { Layout } from '../support/sign.js'
import { stockUpload } from '../support/stock-uppy.js'

const ENDPOINT = '/api/s3'
const TARGET = { endpoint: ENDPOINT, headers: { authorization: 'Bearer bench' } }
const MiB = 1024 * 1024

const picked = () => Array.from((document.getElementById('pick') as HTMLInputElement).files ?? [])

async function timed(work: () => Promise<void>): Promise<number> {
  const started = performance.now()
  await work()
  return performance.now() - started
}

/** The hand-written baseline: fetch PUTs, `concurrency` files (or parts of one big file) in flight. */
const raw = (layout: Layout) => timed(() => rawUpload(TARGET, picked(), layout))

/** Our engine (what <S3Uploader> runs on), from addFiles to the last file landed. */
function widget(options: TransferOptions): Promise<number> {
  const files = picked()
  return new Promise((resolve, reject) => {
    let landed = 0
    const controller = new UploadController({
      endpoint: ENDPOINT,
      headers: { authorization: 'Bearer bench' },
      resumeAfterReload: false,
      ...options,
      onUploadComplete: (done) => {
        landed += done.length
        if (landed === files.length) {
          resolve(performance.now() - started)
          controller.destroy()
        }
      },
      onError: (error) => reject(new Error(`${error.code}: ${error.message}`)),
    })
    const started = performance.now()
    controller.addFiles(files)
  })
}

/** Stock @uppy/aws-s3 6 with a signRequest over the same endpoint (adding the files is timed too). */
const stock = (layout: Layout) => timed(() => stockUpload(TARGET, picked(), layout))

declare global {
  interface Window {
    transportBench: { raw: typeof raw; widget: typeof widget; stock: typeof stock; MiB: number }
  }
}
window.transportBench = { raw, widget, stock, MiB }
