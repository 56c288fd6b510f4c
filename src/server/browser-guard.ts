/**
 * What a browser bundler gets for `react-presigned-s3/server` (the `browser`
 * export condition): signing needs the app's S3 secret, which must never ship
 * to a browser, so importing it there fails loudly at build or load time.
 */
throw new Error(
  'react-presigned-s3/server runs on the server only: import it from a route handler or API server, not from browser code.',
)
