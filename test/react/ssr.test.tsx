// @vitest-environment node
import { renderToString } from 'react-dom/server'
import { expect, it } from 'vitest'

it('imports and renders on the server with no window or navigator', async () => {
  expect(typeof window).toBe('undefined')
  const { S3Uploader } = await import('../../src/react/index.js')
  const html = renderToString(<S3Uploader endpoint="/api/s3" />)
  expect(html).toContain('Choose files')
  expect(html).toContain('aria-label="Files to upload"')
})
