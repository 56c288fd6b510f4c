/**
 * `console.warn` in development builds only. Bundlers replace `process.env.NODE_ENV`
 * at build time; where nothing replaced it and there is no `process` (a plain ESM
 * page), reading it throws, and that counts as production: no warning.
 */
export function warnInDevelopment(message: string): void {
  let development: boolean
  try {
    development = process.env.NODE_ENV !== 'production'
  } catch {
    development = false
  }
  if (development) console.warn(`react-presigned-s3: ${message}`)
}
