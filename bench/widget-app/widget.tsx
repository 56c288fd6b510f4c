// The real <S3Uploader>, from src, with its defaults (Content-MD5 on); the
// bench hands files to its own file input and counts what onUploadComplete reports.
import { createRoot } from 'react-dom/client'
import { S3Uploader } from '../../src/react/index.js'
import '../../src/react/styles.css'
import type { Layout, SignTarget } from '../support/sign.js'
import { failed, landed } from './record.js'

/** `options`: extra props (e.g. `{ checksum: false }`), to split one cost from another; none in the usual bench. */
export function mountWidget(root: HTMLElement, target: SignTarget, layout: Layout, options: Record<string, unknown> = {}): void {
  createRoot(root).render(
    <S3Uploader
      {...options}
      endpoint={target.endpoint}
      headers={target.headers}
      concurrency={layout.concurrency}
      multipartThreshold={layout.threshold}
      partSize={layout.partSize}
      onUploadComplete={(files) => landed(files.length)}
      onError={(error, file) => failed(`${error.code}: ${error.message} (${file?.name ?? 'no file'})`)}
    />,
  )
}
