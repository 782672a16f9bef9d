// Routes a user's text: slash command → the command table; anything else → a question for the engine.
import type { RouteInput, Router } from '../ports.js';
import type { Reply } from '../reply/model.js';
import { closestCommand, commandInfos, findCommand, type CommandDeps } from './commands.js';
import { parseCommand } from './parse-command.js';
import { normalizeQuestion } from '../search/normalize-question.js';

import { isTooLong, MAX_QUESTION_CHARS } from '../limits.js';

export { MAX_QUESTION_CHARS };

/** The polite reply to a pasted document instead of a question. */
export const TOO_LONG: Reply = {
  kind: 'notice',
  level: 'warning',
  text: `问题太长了(超过 ${MAX_QUESTION_CHARS} 字)。请用一两句话提问,例如“行政执法决定公示了多少次?”。`,
};

export function createRouter(deps: CommandDeps): Router {
  return {
    async route({ text, chat }: RouteInput): Promise<Reply> {
      // Full-width slashes and digits, zero-width characters and traditional forms mean what their plain forms mean.
      const parsed = parseCommand(normalizeQuestion(text));
      switch (parsed.kind) {
        case 'empty':
          return { kind: 'notice', level: 'info', text: '请直接提问,例如“全市调解组织调解案件成功率是多少?”,或发送 /help 查看命令。' };
        case 'command': {
          const command = findCommand(parsed.name);
          if (!command) return { kind: 'unknown_command', command: parsed.name, suggestion: closestCommand(parsed.name), commands: commandInfos() };
          return command.run(parsed.args, deps, chat);
        }
        case 'question':
          if (isTooLong(parsed.text)) return TOO_LONG;
          return deps.engine.ask(parsed.text);
      }
    },
  };
}
