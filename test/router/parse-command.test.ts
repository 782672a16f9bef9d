import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closestCommand, findCommand } from '../../src/router/commands.js';
import { parseCommand } from '../../src/router/parse-command.js';

describe('parseCommand', () => {
  it('recognises ASCII and full-width slash commands with arguments', () => {
    expect(parseCommand('/metric 调解')).toEqual({ kind: 'command', name: 'metric', args: '调解' });
    expect(parseCommand('  ／指标   执法 人员 ')).toEqual({ kind: 'command', name: '指标', args: '执法 人员' });
    expect(parseCommand('/HELP')).toEqual({ kind: 'command', name: 'help', args: '' });
    expect(parseCommand(' ／ ')).toEqual({ kind: 'command', name: 'help', args: '' });
  });

  it('treats other text as a question and blank text as empty', () => {
    expect(parseCommand('调解成功率多少')).toEqual({ kind: 'question', text: '调解成功率多少' });
    expect(parseCommand(' \u3000 \u200b ')).toEqual({ kind: 'empty' });
  });

  it('never throws and always classifies (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (s) => {
        const p = parseCommand(s);
        expect(['command', 'question', 'empty']).toContain(p.kind);
        if (p.kind === 'question') expect(p.text.length).toBeGreaterThan(0);
        if (p.kind === 'command') expect(p.name.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('command table', () => {
  it('finds commands by Chinese alias', () => {
    for (const [alias, name] of [['帮助', 'help'], ['指标', 'metric'], ['搜索', 'search'], ['目录', 'outline'], ['来源', 'source'], ['摘要', 'digest'], ['订阅', 'subscribe'], ['退订', 'unsubscribe']]) {
      expect(findCommand(alias!)?.name).toBe(name);
    }
  });

  it('suggests the closest command for a typo and nothing for a stranger', () => {
    expect(closestCommand('metic')?.name).toBe('metric');
    expect(closestCommand('hlep')?.name).toBe('help');
    expect(closestCommand('serch')?.name).toBe('search');
    expect(closestCommand('weatherforecast')).toBeNull();
  });
});
