/** Every part of `<S3Uploader>` that takes a class of its own through `classNames`. */
export type UploaderPart =
  | 'root'
  | 'dropzone'
  | 'chooseButton'
  | 'folderButton'
  | 'hint'
  | 'total'
  | 'totalText'
  | 'summary'
  | 'scroller'
  | 'list'
  | 'file'
  | 'thumbnail'
  | 'fileName'
  | 'fileSize'
  | 'fileStatus'
  | 'fileError'
  | 'fileActions'
  | 'button'
  | 'progress'
  | 'progressTrack'
  | 'progressFill'
  | 'live'

export type UploaderClassNames = Partial<Record<UploaderPart, string>>

const DEFAULT_CLASS: Record<UploaderPart, string> = {
  root: 'rps3-uploader',
  dropzone: 'rps3-dropzone',
  chooseButton: 'rps3-choose',
  folderButton: 'rps3-choose-folder',
  hint: 'rps3-hint',
  total: 'rps3-total',
  totalText: 'rps3-progress-text',
  summary: 'rps3-summary',
  scroller: 'rps3-scroller',
  list: 'rps3-files',
  file: 'rps3-file',
  thumbnail: 'rps3-thumbnail',
  fileName: 'rps3-file-name',
  fileSize: 'rps3-file-size',
  fileStatus: 'rps3-file-status',
  fileError: 'rps3-file-error',
  fileActions: 'rps3-file-actions',
  button: 'rps3-button',
  progress: 'rps3-progress',
  progressTrack: 'rps3-progress-track',
  progressFill: 'rps3-progress-fill',
  live: 'rps3-live',
}

export type ClassNameOf = (part: UploaderPart) => string | undefined

/** The class of a part: ours (unless `unstyled`) followed by the host app's. */
export function classNameResolver(classNames: UploaderClassNames | undefined, unstyled: boolean): ClassNameOf {
  return (part) => {
    const joined = [unstyled ? undefined : DEFAULT_CLASS[part], classNames?.[part]].filter(Boolean).join(' ')
    return joined || undefined
  }
}
