import path from 'node:path'
import type { Plugin } from 'vite'
import { defineConfig } from 'vitest/config'

// The testing helpers' suite and the host-style test again, on MSW 3 (Vitest 5, jsdom 31, Node 22), all installed
// in this folder. The tests import `msw` and `vitest` from files outside it: these aliases send them here.
const here = import.meta.dirname
const root = path.resolve(here, '../..')
const LOCAL = /^(msw|vitest|@testing-library\/jest-dom)($|\/)/

/** Resolves those imports as if made from this folder (so through each package's own `exports`). */
const fromHere: Plugin = {
  name: 'resolve-from-msw3-folder',
  enforce: 'pre',
  resolveId(source, importer) {
    if (!LOCAL.test(source) || importer?.startsWith(`${here}/node_modules/`)) return null
    return this.resolve(source, path.join(here, 'vitest.config.ts'), { skipSelf: true })
  },
}

/** The package's own names, as a host app imports them (test/host), resolved to the sources. */
const alias = [
  { find: /^react-presigned-s3\/testing$/, replacement: path.join(root, 'src/testing/index.ts') },
  { find: /^react-presigned-s3$/, replacement: path.join(root, 'src/react/index.ts') },
]

export default defineConfig({
  root,
  plugins: [fromHere],
  test: {
    projects: [
      { extends: true, test: { name: 'msw3-unit', environment: 'node', include: ['test/testing/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'msw3-component',
          environment: 'jsdom',
          include: ['test/testing/**/*.test.tsx'],
          setupFiles: ['test/msw3/component-setup.ts'],
        },
      },
      {
        extends: true,
        resolve: { alias },
        // As the README sets up a host app on MSW 3: globals, and no setup file (jsdom's File and Blob stay).
        test: { name: 'msw3-host', environment: 'jsdom', globals: true, include: ['test/host/**/*.test.tsx'] },
      },
    ],
  },
})
