// @vitest-environment node
import { renderToString } from 'react-dom/server'
import { expect, it } from 'vitest'

it('imports and renders SignedImage on the server with no window, as an idle placeholder', async () => {
  expect(typeof window).toBe('undefined')
  expect(typeof document).toBe('undefined')
  const { PresignProvider, SignedImage } = await import('../../src/react/index.js')
  const html = renderToString(
    <PresignProvider endpoint="/api/s3">
      <SignedImage objectKey="users/1/cat.png" alt="A cat" className="photo" fallback={<span>…</span>} fallbackDelayMs={0} />
    </PresignProvider>,
  )
  expect(html).toBe('<img class="photo" alt="A cat" data-state="idle"/>')
})
