import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest'
import type { AppServer } from './support/app.js'
import { launchChromium } from './support/browser.js'
import { startImagesApp } from './support/images-app.js'
import { rgwClient } from './support/s3.js'
import { deleteKeys, signingLog } from './support/signed-images.js'

const KEY = 'users/alice/tone.wav'
const SECONDS = 60

/** A mono 16-bit WAV of a quiet tone: Chromium plays WAV, and its size (2.6 MB) is read in ranges. */
function wav(seconds: number, rate = 22_050): Buffer {
  const samples = seconds * rate
  const data = Buffer.alloc(samples * 2)
  for (let index = 0; index < samples; index += 1) {
    data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * index) / rate) * 2000), index * 2)
  }
  const header = Buffer.alloc(44)
  header.write('RIFF', 0)
  header.writeUInt32LE(36 + data.length, 4)
  header.write('WAVEfmt ', 8)
  header.writeUInt32LE(16, 16)
  header.writeUInt16LE(1, 20)
  header.writeUInt16LE(1, 22)
  header.writeUInt32LE(rate, 24)
  header.writeUInt32LE(rate * 2, 28)
  header.writeUInt16LE(2, 32)
  header.writeUInt16LE(16, 34)
  header.write('data', 36)
  header.writeUInt32LE(data.length, 40)
  return Buffer.concat([header, data])
}

let browser: Browser
let s3: S3Client

beforeAll(async () => {
  browser = await launchChromium()
  s3 = rgwClient()
  await s3.send(new PutObjectCommand({ Bucket: inject('rgw').bucket, Key: KEY, Body: wav(SECONDS), ContentType: 'audio/wav' }))
})
afterAll(async () => {
  await browser?.close()
  await deleteKeys(s3, [KEY])
  s3?.destroy()
})

describe('<SignedAudio> against Ceph RGW in Chromium', () => {
  let app: AppServer
  const signing = signingLog()
  beforeAll(async () => {
    app = await startImagesApp({ presign: { getObjectExpiresIn: 10 }, wrapHandler: signing.wrap })
  })
  afterAll(() => app?.close())

  it('plays 40 s on 10-second URLs, swapping each fresh URL in where it was, and seeks after they expired', async () => {
    const page = await browser.newPage()
    await page.goto(`${app.url}/?media=${encodeURIComponent(KEY)}`)
    await page.locator('audio[data-state="loaded"]').waitFor({ state: 'attached', timeout: 30_000 })
    await page.waitForFunction(() => document.querySelector('audio')!.readyState >= 1, undefined, { timeout: 30_000 })
    await page.getByRole('button', { name: 'Play' }).click()
    // Real time: 40 s of playback, with room for a loaded machine.
    await page.waitForFunction(() => document.querySelector('audio')!.currentTime >= 40, undefined, { timeout: 150_000, polling: 500 })

    const record = await page.evaluate(() => window.mediaRecord)
    const firstUrl = record.srcs[0]!
    // A new URL went in every refresh round (~7.7 s apart)...
    expect(new Set(record.srcs).size).toBeGreaterThanOrEqual(4)
    // ...and playback never went back to the start: each swap resumed where it was.
    const jumpsBack = record.times.filter((time, index) => index > 0 && time < record.times[index - 1]! - 1)
    expect(jumpsBack).toEqual([])
    expect(record.states).not.toContain('error')
    await expect(page.evaluate(() => document.querySelector('audio')!.paused)).resolves.toBe(false)
    expect((await fetch(firstUrl)).status).toBe(403)

    // A seek back, long after the first URLs expired, plays on from there.
    await page.evaluate(() => {
      document.querySelector('audio')!.currentTime = 5
    })
    await page.waitForFunction(() => {
      const audio = document.querySelector('audio')!
      return audio.currentTime > 6 && audio.currentTime < 30 && !audio.paused
    }, undefined, { timeout: 30_000, polling: 250 })
    await expect(page.locator('audio').getAttribute('data-state')).resolves.not.toBe('error')
    await page.close()
  })
})
