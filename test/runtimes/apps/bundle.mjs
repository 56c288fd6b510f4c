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
    metafile: true,
    logLevel: 'warning',
    // Not the repository's tsconfig.json, whose `paths` would send the package name to src/.
    tsconfigRaw: '{}',
    ...BUNDLERS[bundler],
  })
  // The point is the published export map: the bundle must hold the packed package's server code.
  const inputs = Object.keys(result.metafile.inputs)
  if (!inputs.some((input) => input.endsWith('node_modules/react-presigned-s3/dist/server.js'))) {
    throw new Error(`${bundler} bundle of ${entry} does not contain react-presigned-s3/dist/server.js:\n${inputs.join('\n')}`)
  }
  return result.outputFiles[0].text
}
