// Text → command or question. Pure; the Lark parser strips @mention placeholders before this runs.

export type ParsedInput =
  | { kind: 'command'; name: string; args: string }
  | { kind: 'question'; text: string }
  | { kind: 'empty' };

// `/cmd args` with ASCII or full-width slash; the name is any run of non-space characters (Chinese aliases).
const COMMAND = /^[/／]\s*([^\s/／]+)\s*([\s\S]*)$/u;

export function parseCommand(text: string): ParsedInput {
  const trimmed = text.replace(/[\u200b\u00a0\u3000]/gu, ' ').trim();
  if (trimmed.length === 0) return { kind: 'empty' };
  // A bare slash is someone looking for the commands.
  if (/^[/／]$/u.test(trimmed)) return { kind: 'command', name: 'help', args: '' };
  const m = COMMAND.exec(trimmed);
  if (m) return { kind: 'command', name: (m[1] ?? '').toLowerCase(), args: (m[2] ?? '').trim() };
  return { kind: 'question', text: trimmed };
}
