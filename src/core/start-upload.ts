import type { Body, Meta, Uppy, UploadResult } from '@uppy/core'

type AnyUppy = Uppy<Meta, Body>

/** Upload ids made here: unique within the page, which is all Uppy's `currentUploads` needs. */
let uploads = 0

/**
 * Starts one Uppy upload of every waiting file, as `uppy.upload()` does, in one
 * cheap pass. @uppy/core 6.3's `upload()` checks required meta fields on every
 * file in the list, building a RestrictionError per file even when nothing is
 * missing, and finds the waiting files with `Array.includes` over those already
 * in an upload (n × m): 10,000 files took one 94 ms task (bench/widget.mjs). The
 * run is still Uppy's: `restore` runs an upload by its id, through the same
 * uploader steps, and emits 'complete' with its result.
 *
 * Where `upload()` would do more than start the waiting files (failed files to
 * retry first, an `onBeforeUpload`, required meta fields, a minimum count, or
 * one batch at a time, set through `controller.uppy`), it is Uppy's own.
 */
export function startUpload(uppy: AnyUppy, stockOnBeforeUpload: unknown): Promise<UploadResult<Meta, Body> | undefined> {
  const { opts } = uppy
  const { files, currentUploads } = uppy.getState()
  const custom =
    opts.onBeforeUpload !== stockOnBeforeUpload ||
    (opts.restrictions.requiredMetaFields?.length ?? 0) > 0 ||
    !!opts.restrictions.minNumberOfFiles ||
    opts.allowMultipleUploadBatches === false ||
    opts.allowMultipleUploads === false
  if (custom) return uppy.upload()
  const assigned = new Set<string>()
  for (const id in currentUploads) for (const fileId of currentUploads[id]!.fileIDs) assigned.add(fileId)
  const waiting: string[] = []
  for (const id in files) {
    const file = files[id]!
    // Uppy retries them before it starts new files, and waits for that: left to it.
    if (file.error) return uppy.upload()
    if (!file.progress.uploadStarted && !assigned.has(id)) waiting.push(id)
  }
  const uploadID = `react-presigned-s3-${++uploads}`
  uppy.emit('upload', uploadID, uppy.getFilesByIds(waiting))
  uppy.setState({
    currentUploads: { ...uppy.getState().currentUploads, [uploadID]: { fileIDs: waiting, step: 0, result: {} } },
  })
  return uppy.restore(uploadID)
}
