import type { S3Client } from '@aws-sdk/client-s3'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchChromium } from './browser.js'
import { rgwClient } from './s3.js'

export interface BrowserAndStore {
  /** Chromium, launched before the file's tests and closed after them. */
  readonly browser: Browser
  /** An SDK client on the run's RGW, to check what really landed. */
  readonly s3: S3Client
}

/** One Chromium and one RGW client per test file, set up and torn down by the file's hooks. */
export function useBrowserAndStore(): BrowserAndStore {
  const env = {} as { browser: Browser; s3: S3Client }
  beforeAll(async () => {
    env.browser = await launchChromium()
    env.s3 = rgwClient()
  })
  afterAll(async () => {
    await env.browser?.close()
    env.s3?.destroy()
  })
  return env
}
