import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin'
import react from '@vitejs/plugin-react'
import { playwright } from '@vitest/browser-playwright'
import { defineConfig } from 'vitest/config'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tools/chromium-flags.js'

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
      entry: {
        index: 'src/react/index.ts',
        read: 'src/react/read.ts',
        core: 'src/core/index.ts',
        server: 'src/server/index.ts',
        'server-browser': 'src/server/browser-guard.ts',
        testing: 'src/testing/index.ts',
        cli: 'src/cli/bin.ts',
      },
      formats: ['es'],
    },
    rolldownOptions: {
      external,
      output: {
        // The read side (SignedImage, useSignedUrl) in a chunk of its own that imports no Uppy:
        // in a shared chunk with the upload controller, esbuild and webpack kept the controller's
        // `class … extends BasePlugin` and so Uppy (bench/bundle-size.mjs).
        codeSplitting: {
          groups: [{
            name: 'read-side',
            test: /src\/(core\/(read|endpoint)\/|core\/(errors|clock)\.ts$|protocol\/|react\/(SignedImage|SignedMedia|use-signed-\w+|presign-context|PresignProvider)\.tsx?$)/,
          }, {
            // Then what <S3Uploader> renders with, apart from the controller it loads with the first file
            // (bench/bundle-size.mjs), in three chunks: state the controller shares, the one `import()` of
            // the controller (in a chunk the controller does not import: in a cycle with it, Vite 8's
            // Rolldown kept the controller's chunks in apps that never upload), and the components.
            name: 'uploader-state',
            test: /src\/(core\/(store|following-store|upload-state|restrictions|transfer\/persisted-queue\/options)\.ts$|react\/locale\.ts$)/,
          }, {
            name: 'lazy-controller',
            test: /src\/core\/lazy-upload-controller\.ts$/,
          }, {
            // The entry chunk keeps only re-exports: esbuild keeps every chunk that a used chunk imports,
            // used or not (evanw/esbuild#3704), and a chunk importing React counts as used.
            name: 'uploader-view',
            test: (id) => id.includes('/src/react/') && !/src\/react\/(index|read|use-s3-upload)\.ts$/.test(id),
          }, {
            // useS3Upload imports the controller, so it has a chunk of its own too.
            name: 'upload-controller',
            test: /src\/core\/upload-controller\.ts$/,
          }, {
            name: 'use-s3-upload',
            test: /src\/react\/use-s3-upload\.ts$/,
          }],
        },
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
          include: ['test/protocol/**/*.test.ts', 'test/core/**/*.test.ts', 'test/server/**/*.test.ts', 'test/cli/**/*.test.ts', 'test/testing/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'component',
          environment: 'jsdom',
          include: ['test/react/**/*.test.tsx', 'test/testing/**/*.test.tsx', 'test/interop/**/*.test.tsx'],
          setupFiles: ['test/setup/component.ts'],
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
