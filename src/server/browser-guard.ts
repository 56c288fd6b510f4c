/**
 * What a browser bundler gets for `react-presigned-s3/server` (the `browser`
 * export condition): signing needs the app's S3 secret, which must never ship
 * to a browser, so the bundle throws this message as soon as it loads.
 *
 * Two things keep bundlers from silently dropping the throw: package.json lists
 * this file under `sideEffects` (else a module nobody uses a value of is
 * removed, throw and all), and it has the same named exports as index.ts (else
 * esbuild reads an export-less file as CommonJS and turns every import into
 * `undefined` with only a warning). The exports throw the same message, in case
 * a bundler still hoists past the top-level throw.
 */
const MESSAGE =
  'react-presigned-s3/server runs on the server only: import it from a route handler or API server, not from browser code.'

function serverOnly(): never {
  throw new Error(MESSAGE)
}

export {
  serverOnly as createPresignHandler,
  serverOnly as cloudFrontReadSigner,
  serverOnly as createS3Client,
  serverOnly as PresignErrorCode,
  serverOnly as toNodeHandler,
}

serverOnly()
