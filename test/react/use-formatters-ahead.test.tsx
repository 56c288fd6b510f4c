import { cleanup, render } from '@testing-library/react'
import { afterEach, expect, it, vi } from 'vitest'
import { S3Uploader } from '../../src/react/index.js'
import { formatNumber, plural } from '../../src/react/locale.js'

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

it('builds the locale\'s formatters while the page is idle, before the first file needs them', () => {
  const idle: Array<() => void> = []
  vi.stubGlobal('requestIdleCallback', (callback: () => void) => idle.push(callback))
  vi.stubGlobal('cancelIdleCallback', () => {})
  // A language no other test formats in: its formatters are not built yet.
  render(<S3Uploader endpoint="/api/s3" locale={{ language: 'fr-CA' }} />)
  expect(idle).toHaveLength(1)
  for (const callback of idle) callback()
  const numberFormats = vi.spyOn(Intl, 'NumberFormat')
  const pluralRules = vi.spyOn(Intl, 'PluralRules')
  expect(plural({ one: '{count} fichier', other: '{count} fichiers' }, 1200, 'fr-CA', {})).toMatch(/^1\s200 fichiers$/)
  expect(formatNumber(3, 'fr-CA')).toBe('3')
  expect(numberFormats).not.toHaveBeenCalled()
  expect(pluralRules).not.toHaveBeenCalled()
})
