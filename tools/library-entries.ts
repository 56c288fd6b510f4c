/**
 * The package's built entry points: each source becomes `dist/<name>.js` (vite.config.ts
 * `build.lib.entry`), which package.json `exports` names. test/build/use-client.test.ts reads
 * this table to check that exactly the entries reaching React carry "use client".
 */
export const LIBRARY_ENTRIES = {
  index: 'src/react/index.ts',
  read: 'src/react/read.ts',
  core: 'src/core/index.ts',
  server: 'src/server/index.ts',
  'server-browser': 'src/server/browser-guard.ts',
  testing: 'src/testing/index.ts',
  cli: 'src/cli/bin.ts',
} as const satisfies Record<string, string>
