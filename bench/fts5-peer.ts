// The peer a user would reach for first: SQLite FTS5 with the trigram tokenizer over every sentence, queried
// with the question's 3-grams OR-ed and ordered by bm25. Untuned, never refusing: the top row is its answer.
import Database from 'better-sqlite3';
import type { KnowledgeBase } from '../src/knowledge/types.js';

/** The question's distinct 3-character windows over its runs of letters, digits and Han characters. */
export function trigrams(q: string): string[] {
  const out = new Set<string>();
  for (const run of q.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const chars = [...run];
    for (let i = 0; i + 3 <= chars.length; i++) out.add(chars.slice(i, i + 3).join(''));
  }
  return [...out];
}

export interface Fts5Peer {
  sentences: number;
  /** The best sentences (ids and texts), best first; empty when no 3-gram matches. */
  ask(q: string, limit?: number): { sentenceId: string; text: string }[];
  close(): void;
}

export function createFts5Peer(kb: KnowledgeBase): Fts5Peer {
  const db = new Database(':memory:');
  db.exec("CREATE VIRTUAL TABLE s USING fts5(id UNINDEXED, text, tokenize='trigram')");
  const insert = db.prepare('INSERT INTO s (id, text) VALUES (?, ?)');
  let n = 0;
  db.transaction(() => {
    for (const d of kb.documents)
      for (const s of d.sentences) {
        insert.run(s.id, s.text);
        n++;
      }
  })();
  const query = db.prepare('SELECT id, text FROM s WHERE s MATCH ? ORDER BY bm25(s) LIMIT ?');
  return {
    sentences: n,
    ask(q, limit = 3) {
      const grams = trigrams(q);
      if (grams.length === 0) return [];
      const match = grams.map((g) => `"${g.replace(/"/gu, '""')}"`).join(' OR ');
      return (query.all(match, limit) as { id: string; text: string }[]).map((r) => ({ sentenceId: r.id, text: r.text }));
    },
    close: () => db.close(),
  };
}
