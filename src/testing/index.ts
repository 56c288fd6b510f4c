export { createMockStorage } from './mock-storage.js'
export type { AllowedOrigins } from './cors.js'
export type {
  FaultInjector,
  MockCall,
  MockMultipartUpload,
  MockStorage,
  MockStorageOptions,
  MockUploadComplete,
  StoredObject,
} from './mock-storage.js'
