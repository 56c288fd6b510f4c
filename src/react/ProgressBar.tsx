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
}

export function ProgressBar({
  value,
  label,
  text,
  className = 'rps3-progress',
  trackClassName = 'rps3-progress-track',
  fillClassName = 'rps3-progress-fill',
  textClassName = 'rps3-progress-text',
}: ProgressBarProps) {
  const percent = Math.round(Math.min(1, Math.max(0, value)) * 100)
  return (
    <div className={className}>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={text ? `${percent}% (${text})` : `${percent}%`}
        className={trackClassName}
      >
        <div className={fillClassName} style={{ inlineSize: `${percent}%` }} />
      </div>
      {text !== undefined && <span className={textClassName}>{text}</span>}
    </div>
  )
}
