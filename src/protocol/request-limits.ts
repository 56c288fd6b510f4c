/** The limits on one request to the signing endpoint, which both sides size their requests by. */

/** The server's default request limits; the client sizes its batches to fit them. */
export const SERVER_LIMIT_DEFAULTS = {
  /** 64 KiB. */
  maxRequestBytes: 64 * 1024,
  maxBatchSize: 100,
  maxPartNumbersPerRequest: 100,
  maxKeysPerRequest: 500,
} as const

/**
 * Most keys one `getObjects` request with `check` may carry: each costs the endpoint a
 * request to the store, and the client checks only keys whose image failed to load.
 */
export const MAX_CHECKED_KEYS = 10
