import { getDroppedFiles } from '@uppy/core/utils'
import {
  useCallback,
  useRef,
  useState,
  type ButtonHTMLAttributes,
  type ClipboardEvent,
  type DragEvent,
  type HTMLAttributes,
  type InputHTMLAttributes,
  type Ref,
  type RefCallback,
  type SyntheticEvent,
} from 'react'

export interface UseDropZoneOptions {
  /** Called with the files dropped, pasted or picked; never with none. */
  onFiles: (files: File[]) => void
  /** The picker's `accept`. */
  accept?: string | undefined
  /** Let the picker take several files. Default `true`. */
  multiple?: boolean
  /** Ignore drops, pastes and clicks. Default `false`. */
  disabled?: boolean
  /** Leave pasted files alone (the root then has no `onPaste` of ours). Default `false`. */
  noPaste?: boolean
}

/** Props for the element that receives drops and pastes; `data-dragging` is set while files are over it. */
export type DropZoneRootProps = HTMLAttributes<HTMLElement> & { 'data-dragging'?: true; 'data-disabled'?: true }
export type DropZoneButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & { ref?: Ref<HTMLButtonElement> }
export type DropZoneInputProps = InputHTMLAttributes<HTMLInputElement> & { ref?: Ref<HTMLInputElement> }

export interface UseDropZoneResult {
  /** Spread on the zone (any element): drag and drop, paste. Your own handlers in `props` run first. */
  getRootProps: (props?: HTMLAttributes<HTMLElement>) => DropZoneRootProps
  /** Spread on a real `<button>`: Enter and Space open the picker, and its name says what it does. */
  getButtonProps: (props?: DropZoneButtonProps) => DropZoneButtonProps
  /** Spread on the `<input>` (hidden, out of the tab order): the picker `open()` clicks. */
  getInputProps: (props?: DropZoneInputProps) => DropZoneInputProps & { ref: RefCallback<HTMLInputElement> }
  /** Files are being dragged over the root. */
  isDragActive: boolean
  /** Opens the file picker. */
  open: () => void
}

/**
 * Drop, paste and pick files, in the react-dropzone style: prop getters that
 * compose the caller's handlers. Unlike react-dropzone's root, the control
 * that opens the picker is a `<button>` (from `getButtonProps`), so a screen
 * reader never meets a focusable div that announces nothing.
 */
export function useDropZone({ onFiles, accept, multiple = true, disabled = false, noPaste = false }: UseDropZoneOptions): UseDropZoneResult {
  const inputRef = useRef<HTMLInputElement | null>(null)
  const [isDragActive, setDragActive] = useState(false)
  const open = useCallback(() => inputRef.current?.click(), [])

  const onDrop = (event: DragEvent<HTMLElement>) => {
    event.preventDefault()
    setDragActive(false)
    if (disabled) return
    // Uppy's reader walks dropped folders (setting each file's relativePath), skips an entry
    // it cannot read instead of losing the drop, and always resolves. It takes the entries
    // synchronously, inside the event, as the browser requires.
    // A drop whose items list no entries (older engines, synthetic events) still has `files`.
    const { dataTransfer } = event
    const loose = Array.from(dataTransfer.files)
    void getDroppedFiles(dataTransfer).then((files) => {
      const dropped = files.length > 0 ? files : loose
      if (dropped.length > 0) onFiles(dropped)
    })
  }
  const onDragOver = (event: DragEvent<HTMLElement>) => {
    event.preventDefault()
    if (!disabled) setDragActive(true)
  }
  const onDragLeave = (event: DragEvent<HTMLElement>) => {
    // Leaving for a child of the zone is not leaving the zone.
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragActive(false)
  }
  const onPaste = (event: ClipboardEvent<HTMLElement>) => {
    if (!disabled) takePastedFiles(event, onFiles)
  }

  return {
    getRootProps: (props = {}) => ({
      ...props,
      'data-dragging': isDragActive || undefined,
      'data-disabled': disabled || undefined,
      onDragOver: compose(props.onDragOver, onDragOver),
      onDragLeave: compose(props.onDragLeave, onDragLeave),
      onDrop: compose(props.onDrop, onDrop),
      onPaste: noPaste ? props.onPaste : compose(props.onPaste, onPaste),
    }),
    getButtonProps: (props = {}) => ({
      type: 'button',
      disabled,
      ...props,
      onClick: compose(props.onClick, open),
    }),
    getInputProps: ({ ref, ...props } = {}) => ({
      type: 'file',
      hidden: true,
      tabIndex: -1,
      accept,
      multiple,
      disabled,
      ...props,
      ref: (node: HTMLInputElement | null) => {
        inputRef.current = node
        assignRef(ref, node)
      },
      onChange: compose(props.onChange, (event) => takePickedFiles(event.currentTarget, onFiles)),
    }),
    isDragActive,
    open,
  }
}

/** Files pasted (not text): taken, and the paste marked handled so an outer listener skips it. */
export function takePastedFiles(event: ClipboardEvent<HTMLElement>, onFiles: (files: File[]) => void): void {
  const files = Array.from(event.clipboardData.files)
  if (event.defaultPrevented || files.length === 0) return
  event.preventDefault()
  onFiles(files)
}

/** The files an `<input type="file">` picked; then cleared, so picking the same file again fires `change`. */
export function takePickedFiles(input: HTMLInputElement, onFiles: (files: File[]) => void): void {
  if (input.files && input.files.length > 0) onFiles(Array.from(input.files))
  input.value = ''
}

/** The caller's handler first; ours unless it stopped propagation (react-dropzone's rule). */
function compose<E extends SyntheticEvent>(theirs: ((event: E) => void) | undefined, ours: (event: E) => void) {
  return (event: E) => {
    theirs?.(event)
    if (!event.isPropagationStopped()) ours(event)
  }
}

function assignRef<T>(ref: Ref<T> | undefined, value: T | null): void {
  if (typeof ref === 'function') ref(value)
  else if (ref) ref.current = value
}
