import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ListMultipartUploadsCommand, type S3Client } from '@aws-sdk/client-s3'
import type { Page } from 'playwright-core'
import { inject } from 'vitest'
// @ts-expect-error plain ESM script without types, shared with the demo
import { startAppServer } from '../../../demo/app-server.mjs'
// @ts-expect-error plain ESM script without types, shared with bench/
import { startFaultProxy } from '../../../tools/fault-proxy.mjs'

const appRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '../transport-app')

type Handler = (request: Request) => Promise<Response>

export interface Decision {
  action?: 'pass' | 'cut' | 'flip' | 'lose-answer' | 'slowdown'
  delayMs?: number
}

export interface SeenRequest {
  method: string
  url: string
  index: number
  action: string
  /** The store's answer, once it came (`errorCode`: its `<Code>`, for a status ≥ 400). */
  status?: number
  errorCode?: string
}

export interface FaultProxy {
  url: string
  seen: SeenRequest[]
  close(): Promise<void>
}

export function startProxy(options: {
  decide?: (request: { method: string; url: string; index: number }) => Decision
  bytesPerSecond?: number
  latencyMs?: number
}): Promise<FaultProxy> {
  return startFaultProxy({ target: inject('rgw').endpoint, ...options })
}

export interface TransportApp {
  url: string
  /** Every operation the signing endpoint was asked for (batch items counted one by one). */
  operations: string[]
  /** HTTP requests the signing endpoint received. */
  requests: number
  /**
   * Holds every request to the signing endpoint until `release()`, so nothing is sent meanwhile;
   * `files` names the files of the requests held so far (a file is named once it is hashed, with checksums on).
   */
  hold(): { files: string[]; release(): void }
  close(): Promise<void>
}

/** The transport page with the real handler, signing URLs for the proxy's address. */
export async function startTransportApp(proxy: FaultProxy, presign: Record<string, unknown> = {}): Promise<TransportApp> {
  const operations: string[] = []
  let requests = 0
  let held: { files: string[]; until: Promise<void> } | undefined
  const count = (handler: Handler): Handler => async (request) => {
    requests += 1
    const body = await request.clone().json()
    const items = body.operation === 'batch' ? body.requests : [body]
    for (const item of items) operations.push(item.operation)
    if (held) {
      held.files.push(...items.flatMap((item: { file?: { name: string } }) => (item.file ? [item.file.name] : [])))
      await held.until
    }
    return handler(request)
  }
  const app = await startAppServer({
    root: appRoot,
    storage: { ...inject('rgw'), endpoint: proxy.url },
    requiredToken: 'e2e-token',
    presign,
    wrapHandler: count,
  })
  return {
    url: app.url,
    operations,
    get requests() {
      return requests
    },
    hold() {
      let open!: () => void
      const hold = { files: [] as string[], until: new Promise<void>((resolve) => (open = resolve)) }
      held = hold
      return {
        files: hold.files,
        release() {
          if (held === hold) held = undefined
          open()
        },
      }
    },
    close: () => app.close(),
  }
}

export async function multipartUploadsFor(s3: S3Client, name: string): Promise<string[]> {
  const listed = await s3.send(new ListMultipartUploadsCommand({ Bucket: inject('rgw').bucket, Prefix: 'uploads/' }))
  return (listed.Uploads ?? []).map((upload) => upload.Key!).filter((key) => key.endsWith(`/${name}`))
}

export function recorded(page: Page) {
  return page.evaluate(() => window.recorded)
}

export async function fileProgress(page: Page, name: string): Promise<number> {
  const value = await page.getByRole('progressbar', { name: `Upload progress of ${name}` }).getAttribute('aria-valuenow')
  return Number(value ?? 0)
}
