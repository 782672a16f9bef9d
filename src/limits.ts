// Limits on what users send, shared by every front end and by the playground page (so: no imports here).

/**
 * The longest question or command the bot reads, in characters. Longer texts are almost always pasted documents;
 * the router answers them with a polite notice, and the HTTP APIs refuse them (413) before any answering work.
 */
export const MAX_QUESTION_CHARS = 500;

/** Longer than MAX_QUESTION_CHARS characters; counted in UTF-16 units first, so a huge text is never split into code points. */
export function isTooLong(text: string): boolean {
  return text.length > MAX_QUESTION_CHARS && [...text].length > MAX_QUESTION_CHARS;
}
