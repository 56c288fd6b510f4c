import { act, render, screen } from '@testing-library/react'
import { useUppyState } from '@uppy/react'
import { expect, it } from 'vitest'
import { useS3Upload, type UseS3UploadResult } from '../../src/react/index.js'

// On React 19 only: @uppy/react resolves the root's React, not test/react18's.

/** A host component reading our Uppy instance through @uppy/react's own hook. */
function FileCount({ onReady }: { onReady: (upload: UseS3UploadResult) => void }) {
  const upload = useS3Upload({ endpoint: '/api/s3', autoUpload: false })
  onReady(upload)
  const count = useUppyState(upload.controller.uppy, (state) => Object.keys(state.files).length)
  return <p>{count} files in Uppy</p>
}

it('exposes an Uppy instance that @uppy/react hooks can read', () => {
  let upload: UseS3UploadResult | undefined
  render(<FileCount onReady={(value) => (upload = value)} />)
  expect(screen.getByText('0 files in Uppy')).toBeInTheDocument()
  act(() => upload!.addFiles([new File(['x'], 'a.txt', { type: 'text/plain' })]))
  expect(screen.getByText('1 files in Uppy')).toBeInTheDocument()
})
