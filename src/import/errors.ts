/** A report that cannot be imported, with what to do about it; shown to the user as is (no stack). */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}
