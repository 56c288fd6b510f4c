import { describe, expect, it } from 'vitest'
import { urlLifetime } from '../../../src/core/endpoint/url-lifetime.js'

const SIGNED = 'https://bucket.s3.test/a.png?X-Amz-Date=20261201T100000Z&X-Amz-Expires=90&X-Amz-Signature=abc'

describe('urlLifetime', () => {
  it('reads the life from X-Amz-Expires when the URL was signed now', () => {
    const life = urlLifetime({ url: SIGNED, expiresAt: '2026-12-01T10:01:30Z', serverDate: null, sentAt: 0, now: 50 })
    expect(life).toBe(89_000)
  })

  it('believes the reply\'s expiresIn over a URL whose signing time was rounded into the past', () => {
    // Signed at 10:00:00 (the window's start), handed out at 10:00:25: 65 s left, not 89.
    const life = urlLifetime({ url: SIGNED, expiresAt: '2026-12-01T10:01:30Z', serverDate: null, sentAt: 0, now: 50, expiresIn: 65 })
    expect(life).toBe(65_000)
  })

  it('still takes the shorter of expiresIn and the Date header', () => {
    const life = urlLifetime({
      url: SIGNED, expiresAt: '2026-12-01T10:01:30Z', serverDate: 'Tue, 01 Dec 2026 10:00:40 GMT', sentAt: 0, now: 50, expiresIn: 65,
    })
    expect(life).toBe(49_000)
  })
})
