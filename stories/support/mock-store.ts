import { fn } from 'storybook/test'
import { createMockStorage, type MockStorageOptions, type StoredObject } from '../../src/testing/index.js'

/** The mocked signing endpoint every story talks to (the bucket behind it is `https://bucket.s3.test`). */
export const ENDPOINT = '/api/s3'

/** A mock signing endpoint and bucket for `ENDPOINT`; a story keeps it to read what reached the store. */
export function mockStore(options: Omit<MockStorageOptions, 'endpoint'> = {}) {
  return createMockStorage({ endpoint: ENDPOINT, ...options })
}

/** A mock endpoint and bucket for a viewer who is user 1: it signs reads under `users/1/` only, and holds `objects`. */
export function viewerStore(objects: readonly StoredObject[], options: Omit<MockStorageOptions, 'endpoint' | 'canRead'> = {}) {
  const mock = mockStore({ canRead: (key) => key.startsWith('users/1/'), ...options })
  for (const object of objects) mock.objects.set(object.key, object)
  return mock
}

/** The args every `<S3Uploader>` story starts from, its callbacks spied afresh for each story file. */
export function uploaderArgs() {
  return {
    endpoint: ENDPOINT,
    // Stories share one browser profile: a file left uploading by one must not come back in the next.
    resumeAfterReload: false,
    onUploadComplete: fn(),
    onError: fn(),
  }
}
