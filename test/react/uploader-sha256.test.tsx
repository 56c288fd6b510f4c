import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { expect, it } from 'vitest'
import { S3Uploader } from '../../src/react/index.js'
import { createMockStorage } from '../../src/testing/index.js'
import { useMswServer } from './msw-server.js'

const { server } = useMswServer()

// With the server's checksumAlgorithm 'sha256' (AWS S3), the widget hashes with SHA-256, asks for
// the URL with it, and the store (here the mock, which verifies it as S3 does) takes only those bytes.
it("checksumAlgorithm='sha256' signs the body's SHA-256 into its PUT and sends it as x-amz-checksum-sha256", async () => {
  const storage = createMockStorage()
  const sent: Array<string | null> = []
  server.events.on('request:start', ({ request }) => {
    if (request.method === 'PUT') sent.push(request.headers.get('x-amz-checksum-sha256'))
  })
  server.use(...storage.handlers)
  render(<S3Uploader endpoint="/api/s3" checksumAlgorithm="sha256" />)
  await userEvent.setup().upload(screen.getByLabelText('Files to upload'), new File(['hello world'], 'photo.png', { type: 'image/png' }))
  await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('1 of 1 file uploaded'))
  // SHA-256 of "hello world", base64.
  const sha256 = 'uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek='
  expect(storage.signingRequests).toEqual([{ operation: 'putObject', file: { name: 'photo.png', size: 11, type: 'image/png', sha256 } }])
  expect(sent).toEqual([sha256])
  expect(storage.objects.get('uploads/1/photo.png')!.checksumSha256).toBe(sha256)
  expect(storage.confirmRequests).toMatchObject([{ operation: 'confirmUpload', key: 'uploads/1/photo.png', size: 11, sha256 }])
  server.events.removeAllListeners()
})
