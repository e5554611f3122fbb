import { BoundedReadError, readBounded } from '../services/fs/readBounded';

/**
 * Secrets given to the command line (a hub token, request headers) come from a file or from standard
 * input, never from an argument: every user of the computer can read a process's arguments (ps, /proc).
 * `file` is a path, or "-" for standard input; either is read with a bound (a regular file only, so a
 * FIFO or /dev/zero cannot hang or fill the process). Errors name the option and the file, never content.
 */
export async function readSecretInput(option: string, file: string, maxBytes: number): Promise<string> {
  try {
    const bytes = file === '-' ? await readStdin(option, maxBytes) : await readBounded(file, maxBytes);
    return bytes.toString('utf8');
  } catch (e) {
    if (!(e instanceof BoundedReadError)) throw e;
    throw new Error(
      e.code === 'too-large'
        ? `${option} ${file} is larger than ${maxBytes} bytes; it should hold the secret alone`
        : `${option} ${file}: ${e.code === 'not-file' ? 'not a regular file' : e.message}`,
    );
  }
}

async function readStdin(option: string, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of process.stdin as AsyncIterable<Buffer>) {
    n += c.length;
    if (n > max) throw new Error(`${option} -: standard input is longer than ${max} bytes`);
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

/**
 * Request headers, one `Name: value` a line (blank lines and `#` comments skipped). A malformed line is
 * named by its number, never quoted: it may hold a token.
 */
export function parseHeaderLines(text: string, option: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`${option}: line ${i + 1} is not 'Name: value'`);
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}
