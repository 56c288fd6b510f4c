export { createMockStorage } from './mock-storage.js'
export type { AllowedOrigins } from './cors.js'
export type {
  FaultInjector,
  MockCall,
  MockMultipartUpload,
  MockStorage,
  MockStorageOptions,
  StoredObject,
} from './mock-storage.js'
