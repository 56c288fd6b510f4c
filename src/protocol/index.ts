/**
 * The wire protocol between the browser and the signing endpoint: message types,
 * S3's limits and part arithmetic, and the error codes with their HTTP statuses.
 * Depends on nothing (no Node, no Uppy, no React), so every side can import it.
 */
export * from './messages.js'
export * from './limits.js'
export * from './error-codes.js'
export * from './get-objects-error-codes.js'
