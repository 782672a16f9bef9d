import { loadKnowledge } from './src/knowledge/load-knowledge.js';
import { createAnswerEngine } from './src/search/engine.js';
import { benchQuestions } from './bench/questions.js';
const kb = loadKnowledge('knowledge').kb;
const e = createAnswerEngine(kb, { homeRegion: '清远市' });
const qs = (benchQuestions as any)(kb);
for (const q of qs) e.ask(q);
const t: number[] = [];
for (let r = 0; r < 12; r++) for (const q of qs) { const s = performance.now(); e.ask(q); t.push(performance.now() - s); }
t.sort((a, b) => a - b);
console.log('n', t.length, 'p50', t[Math.floor(t.length / 2)]!.toFixed(3), 'p99', t[Math.floor(t.length * 0.99)]!.toFixed(3));
