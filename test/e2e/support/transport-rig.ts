import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { S3Client } from '@aws-sdk/client-s3'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchChromium } from './browser.js'
import { rgwClient } from './s3.js'
import { startProxy, startTransportApp, type FaultProxy, type TransportApp } from './transport.js'

/** A file on disk, as a user picks it (disk-backed in Chromium, with a real lastModified). */
export interface DiskFile {
  name: string
  path: string
  bytes: Buffer
}

export interface TransportRig {
  readonly browser: Browser
  readonly s3: S3Client
  readonly proxy: FaultProxy
  readonly app: TransportApp
  /** Writes `size` random bytes to a file of the rig's temporary folder. */
  diskFile(name: string, size: number): Promise<DiskFile>
}

/**
 * What the e2e files that pick large files from disk share: Chromium, an RGW client, the fault
 * proxy in front of RGW, the transport app signing through it, and a temporary folder; started
 * before the file's tests, closed after them.
 */
export function useTransportRig(proxyOptions: Parameters<typeof startProxy>[0], presign: Record<string, unknown> = {}): TransportRig {
  const started: { browser?: Browser; s3?: S3Client; proxy?: FaultProxy; app?: TransportApp; dir?: string } = {}
  const need = <K extends keyof typeof started>(key: K): NonNullable<(typeof started)[K]> => {
    const value = started[key]
    if (value === undefined) throw new Error(`The transport rig's ${key} is used before its beforeAll ran`)
    return value
  }
  beforeAll(async () => {
    started.browser = await launchChromium()
    started.s3 = rgwClient()
    started.proxy = await startProxy(proxyOptions)
    started.app = await startTransportApp(started.proxy, presign)
    started.dir = await mkdtemp(path.join(tmpdir(), 'rps3-e2e-'))
  })
  afterAll(async () => {
    await started.browser?.close()
    started.s3?.destroy()
    await started.app?.close()
    await started.proxy?.close()
    if (started.dir) await rm(started.dir, { recursive: true, force: true })
  })
  return {
    get browser() {
      return need('browser')
    },
    get s3() {
      return need('s3')
    },
    get proxy() {
      return need('proxy')
    },
    get app() {
      return need('app')
    },
    async diskFile(name, size) {
      const bytes = randomBytes(size)
      const file = path.join(need('dir'), name)
      await writeFile(file, bytes)
      return { name, path: file, bytes }
    },
  }
}
