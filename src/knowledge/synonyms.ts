/** `synonyms.txt`: one group per line, terms separated by spaces or commas; `#` starts a comment. */
export function parseSynonyms(text: string): string[][] {
  return text
    .split(/\r?\n/u)
    .map((line) =>
      line
        .replace(/#.*$/u, '')
        .split(/[\s,，、]+/u)
        .map((t) => t.trim().toLowerCase())
        .filter((t) => t.length > 0),
    )
    .filter((group) => group.length >= 2);
}
