import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin'
import react from '@vitejs/plugin-react'
import { playwright } from '@vitest/browser-playwright'
import { defineConfig } from 'vitest/config'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tools/chromium-flags.mjs'
import { LIBRARY_ENTRIES } from './tools/library-entries.js'

const dirname = path.dirname(fileURLToPath(import.meta.url))

/** Everything a host app installs itself stays out of our bundles. */
const external = [/^react($|\/)/, /^react-dom($|\/)/, /^@uppy\//, /^@aws-sdk\//, /^msw($|\/)/, /^node:/]

/** The component tests again on React 18, installed in test/react18 (see its package.json for why). */
const react18 = path.resolve(import.meta.dirname, 'test/react18/node_modules')
const react18Alias = ['react', 'react-dom', '@testing-library/react'].map((name) => ({
  find: new RegExp(`^${name}(/.*)?$`),
  replacement: `${react18}/${name}$1`,
}))

/** The package's own names, as a host app imports them (test/host), resolved to the sources. */
export const packageAlias = [
  { find: /^react-presigned-s3\/testing$/, replacement: path.resolve(dirname, 'src/testing/index.ts') },
  { find: /^react-presigned-s3$/, replacement: path.resolve(dirname, 'src/react/index.ts') },
]

export default defineConfig({
  plugins: [react()],
  build: {
    copyPublicDir: false,
    sourcemap: true,
    minify: false,
    lib: {
      entry: LIBRARY_ENTRIES,
      formats: ['es'],
    },
    rolldownOptions: {
      external,
      output: {
        // One file per source module: a host bundler drops whole modules an import does not reach
        // (package.json `sideEffects`), so `<SignedImage>` from the main entry brings no uploader and
        // no Uppy. Our own chunks mixed the two, and esbuild's splitting kept the uploader's part
        // (bench/bundle-size.mjs; src/core/endpoint/ keeps the read side's pieces in files of their own).
        preserveModules: true,
        preserveModulesRoot: 'src',
      },
    },
  },
  // The MD5 worker ships as a string (src/core/hashing/md5-worker-start.ts) that no host minifier can reach: minify it here.
  worker: { rolldownOptions: { output: { minify: true } } },
  test: {
    // scripts/test-all.mjs (npm test) names these projects: add a new one there too.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/protocol/**/*.test.ts', 'test/build/**/*.test.ts', 'test/core/**/*.test.ts', 'test/server/**/*.test.ts', 'test/cli/**/*.test.ts', 'test/testing/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'component',
          environment: 'jsdom',
          include: ['test/react/**/*.test.tsx', 'test/testing/**/*.test.tsx', 'test/interop/**/*.test.tsx'],
          setupFiles: ['test/setup/component.ts'],
          // A test runs several 5 s waitFors (test/setup/component.ts); the default 5 s per test
          // timed out on a loaded 2-core run where each expectation did hold in the end.
          testTimeout: 20_000,
          env: { EXPECTED_REACT_MAJOR: '19' },
        },
      },
      {
        extends: true,
        resolve: { alias: react18Alias },
        test: {
          name: 'component-react18',
          environment: 'jsdom',
          include: ['test/react/**/*.test.tsx'],
          setupFiles: ['test/setup/component.ts'],
          globalSetup: ['test/react18/install.ts'],
          testTimeout: 20_000,
          env: { EXPECTED_REACT_MAJOR: '18' },
        },
      },
      {
        extends: true,
        resolve: { alias: packageAlias },
        // A host app's tests as the README sets them up for MSW 2; test/msw3 runs them again on MSW 3.
        test: { name: 'host', environment: 'jsdom', globals: true, include: ['test/host/**/*.test.tsx'], setupFiles: ['test/host/setup-msw2.ts'] },
      },
      {
        extends: true,
        // Every story is a test: rendered in Chromium with its MSW mocks, its play function run, axe checked.
        plugins: [storybookTest({ configDir: path.join(dirname, '.storybook') })],
        test: {
          name: 'stories',
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      {
        extends: true,
        // Every runtime and framework the README names, each running the packed package (test/runtimes).
        test: {
          name: 'runtimes',
          environment: 'node',
          include: ['test/runtimes/**/*.test.ts'],
          globalSetup: ['test/runtimes/install.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        },
      },
      {
        extends: true,
        // What users install: publint and attw on the packed tarball, the README's examples type-checked against it (test/package).
        test: {
          name: 'package',
          environment: 'node',
          include: ['test/package/**/*.test.ts'],
          globalSetup: ['test/package/install.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.e2e.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
