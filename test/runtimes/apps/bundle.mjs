// Bundles a worker entry as the platform's own tooling does, for runtimes
// that take one script rather than resolving packages themselves.
import { build } from 'esbuild'

export const BUNDLERS = {
  // wrangler (workers-sdk): `workerd`, then `worker`, then `browser`; node:* left to workerd's nodejs_compat.
  wrangler: { format: 'esm', conditions: ['workerd', 'worker', 'browser'], external: ['node:*'] },
  // Next.js edge routes: edge-light first; nothing from Node is available.
  'next-edge': { format: 'iife', conditions: ['edge-light', 'worker', 'browser', 'import', 'module', 'default'], external: [] },
}

export async function bundle(entry, bundler) {
  const result = await build({
    entryPoints: [new URL(entry, import.meta.url).pathname],
    bundle: true,
    write: false,
    platform: 'browser',
    target: 'es2022',
    mainFields: ['browser', 'module', 'main'],
    logLevel: 'warning',
    ...BUNDLERS[bundler],
  })
  return result.outputFiles[0].text
}
