import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { inject } from 'vitest'
// @ts-expect-error plain ESM script without types, shared with the demo
import { startAppServer } from '../../../demo/app-server.mjs'
import type { AppServer } from './app.js'
import { E2E_TOKEN } from './app.js'

const appRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '../app-images')

type Handler = (request: Request) => Promise<Response>

/**
 * The SignedImage page with the real handler, where each user (the `x-user`
 * header) may read only `users/<name>/…`, as a host app's session would decide.
 */
export function startImagesApp(
  options: { presign?: Record<string, unknown>; wrapHandler?: (handler: Handler) => Handler } = {},
): Promise<AppServer> {
  const authorize = (request: Request) => {
    const user = request.headers.get('x-user')
    if (request.headers.get('authorization') !== `Bearer ${E2E_TOKEN}` || !user) return false
    return { allow: true, keyPrefix: `users/${user}/` }
  }
  return startAppServer({
    root: appRoot,
    storage: inject('rgw'),
    ...options,
    presign: { authorize, ...options.presign },
  })
}
