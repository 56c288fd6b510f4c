import { vi } from 'vitest'

/**
 * jsdom never loads images, so `new Image()` is replaced by one that fetches its
 * `src` (answered by MSW's bucket) and decodes when the store answers 2xx:
 * preloading then really talks to the mock store.
 */
class FetchingImage {
  src = ''
  crossOrigin: string | null = null
  referrerPolicy = ''
  onload: (() => void) | null = null
  onerror: (() => void) | null = null

  async decode(): Promise<void> {
    const response = await fetch(this.src)
    await response.arrayBuffer()
    if (!response.ok) throw new DOMException('The source image cannot be decoded.', 'EncodingError')
  }
}

export function stubImageLoading(): void {
  vi.stubGlobal('Image', FetchingImage)
}

/** Records every `src` an element takes, to prove it never went blank in between. */
export function recordSrc(element: HTMLElement): string[] {
  const seen: string[] = [element.getAttribute('src') ?? '(none)']
  new MutationObserver(() => seen.push(element.getAttribute('src') ?? '(none)')).observe(element, {
    attributes: true,
    attributeFilter: ['src'],
  })
  return seen
}

export const png = (text = 'png') => ({ key: '', contentType: 'image/png', body: new TextEncoder().encode(text) })
