import { fill } from './locale.js'
import { useUploaderContext } from './uploader-context.js'

interface FileActionProps {
  /** `data-action`, for styling and tests. */
  action: 'pause' | 'resume' | 'retry' | 'remove'
  /** What the button says. */
  text: string
  /** The accessible name's template, with `{name}`: "Remove photo.png", never a bare "Remove". */
  label: string
  fileName: string
  onClick: () => void
}

/** One per-file action button, named after its file for screen readers. */
export function FileAction({ action, text, label, fileName, onClick }: FileActionProps) {
  const { classNameOf: cx } = useUploaderContext()
  return (
    <button
      type="button"
      className={cx('button')}
      data-action={action}
      onClick={onClick}
      aria-label={fill(label, { name: fileName })}
    >
      {text}
    </button>
  )
}
