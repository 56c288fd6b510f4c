import { useEffect, useId, useRef, useState, type Ref } from 'react'
import { takePickedFiles, useDropZone } from './use-drop-zone.js'
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
 * `useDropZone` with the widget's words and classes. The control is a real
 * <button> (Enter and Space open the picker, its name says what it does); the
 * surrounding zone only receives drops and pastes.
 */
export function DropZone({ onFiles, accept, multiple = true, folders = false, disabled = false, buttonRef }: DropZoneProps) {
  const { locale, classNameOf: cx } = useUploaderContext()
  const { getRootProps, getButtonProps, getInputProps } = useDropZone({ onFiles, accept, multiple, disabled })
  const folderRef = useRef<HTMLInputElement>(null)
  const canPickFolders = useFolderPicking(folders, folderRef)
  const hintId = useId()

  return (
    <div {...getRootProps({ className: cx('dropzone') })}>
      <button {...getButtonProps({ ref: buttonRef, className: cx('chooseButton'), 'aria-describedby': hintId })}>
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
      <input {...getInputProps({ 'aria-label': locale.inputLabel })} />
      {folders && (
        <input
          ref={folderRef}
          type="file"
          hidden
          tabIndex={-1}
          aria-label={locale.folderInputLabel}
          disabled={disabled}
          onChange={(event) => takePickedFiles(event.currentTarget, onFiles)}
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
