export { createMockStorage } from './mock-storage.js'
export type { MockStorage, MockStorageOptions, StoredObject } from './mock-storage.js'
