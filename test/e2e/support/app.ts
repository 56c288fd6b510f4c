import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { inject } from 'vitest'
// @ts-expect-error plain ESM script without types, shared with the demo
import { startAppServer } from '../../../demo/app-server.mjs'

const appRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '../app')

export const E2E_TOKEN = 'e2e-token'

type Handler = (request: Request) => Promise<Response>

export interface AppServer {
  url: string
  close(): Promise<void>
}

/** The e2e page, served by Vite, with the real signing handler in front of the test's RGW. */
export function startE2eApp(
  options: { presign?: Record<string, unknown>; wrapHandler?: (handler: Handler) => Handler; /** another bucket of the run's RGW */ bucket?: string } = {},
): Promise<AppServer> {
  const { bucket, ...rest } = options
  const storage = { ...inject('rgw'), ...(bucket !== undefined && { bucket }) }
  return startAppServer({ root: appRoot, storage, requiredToken: E2E_TOKEN, ...rest })
}
