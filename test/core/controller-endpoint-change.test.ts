// What a changed option does once Uppy exists: endpoint options are read per request (see
// test/react/use-s3-upload-endpoint.test.tsx); a Companion server cannot be swapped under a running Uppy.
import { afterEach, expect, it, vi } from 'vitest'
import { UploadController } from '../../src/core/upload-controller.js'

afterEach(() => vi.restoreAllMocks())

it('warns in development when companionEndpoint changes after Uppy was created, once per change', () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  const controller = new UploadController({ companionEndpoint: 'https://companion.test' })
  controller.setOptions({ companionEndpoint: 'https://other.test' }) // no Uppy yet: it will use this one
  expect(warn).not.toHaveBeenCalled()
  void controller.uppy
  controller.setOptions({ companionEndpoint: 'https://third.test' })
  controller.setOptions({ companionEndpoint: 'https://third.test' })
  expect(warn).toHaveBeenCalledTimes(1)
  expect(warn.mock.calls[0]![0]).toMatch(/companionEndpoint. changed/)
  controller.destroy()
})

it('does not warn when only the endpoint or credentials change: they apply to the next request', () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  const controller = new UploadController({ endpoint: '/api/a' })
  void controller.uppy
  controller.setOptions({ endpoint: '/api/b', credentials: 'include' })
  expect(warn).not.toHaveBeenCalled()
  controller.destroy()
})
