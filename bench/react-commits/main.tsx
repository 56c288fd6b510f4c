// The page bench/react-commits.mjs drives: the real <S3Uploader> inside a
// React Profiler, with every commit and every long task recorded on window.
import { Profiler } from 'react'
import { createRoot } from 'react-dom/client'
import { S3Uploader } from 'react-presigned-s3'
import 'react-presigned-s3/styles.css'

interface BenchRecord {
  /** `commitTime` of every React commit under the uploader (ms, page clock). */
  commits: number[]
  longTasks: Array<{ start: number; duration: number }>
  uploaded: number
  errors: number
  endedAt: number
}

declare global {
  interface Window {
    bench: BenchRecord
  }
}

const record: BenchRecord = { commits: [], longTasks: [], uploaded: 0, errors: 0, endedAt: 0 }
window.bench = record
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) record.longTasks.push({ start: entry.startTime, duration: entry.duration })
}).observe({ type: 'longtask', buffered: true })

createRoot(document.getElementById('root')!).render(
  <Profiler id="uploader" onRender={(_id, _phase, _actual, _base, _start, commitTime) => record.commits.push(commitTime)}>
    <S3Uploader
      endpoint="/api/s3"
      onUploadComplete={(files) => {
        record.uploaded += files.length
        record.endedAt = performance.now()
      }}
      onError={() => {
        record.errors += 1
      }}
    />
  </Profiler>,
)
