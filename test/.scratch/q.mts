import { readFileSync } from 'node:fs';
import { extractTextItems, getDocumentProxy } from 'unpdf';
import { itemsToLines } from '../../src/import/read-pdf.ts';
const pdf = await getDocumentProxy(new Uint8Array(readFileSync(process.argv[2])));
const { items } = await extractTextItems(pdf);
for (const p of items) { const ls = itemsToLines(p); console.log(ls.slice(0,3).map(l=>[l.text.slice(0,12),l.y.toFixed(0),l.x.toFixed(0),l.right.toFixed(0),l.fontSize]), ls.slice(-2).map(l=>[l.text.slice(0,12),l.y.toFixed(0)])); }
