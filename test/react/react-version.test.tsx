import { render, screen } from '@testing-library/react'
import { useState, version } from 'react'
import { version as domVersion } from 'react-dom'
import { expect, it } from 'vitest'

// The same component tests run in two projects: React 19 (root) and React 18 (test/react18).
it('runs on the React major its Vitest project installs', () => {
  const expected = process.env.EXPECTED_REACT_MAJOR
  expect(expected).toMatch(/^1[89]$/)
  expect(version.split('.')[0]).toBe(expected)
  expect(domVersion.split('.')[0]).toBe(expected)
  // Testing Library renders with that same React: one copy, or hooks would throw.
  function Counter() {
    const [count] = useState(7)
    return <p>{count}</p>
  }
  render(<Counter />)
  expect(screen.getByText('7')).toBeInTheDocument()
})
