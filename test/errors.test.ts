import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { asCodedError, ErrorCode, isCodedError } from '../src/errors.js';
import { loadKnowledge } from '../src/knowledge/load-knowledge.js';
import { BAD_FIXTURES } from './helpers/knowledge.js';

const thrown = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('did not throw');
};

describe('coded errors', () => {
  it('keeps the code of an error raised on purpose', () => {
    const config = thrown(() => loadConfig({ PORT: 'eighty' }));
    expect(config).toBeInstanceOf(ConfigError);
    expect(asCodedError(config)).toBe(config);
    expect(asCodedError(config).code).toBe(ErrorCode.ConfigInvalid);
    const knowledge = asCodedError(thrown(() => loadKnowledge(join(BAD_FIXTURES, 'does-not-exist'))));
    expect(knowledge.code).toBe(ErrorCode.KnowledgeInvalid);
    expect(knowledge.message).toContain('does-not-exist');
  });

  it('wraps anything else as unknown, keeping the original as its cause', () => {
    const original = new TypeError('x is not a function');
    const wrapped = asCodedError(original);
    expect(wrapped.code).toBe(ErrorCode.Unknown);
    expect(wrapped.message).toBe('x is not a function');
    expect(wrapped.cause).toBe(original);
    expect(wrapped.stack).toBe(original.stack);
    expect(asCodedError('a string').message).toBe('a string');
    expect(asCodedError(undefined).code).toBe(ErrorCode.Unknown);
    // A system error's own code (ENOENT) is not one of ours.
    expect(isCodedError(Object.assign(new Error('no file'), { code: 'ENOENT' }))).toBe(false);
  });
});
