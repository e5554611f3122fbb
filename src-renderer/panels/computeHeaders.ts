/**
 * The Headers box of Settings -> Compute: one `Name: value` per line (e.g. `Authorization: Bearer ...`).
 * Blank lines are ignored; a line without a name or colon is an error the panel shows before saving.
 */
export function parseHeaderLines(text: string): { headers: Record<string, string> } | { error: string } {
  const headers: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (!line) continue;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name))
      return { error: `Line ${i + 1}: write a header as Name: value.` };
    headers[name] = line.slice(colon + 1).trim();
  }
  return { headers };
}
