/** Wrong command-line usage: reported on one line, exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
