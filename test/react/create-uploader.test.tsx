import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, expectTypeOf, it, vi } from 'vitest'
import { createUploader, type ServerDataOf, type UploadedFile } from '../../src/react/index.js'
import type { PresignHandler } from '../../src/server/index.js'
import { createMockStorage } from '../../src/testing/index.js'
import { useMswServer } from './msw-server.js'

const { server } = useMswServer()

// What `typeof handler` is for `createPresignHandler({ routes })` on the server (type only).
type Handler = PresignHandler<{
  avatar: { maxFileSize: number; onUploadComplete: () => Promise<{ avatarUrl: string }> }
  documents: { onUploadComplete: () => { documentId: number } }
  plain: { maxFileSize: number }
}>

describe('createUploader<typeof handler>()', () => {
  it("types serverData from the route's onUploadComplete and checks route names", () => {
    expectTypeOf<ServerDataOf<Handler, 'avatar'>>().toEqualTypeOf<{ avatarUrl: string }>()
    expectTypeOf<ServerDataOf<Handler, 'documents'>>().toEqualTypeOf<{ documentId: number }>()
    expectTypeOf<ServerDataOf<Handler, 'plain'>>().toEqualTypeOf<unknown>()
    const Uploader = createUploader<Handler>()
    // @ts-expect-error: not a route of the handler
    void (() => <Uploader endpoint="/api/s3" route="banner" />)
    void (() => (
      <Uploader
        endpoint="/api/s3"
        route="avatar"
        onUploadComplete={(files) => expectTypeOf(files).toEqualTypeOf<Array<UploadedFile<{ avatarUrl: string }>>>()}
      />
    ))
  })

  it('sends the route with every request and hands back serverData', async () => {
    const storage = createMockStorage({ onUploadComplete: () => ({ avatarUrl: '/a.png' }) })
    server.use(...storage.handlers)
    const Uploader = createUploader<Handler>()
    const onUploadComplete = vi.fn()
    render(<Uploader endpoint="/api/s3" route="avatar" onUploadComplete={onUploadComplete} />)
    await userEvent.setup().upload(screen.getByLabelText('Files to upload'), new File(['hi'], 'a.png', { type: 'image/png' }))
    await waitFor(() => expect(onUploadComplete).toHaveBeenCalledTimes(1))
    expect(onUploadComplete.mock.calls[0]![0][0].serverData).toEqual({ avatarUrl: '/a.png' })
    expect([...storage.signingRequests, ...storage.confirmRequests].map((request) => request.route)).toEqual(['avatar', 'avatar'])
  })
})
