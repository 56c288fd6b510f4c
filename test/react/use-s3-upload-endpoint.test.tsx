// useS3Upload's endpoint options: from <PresignProvider> like <S3Uploader>'s, and read at each request, so a
// changed `endpoint` or `credentials` applies to the next upload instead of staying as the first render had it.
import { act, render, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { expect, it, vi } from 'vitest'
import { PresignProvider, useS3Upload, type UseS3UploadOptions, type UseS3UploadResult } from '../../src/react/index.js'
import { createMockStorage } from '../../src/testing/index.js'
import { useMswServer } from './msw-server.js'

const { server } = useMswServer()

function Probe({ options, onRender }: { options: UseS3UploadOptions; onRender: (result: UseS3UploadResult) => void }) {
  onRender(useS3Upload(options))
  return null
}

function mount(options: UseS3UploadOptions, wrap: (children: ReactNode) => ReactNode = (children) => children) {
  let latest: UseS3UploadResult | undefined
  const tree = (next: UseS3UploadOptions) => wrap(<Probe options={next} onRender={(result) => (latest = result)} />)
  const view = render(tree(options))
  const upload = async (name: string) => {
    act(() => latest!.addFiles([new File([name], name, { type: 'text/plain' })]))
    await waitFor(() => expect(latest!.files.find((file) => file.name === name)?.status).toBe('complete'))
  }
  return { upload, rerender: (next: UseS3UploadOptions) => view.rerender(tree(next)) }
}

it('signs through the PresignProvider endpoint, with its headers, when given no endpoint', async () => {
  const storage = createMockStorage({ endpoint: '/api/provided' })
  const seen: Array<string | null> = []
  server.use(...storage.handlers)
  const fetchSpy = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
    seen.push(new Headers(init?.headers).get('authorization'))
    return fetch(input, init)
  })
  const { upload } = mount({}, (children) => (
    <PresignProvider endpoint="/api/provided" headers={{ authorization: 'Bearer t' }} fetch={fetchSpy}>
      {children}
    </PresignProvider>
  ))
  await upload('a.txt')
  expect(storage.objects.size).toBe(1)
  expect(seen).toContain('Bearer t')
})

it('uses a changed endpoint and credentials for the next upload', async () => {
  const first = createMockStorage({ endpoint: '/api/first', bucketUrl: 'https://first.s3.test' })
  const second = createMockStorage({ endpoint: '/api/second', bucketUrl: 'https://second.s3.test' })
  server.use(...first.handlers, ...second.handlers)
  const credentials: Array<RequestCredentials | undefined> = []
  const fetchSpy = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
    credentials.push(init?.credentials)
    return fetch(input, init)
  })
  const { upload, rerender } = mount({ endpoint: '/api/first', fetch: fetchSpy })
  await upload('one.txt')
  rerender({ endpoint: '/api/second', credentials: 'include', fetch: fetchSpy })
  await upload('two.txt')
  expect([...first.objects.values()].map((object) => object.key)).toEqual([expect.stringMatching(/one\.txt$/)])
  expect([...second.objects.values()].map((object) => object.key)).toEqual([expect.stringMatching(/two\.txt$/)])
  expect(credentials.at(0)).toBe('same-origin')
  expect(credentials.at(-1)).toBe('include')
})
