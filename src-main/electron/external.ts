/**
 * Links the renderer may open in the user's browser: the model hub and the pages the app links to as
 * documentation (licences of catalogue models). Anything else (another host, http, a URL with a user name,
 * a non-default port, file:, custom schemes that launch other programs) is dropped: a compromised or
 * confused renderer must not be able to make the OS open arbitrary URLs.
 */
export const EXTERNAL_HOSTS: readonly string[] = [
  'huggingface.co', // model pages, tokens, gated-repo licences
  'hf.co',
  'github.com', // project documentation and the SAM 2 licence
  'www.apache.org', // Apache-2.0 licence text
];

export function isAllowedExternalUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return (
    u.protocol === 'https:' &&
    u.username === '' &&
    u.password === '' &&
    u.port === '' &&
    EXTERNAL_HOSTS.includes(u.hostname)
  );
}
