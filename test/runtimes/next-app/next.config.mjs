import path from 'node:path'

/** @type {import('next').NextConfig} */
export default {
  // Without it `next build` asks the registry's advisory service (see /work/shared/notes/toolchain.md).
  experimental: { agentUpgrade: false },
  // The packages live in test/runtimes/node_modules, one level up.
  turbopack: { root: path.resolve(import.meta.dirname, '..') },
  outputFileTracingRoot: path.resolve(import.meta.dirname, '..'),
}
