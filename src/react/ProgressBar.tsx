export interface ProgressBarProps {
  /** 0 to 1. */
  value: number
  label: string
  text?: string
  className?: string
}

export function ProgressBar({ value, label, text, className }: ProgressBarProps) {
  const percent = Math.round(Math.min(1, Math.max(0, value)) * 100)
  return (
    <div className={['rps3-progress', className].filter(Boolean).join(' ')}>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={text ? `${percent}% (${text})` : `${percent}%`}
        className="rps3-progress-track"
      >
        <div className="rps3-progress-fill" style={{ width: `${percent}%` }} />
      </div>
      {text !== undefined && <span className="rps3-progress-text">{text}</span>}
    </div>
  )
}
