import { spawn } from 'node:child_process';

/**
 * Runs `node script args...` under a real file-size limit (RLIMIT_FSIZE through `ulimit -f`, which Node
 * meets as short writes and EFBIG, as on a full disk): nothing mocked. Resolves to the exit code and output.
 */
export function runLimited(
  limitKiB: number,
  script: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res, rej) => {
    const child = spawn(
      'bash',
      ['-c', `ulimit -f ${limitKiB} && exec "$0" "$@"`, process.execPath, script, ...args],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => void (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => void (stderr += b.toString()));
    child.once('error', rej);
    child.once('close', (code) => res({ code, stdout, stderr }));
  });
}
