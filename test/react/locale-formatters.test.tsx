import { afterEach, expect, it, vi } from 'vitest'
import { announcement } from '../../src/react/LiveStatus.js'
import { defaultLocale, formatDuration, formatNumber, plural } from '../../src/react/locale.js'

afterEach(() => vi.restoreAllMocks())

const counts = { pending: 0, uploading: 2, 'waiting-for-network': 0, paused: 0, resumable: 0, complete: 1998, error: 3 }
const file = (index: number) => ({ id: `f${index}`, name: `f${index}.txt`, size: 1, type: 'text/plain', status: 'error' as const, bytesUploaded: 0, progress: 0, data: new Blob(['x']) })

it('builds each Intl formatter once, not on every render of the counts, the time left and the announcement', () => {
  // Warm up: the first call for a locale and options builds its formatter.
  const render = (n: number) => [
    plural(defaultLocale.summaryUploaded, 2000 + n, 'en', { done: formatNumber(1998 + n, 'en') }),
    formatDuration(40 + n, 'en'),
    formatDuration(400 + n, 'en'),
    announcement([file(1), file(2), file(3)], counts, [], 'error', defaultLocale),
  ]
  const first = render(0)
  const numberFormats = vi.spyOn(Intl, 'NumberFormat')
  const pluralRules = vi.spyOn(Intl, 'PluralRules')
  const listFormats = vi.spyOn(Intl, 'ListFormat')
  for (let n = 1; n <= 10; n++) render(n)
  expect(render(0)).toEqual(first)
  expect(first[1]).toBe('40 seconds')
  expect(numberFormats).not.toHaveBeenCalled()
  expect(pluralRules).not.toHaveBeenCalled()
  expect(listFormats).not.toHaveBeenCalled()
})
