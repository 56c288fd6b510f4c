/**
 * Loads and decodes an image off-screen, so swapping the visible `<img>` to the
 * new URL shows the picture at once (from the browser's memory cache) instead of
 * blanking while it downloads.
 */

export interface PreloadOptions {
  /** Must match the visible `<img>`, or the browser caches the two loads separately. */
  crossOrigin?: '' | 'anonymous' | 'use-credentials' | undefined
  referrerPolicy?: ReferrerPolicy | undefined
}

export interface Preload {
  promise: Promise<void>
  /** Drops the load handlers; the caller ignores the promise after this. */
  cancel(): void
}

function loaded(image: HTMLImageElement): Promise<void> {
  // decode() also waits for decoding; older engines only have the events.
  if (typeof image.decode === 'function') return image.decode()
  return new Promise((resolve, reject) => {
    image.onload = () => resolve()
    image.onerror = () => reject(new Error('image failed to load'))
  })
}

export function preloadImage(url: string, options: PreloadOptions): Preload {
  const image = new Image()
  if (options.crossOrigin !== undefined) image.crossOrigin = options.crossOrigin
  if (options.referrerPolicy !== undefined) image.referrerPolicy = options.referrerPolicy
  image.src = url
  return {
    promise: loaded(image),
    cancel() {
      image.onload = null
      image.onerror = null
    },
  }
}
