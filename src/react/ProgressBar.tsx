export interface ProgressBarProps {
  /** 0 to 1. */
  value: number
  /** The accessible name ("Upload progress of photo.png"). */
  label: string
  /** Visible text beside the bar, also read as part of the value. */
  text?: string
  className?: string
  trackClassName?: string
  fillClassName?: string
  textClassName?: string
  /** Leave out the default `rps3-progress*` classes where no class is given. */
  unstyled?: boolean
}

export function ProgressBar({
  value,
  label,
  text,
  className,
  trackClassName,
  fillClassName,
  textClassName,
  unstyled = false,
}: ProgressBarProps) {
  const byDefault = (given: string | undefined, fallback: string) => given ?? (unstyled ? undefined : fallback)
  const percent = Math.round(Math.min(1, Math.max(0, value)) * 100)
  return (
    <div className={byDefault(className, 'rps3-progress')}>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={text ? `${percent}% (${text})` : `${percent}%`}
        className={byDefault(trackClassName, 'rps3-progress-track')}
      >
        <div className={byDefault(fillClassName, 'rps3-progress-fill')} style={{ inlineSize: `${percent}%` }} />
      </div>
      {text !== undefined && <span className={byDefault(textClassName, 'rps3-progress-text')}>{text}</span>}
    </div>
  )
}
