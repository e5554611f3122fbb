/** Why an input was refused; `code` is stable for callers (UI messages, CLI exit codes). */
export type ControlErrorCode =
  | 'size-mismatch'
  | 'bad-depth'
  | 'bad-user-depth'
  | 'empty-mask'
  | 'trajectory-outside'
  | 'depth-nonpositive'
  | 'bad-parameter';

export class ControlError extends Error {
  readonly code: ControlErrorCode;
  constructor(code: ControlErrorCode, message: string) {
    super(message);
    this.name = 'ControlError';
    this.code = code;
  }
}
