/** JUnit XML for CI dashboards: one testsuite per run, one testcase per property. */
import type { SuiteResult } from '../result.js'

function xmlEscape(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
  )
}

export function formatJunit(suite: SuiteResult): string {
  const count = (status: string) => suite.results.filter((r) => r.status === status).length
  const name = `${suite.suite} conformance: ${suite.target}`
  const cases = suite.results.map((r) => {
    const attrs = `classname="${xmlEscape(`${suite.suite}.${suite.target}`)}" name="${xmlEscape(`${r.property}: ${r.title}`)}" time="${(r.durationMs / 1000).toFixed(3)}"`
    const body: string[] = []
    if (r.status === 'fail' || r.status === 'error') {
      // JUnit keeps them apart too: <failure> is a verdict, <error> a test that could not run.
      const tag = r.status === 'fail' ? 'failure' : 'error'
      const message = (r.reason ?? '').split('\n')[0] ?? ''
      body.push(
        `      <${tag} message="${xmlEscape(message)}">${xmlEscape([r.reason, r.diagnostics].filter(Boolean).join('\n\n'))}</${tag}>`,
      )
    }
    if (r.status === 'skipped') body.push(`      <skipped message="${xmlEscape(r.reason ?? '')}"/>`)
    if (r.notes.length > 0) body.push(`      <system-out>${xmlEscape(r.notes.join('\n'))}</system-out>`)
    return body.length === 0
      ? `    <testcase ${attrs}/>`
      : `    <testcase ${attrs}>\n${body.join('\n')}\n    </testcase>`
  })
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlEscape(name)}" tests="${suite.results.length}" failures="${count('fail')}" errors="${count('error')}" skipped="${count('skipped')}" time="${(suite.durationMs / 1000).toFixed(3)}">`,
    `  <testsuite name="${xmlEscape(name)}" tests="${suite.results.length}" failures="${count('fail')}" errors="${count('error')}" skipped="${count('skipped')}" time="${(suite.durationMs / 1000).toFixed(3)}" timestamp="${suite.startedAt}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n')
}
