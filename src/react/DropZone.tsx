import { getDroppedFiles } from '@uppy/core/utils'
import { useEffect, useId, useRef, useState, type DragEvent, type Ref } from 'react'
import { useUploaderContext } from './uploader-context.js'

export interface DropZoneProps {
  onFiles: (files: File[]) => void
  accept?: string | undefined
  multiple?: boolean
  /** Offer a "Choose a folder" button where the browser supports folder picking. */
  folders?: boolean
  disabled?: boolean
  /** The "Choose files" button, so focus can return to it. */
  buttonRef?: Ref<HTMLButtonElement>
}

/**
 * The control is a real <button> (Enter and Space open the picker, its name
 * says what it does); the surrounding zone only receives drops, so a screen
 * reader never meets a focusable div that announces nothing.
 */
export function DropZone({ onFiles, accept, multiple = true, folders = false, disabled = false, buttonRef }: DropZoneProps) {
  const { locale, classNameOf: cx } = useUploaderContext()
  const inputRef = useRef<HTMLInputElement>(null)
  const folderRef = useRef<HTMLInputElement>(null)
  const [dragging, setDragging] = useState(false)
  const canPickFolders = useFolderPicking(folders, folderRef)
  const hintId = useId()

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault()
    setDragging(false)
    if (disabled) return
    // Uppy's reader walks dropped folders (setting each file's relativePath), skips an entry
    // it cannot read instead of losing the drop, and always resolves. It takes the entries
    // synchronously, inside the event, as the browser requires.
    void getDroppedFiles(event.dataTransfer).then((files) => files.length > 0 && onFiles(files))
  }
  const onPicked = (input: HTMLInputElement) => {
    if (input.files && input.files.length > 0) onFiles(Array.from(input.files))
    input.value = ''
  }

  return (
    <div
      className={cx('dropzone')}
      data-dragging={dragging || undefined}
      data-disabled={disabled || undefined}
      onDragOver={(event) => {
        event.preventDefault()
        if (!disabled) setDragging(true)
      }}
      onDragLeave={(event) => {
        // Leaving for a child of the zone is not leaving the zone.
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false)
      }}
      onDrop={onDrop}
    >
      <button
        ref={buttonRef}
        type="button"
        className={cx('chooseButton')}
        disabled={disabled}
        aria-describedby={hintId}
        onClick={() => inputRef.current?.click()}
      >
        {locale.chooseFiles}
      </button>
      {canPickFolders && (
        <button type="button" className={cx('folderButton')} disabled={disabled} onClick={() => folderRef.current?.click()}>
          {locale.chooseFolder}
        </button>
      )}
      <span id={hintId} className={cx('hint')}>
        {locale.dropHint}
      </span>
      <input
        ref={inputRef}
        type="file"
        hidden
        tabIndex={-1}
        aria-label={locale.inputLabel}
        accept={accept}
        multiple={multiple}
        disabled={disabled}
        onChange={(event) => onPicked(event.currentTarget)}
      />
      {folders && (
        <input
          ref={folderRef}
          type="file"
          hidden
          tabIndex={-1}
          aria-label={locale.folderInputLabel}
          disabled={disabled}
          onChange={(event) => onPicked(event.currentTarget)}
        />
      )}
    </div>
  )
}

/** Known only in the browser, so decided after mount: the server HTML and the first client render agree. */
function useFolderPicking(wanted: boolean, folderRef: React.RefObject<HTMLInputElement | null>): boolean {
  const [supported, setSupported] = useState(false)
  useEffect(() => {
    const input = folderRef.current
    if (!wanted || !input || !('webkitdirectory' in input)) return
    input.webkitdirectory = true
    setSupported(true)
  }, [wanted, folderRef])
  return supported
}
