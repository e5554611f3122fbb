/** Why a project could not be opened or saved; `message` says what happened, `hint` what to do. */
export const ProjectErrorCode = {
  notFound: 'not-found',
  notArchive: 'not-archive',
  foreign: 'foreign',
  corrupt: 'corrupt',
  newerVersion: 'newer-version',
  invalid: 'invalid',
  tooLarge: 'too-large',
  io: 'io',
} as const;
export type ProjectErrorCode = (typeof ProjectErrorCode)[keyof typeof ProjectErrorCode];

export class ProjectError extends Error {
  override readonly name = 'ProjectError';
  constructor(
    readonly code: ProjectErrorCode,
    message: string,
    readonly hint: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
