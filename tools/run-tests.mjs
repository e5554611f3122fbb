#!/usr/bin/env node
// `npm test`: format check, typecheck (node, web), lint (0 warnings), build, then vitest unit,
// integration and e2e. Every step runs even after a failure so one run shows everything; the last line
// is `N passed, N failed` (vitest tests summed) for CI to read. Every failed test is listed again under the
// summary with the start of its message, so a log that keeps only its tail still says what failed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = (name) => join('node_modules', '.bin', name);
const tmp = mkdtempSync(join(tmpdir(), 'levitor-tests-'));
const steps = [
  ['format', [bin('prettier'), '--check', '.', '--log-level', 'warn']],
  ['typecheck node', [bin('tsc'), '-p', 'tsconfig.node.json', '--noEmit']],
  ['typecheck web', [bin('tsc'), '-p', 'tsconfig.web.json', '--noEmit']],
  ['lint', [bin('eslint'), '.', '--max-warnings', '0']],
  ['build', [bin('electron-vite'), 'build']],
  ...['unit', 'integration', 'e2e'].map((p) => [
    `vitest ${p}`,
    [
      bin('vitest'),
      'run',
      '--project',
      p,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${join(tmp, p + '.json')}`,
    ],
    p,
  ]),
];

const summary = [];
const failures = [];
let passed = 0;
let failed = 0;
for (const [label, cmd, project] of steps) {
  const t0 = Date.now();
  console.log(`\n=== ${label}: ${cmd.join(' ')}`);
  const r = spawnSync(cmd[0], cmd.slice(1), { stdio: 'inherit', env: process.env });
  const ok = r.status === 0;
  let counts = '';
  if (project) {
    try {
      const j = JSON.parse(readFileSync(join(tmp, project + '.json'), 'utf8'));
      passed += j.numPassedTests;
      // Files that failed to load count as failures too.
      const f =
        j.numFailedTests +
        (j.testResults ?? []).filter((t) => t.status === 'failed' && !t.assertionResults?.length).length;
      failed += f;
      counts = ` (${j.numPassedTests} passed, ${f} failed, ${j.numPendingTests + j.numTodoTests} skipped)`;
      failures.push(...failedTests(j, project));
    } catch {
      if (!ok) failed += 1; // no report at all: count the step as one failure
      counts = ' (no report)';
    }
  }
  summary.push(`${ok ? 'ok  ' : 'FAIL'} ${label}${counts} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (!ok) process.exitCode = 1;
}
rmSync(tmp, { recursive: true, force: true });
console.log(`\n=== summary\n${summary.join('\n')}`);
if (failures.length) console.log(`\n=== failed tests\n${failures.join('\n')}`);
console.log(`${passed} passed, ${failed} failed`);

/** One entry per failed test (or file that failed to load): where it is and the first lines of why. */
function failedTests(report, project) {
  const out = [];
  const why = (messages) =>
    (messages ?? [])
      .join('\n')
      .split('\n')
      .filter((l) => l.trim() && !/^\s*at .*node_modules/.test(l))
      .slice(0, 8)
      .map((l) => `    ${l.slice(0, 300)}`)
      .join('\n');
  for (const file of report.testResults ?? []) {
    const name = file.name ? file.name.replace(process.cwd() + '/', '') : '?';
    const failedHere = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
    if (file.status === 'failed' && !failedHere.length)
      out.push(`${project} ${name}\n${why([file.message])}`);
    for (const a of failedHere) out.push(`${project} ${name} > ${a.fullName}\n${why(a.failureMessages)}`);
  }
  return out;
}
