import { useCallback, useMemo, useRef, type ClipboardEvent } from 'react'
import { LazyUploadController } from '../core/lazy-upload-controller.js'
import type { UploadControllerOptions } from '../core/upload-controller-options.js'
import { acceptFromRestrictions } from '../core/restrictions.js'
import { classNameResolver, type UploaderClassNames } from './class-names.js'
import { DropZone } from './DropZone.js'
import { takePastedFiles } from './use-drop-zone.js'
import { FileList } from './FileList.js'
import { listRows } from './list-rows.js'
import { ListSummary } from './ListSummary.js'
import { LiveStatus } from './LiveStatus.js'
import { resolveLocale, type UploaderLocaleOverrides } from './locale.js'
import { RepickList } from './RepickList.js'
import { TotalProgress } from './TotalProgress.js'
import { UploaderContext } from './uploader-context.js'
import { useFocusAfterRemoval } from './use-focus-after-removal.js'
import { useFormattersAhead } from './use-formatters-ahead.js'
import { usePrefetch, type PrefetchMode } from './use-prefetch.js'
import type { UseS3UploadOptions } from './use-s3-upload.js'
import { useUploadSession } from './use-upload-session.js'
import { useWarnBeforeUnload } from './use-warn-before-unload.js'

export interface S3UploaderProps extends Omit<UseS3UploadOptions, 'endpoint'> {
  /** URL of the signing endpoint; optional inside a `<PresignProvider>`. */
  endpoint?: string
  /** The picker's `accept`. Default: from `restrictions.allowedFileTypes`. */
  accept?: string
  /** Allow several files at once. Default `true` (`false` when `restrictions.maxNumberOfFiles` is 1). */
  multiple?: boolean
  /** Also offer a "Choose a folder" button, where the browser can pick folders. Dropped folders always work. */
  folders?: boolean
  disabled?: boolean
  /** Added to the root element. */
  className?: string
  /** A class per part, added to (or, with `unstyled`, instead of) the default `rps3-*` classes. */
  classNames?: UploaderClassNames
  /** Leave out every `rps3-*` class, for a host app that styles the parts itself. */
  unstyled?: boolean
  /** `auto` (default) follows `prefers-color-scheme`. */
  colorScheme?: 'auto' | 'light' | 'dark'
  /** Any subset of the strings; the rest stay English. */
  locale?: UploaderLocaleOverrides
  /** Ask before the page is closed or left while files upload. Default `true`. */
  warnBeforeUnload?: boolean
  /**
   * When to fetch the upload code ahead of the first file, so its upload starts at once:
   * `'intent'` (default) when the pointer comes over the uploader, it takes focus or a file is
   * dragged onto it; `'idle'` also when the browser is idle after mount (every visit then downloads
   * it, ~37 KB gzip, even where nobody uploads); `'off'` with the first file only.
   */
  prefetch?: PrefetchMode
}

/**
 * Beyond this many rows the list summarizes itself in one line, puts failures
 * and uploads in progress first, and scrolls inside a box of bounded height, mounting only the rows in
 * view: the page no longer grows (or re-renders) with the number of files.
 */
const MANY_ROWS = 20

/** Uppy and the controller load with the first file (or a queue to resume, or a prefetch), not with the page. */
const createLazyController = (options: UploadControllerOptions) => new LazyUploadController(options)

/**
 * A drop zone, a file list with per-file and total progress, refused files
 * with the reason, and a status region for screen readers. A thin layer over
 * the same state as `useS3Upload` (build your own UI on the hook if this one does not fit),
 * except that Uppy and the upload code load with the first file (or ahead of it: `prefetch`), not with the page.
 */
export function S3Uploader(props: S3UploaderProps) {
  const { accept, multiple, folders, disabled, className, classNames, unstyled = false, colorScheme, locale, warnBeforeUnload = true, prefetch = 'intent', ...options } = props
  const upload = useUploadSession(options, createLazyController)
  const { controller } = upload
  const prefetchCode = useCallback(() => controller.prefetch(), [controller])
  const prefetchTriggers = usePrefetch(prefetchCode, prefetch, disabled ?? false, options.clock)
  useWarnBeforeUnload(warnBeforeUnload && upload.status === 'uploading')
  const context = useMemo(
    () => ({ locale: resolveLocale(locale), classNameOf: classNameResolver(classNames, unstyled), unstyled }),
    [locale, classNames, unstyled],
  )
  useFormattersAhead(context.locale.language)
  const cx = context.classNameOf
  const chooseRef = useRef<HTMLButtonElement>(null)
  const listRef = useRef<HTMLUListElement>(null)
  const many = upload.files.length + upload.rejected.length > MANY_ROWS
  const rows = useMemo(() => listRows(upload.files, upload.rejected, many, upload.counts), [upload.files, upload.rejected, many, upload.counts])
  const beforeRemove = useFocusAfterRemoval(listRef, chooseRef, rows)
  const { remove, dismissRejected, addFiles } = upload
  const onRemove = useMemo(() => (id: string) => (beforeRemove(id), remove(id)), [beforeRemove, remove])
  const onDismiss = useMemo(() => (id: string) => (beforeRemove(id), dismissRejected(id)), [beforeRemove, dismissRejected])

  // The drop zone takes pastes within it; this takes them anywhere else in the widget (a file row's button).
  const onPaste = (event: ClipboardEvent<HTMLDivElement>) => {
    if (!disabled) takePastedFiles(event, addFiles)
  }

  return (
    <UploaderContext.Provider value={context}>
      <div
        className={[cx('root'), className].filter(Boolean).join(' ') || undefined}
        data-status={upload.status}
        data-color-scheme={colorScheme === 'auto' ? undefined : colorScheme}
        onPaste={onPaste}
        {...prefetchTriggers}
      >
        <DropZone
          onFiles={addFiles}
          accept={accept ?? acceptFromRestrictions(options.restrictions)}
          multiple={multiple ?? options.restrictions?.maxNumberOfFiles !== 1}
          folders={folders ?? false}
          disabled={disabled ?? false}
          buttonRef={chooseRef}
        />
        {upload.files.length > 0 && (
          <TotalProgress
            progress={upload.progress}
            bytesUploaded={upload.bytesUploaded}
            bytesTotal={upload.bytesTotal}
            bytesPerSecond={upload.bytesPerSecond}
            secondsLeft={upload.secondsLeft}
          />
        )}
        {many && <ListSummary total={upload.files.length} counts={upload.counts} rejected={upload.rejected.length} />}
        {rows.length > 0 && (
          <FileList
            rows={rows}
            virtual={many}
            listRef={listRef}
            onRetry={upload.retry}
            onRemove={onRemove}
            onPause={upload.pause}
            onResume={upload.resume}
            onDismiss={onDismiss}
          />
        )}
        <RepickList files={upload.controller.repick} onDismiss={upload.controller.dismissRepick} />
        <LiveStatus files={upload.files} counts={upload.counts} rejected={upload.rejected} status={upload.status} />
      </div>
    </UploaderContext.Provider>
  )
}
