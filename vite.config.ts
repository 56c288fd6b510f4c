import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'

/** Everything a host app installs itself stays out of our bundles. */
const external = [/^react($|\/)/, /^react-dom($|\/)/, /^@uppy\//, /^@aws-sdk\//, /^node:/]

export default defineConfig({
  plugins: [react()],
  build: {
    copyPublicDir: false,
    sourcemap: true,
    minify: false,
    lib: {
      entry: {
        index: 'src/react/index.ts',
        core: 'src/core/index.ts',
        server: 'src/server/index.ts',
        'server-browser': 'src/server/browser-guard.ts',
        cli: 'src/cli/bin.ts',
      },
      formats: ['es'],
    },
    rolldownOptions: { external },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/core/**/*.test.ts', 'test/server/**/*.test.ts', 'test/cli/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'component',
          environment: 'jsdom',
          include: ['test/react/**/*.test.tsx'],
          setupFiles: ['test/setup/component.ts'],
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
