export interface RunningS3rver {
  endpoint: string
  accessKeyId: string
  secretAccessKey: string
  close(): Promise<void>
}

export function startS3rver(bucket: string): Promise<RunningS3rver>
