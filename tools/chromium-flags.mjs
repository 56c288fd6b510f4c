// The one list of Chromium's flags for the tests, vite.config.ts and the benches (plain Node
// cannot import TypeScript, hence JavaScript; types in chromium-flags.d.mts).

/** Debian's Chromium; the test tools never download a browser of their own. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** This machine has no network but the package registries: keep Chromium from calling home. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]
