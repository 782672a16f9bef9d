// The prebuilt file written by `npm run build:knowledge`: the parsed knowledge and the compact postings, so that
// start-up neither parses the reports nor builds an index. Layout: `FZHIIDX1`, a u32 (little-endian) header
// length, a u32 CRC-32 of everything after it, the header as JSON, then, from the next 8-byte boundary, blocks at
// 8-byte boundaries: the knowledge as JSON (UTF-16) and the postings as
// raw typed arrays, which are read as views over the file's bytes (no copy, no parse).
// A file is used only when it was made from these very input files by this very code; anything else (stale,
// other code, truncated, not an index) is an IndexFileError, and the caller builds in memory and says why.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { crc32 } from 'node:zlib';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadResult } from '../knowledge/load-knowledge.js';
import { decodeDocument, encodeDocument, type EncodedDocument } from '../knowledge/snapshot.js';
import { INDEX_SCHEMA_VERSION, type IndexHeader, type SearchIndex } from './index.js';
import type { Postings } from './postings.js';
import { TOKENIZER_VERSION } from './tokenize.js';

const MAGIC = 'FZHIIDX1';
/** Magic, header length, checksum. */
const PREFIX = MAGIC.length + 8;
const ALIGN = 8;
const align = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

type BlockType = 'utf16' | 'u32' | 'u16';
interface Block {
  offset: number;
  length: number;
  type: BlockType;
}

export interface FileHeader extends IndexHeader {
  /** `inputFingerprint` of the knowledge directory it was built from. */
  inputs: string;
  /** `codeFingerprint()` of the program that built it. */
  code: string;
  endianness: 'LE' | 'BE';
  fields: string[];
  terms: string[];
  documentCount: number;
  avgFieldLength: number[];
  synonyms: string[][];
  warnings: string[];
  blocks: Record<string, Block>;
}

export class IndexFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IndexFileError';
  }
}

const HERE = dirname(fileURLToPath(import.meta.url));
const OWN_EXT = extname(fileURLToPath(import.meta.url));
let code: string | null = null;

/**
 * A hash of the code that decides what the file holds: the knowledge parser (all of src/knowledge) and the
 * tokenizer, index and file format. Any change there makes older files unusable, with no version to bump by hand.
 */
export function codeFingerprint(): string {
  if (code) return code;
  const hash = createHash('sha256');
  const knowledgeDir = join(HERE, '..', 'knowledge');
  const files: [string, string][] = [
    ...readdirSync(knowledgeDir)
      .filter((f) => extname(f) === OWN_EXT)
      .sort()
      .map((f): [string, string] => [`knowledge/${f}`, join(knowledgeDir, f)]),
    ...['tokenize', 'index', 'postings', 'index-file'].map((f): [string, string] => [`search/${f}`, join(HERE, `${f}${OWN_EXT}`)]),
  ];
  for (const [name, path] of files) hash.update(`${name}\0`).update(readFileSync(path));
  return (code = `${INDEX_SCHEMA_VERSION}.${TOKENIZER_VERSION}.${hash.digest('hex').slice(0, 16)}`);
}

const ENDIANNESS = endianness();

/** Writes the file atomically (a reader never sees half of it). */
export function writeIndexFile(file: string, loaded: LoadResult, index: SearchIndex, inputs: string): void {
  const { kb, warnings } = loaded;
  const p = index.postings;
  // UTF-16: the text is mostly Chinese (2 bytes a character, 3 in UTF-8), and decoding it is a copy (10× faster).
  const parts: [string, BlockType, Uint8Array][] = [['knowledge', 'utf16', Buffer.from(JSON.stringify(kb.documents.map(encodeDocument)), 'utf16le')]];
  const bytes = (a: Uint32Array | Uint16Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  p.fields.forEach((_, f) => {
    parts.push([`length.${f}`, 'u32', bytes(p.fieldLength[f]!)], [`offsets.${f}`, 'u32', bytes(p.offsets[f]!)], [`docs.${f}`, 'u32', bytes(p.docs[f]!)], [`freqs.${f}`, 'u16', bytes(p.freqs[f]!)]);
  });
  parts.push(['hits', 'u32', bytes(p.hits)]);

  const header: Omit<FileHeader, 'blocks'> = {
    ...index.header,
    inputs,
    code: codeFingerprint(),
    endianness: ENDIANNESS,
    fields: [...p.fields],
    terms: [...p.terms],
    documentCount: p.documentCount,
    avgFieldLength: [...p.avgFieldLength],
    synonyms: kb.synonyms,
    warnings,
  };
  // Block offsets count from the first 8-byte boundary after the header, so the header never depends on its own length.
  const blocks: Record<string, Block> = {};
  let size = 0;
  for (const [name, type, data] of parts) {
    size = align(size);
    blocks[name] = { offset: size, length: data.byteLength, type };
    size += data.byteLength;
  }
  const headerBytes = Buffer.from(JSON.stringify({ ...header, blocks }));
  const base = align(PREFIX + headerBytes.length);
  const out = Buffer.alloc(base + size);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(headerBytes.length, MAGIC.length);
  headerBytes.copy(out, PREFIX);
  for (const [name, , data] of parts) out.set(data, base + blocks[name]!.offset);
  // A flipped byte in a quote must not reach a user: the reader checks this before trusting anything.
  out.writeUInt32LE(crc32(out.subarray(PREFIX)), PREFIX - 4);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, out);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

export interface PrebuiltFile {
  header: FileHeader;
  postings(): Postings;
  /** The knowledge as `loadKnowledge(dir)` would return it. */
  knowledge(dir: string): LoadResult;
}

function fail(message: string): never {
  throw new IndexFileError(message);
}

/** Reads and checks a prebuilt file; null when there is none. Throws IndexFileError when it cannot be used. */
export function readIndexFile(file: string): PrebuiltFile | null {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    const errno = (e as NodeJS.ErrnoException).code;
    if (errno === 'ENOENT') return null;
    fail(`unreadable (${errno ?? 'error'})`);
  }
  if (buf.length < PREFIX || buf.toString('latin1', 0, MAGIC.length) !== MAGIC) fail('not a fazhi-bot index file');
  const headerLength = buf.readUInt32LE(MAGIC.length);
  if (PREFIX + headerLength > buf.length) fail('truncated (the header runs past the end)');
  if (crc32(buf.subarray(PREFIX)) !== buf.readUInt32LE(PREFIX - 4)) fail('damaged (checksum mismatch)');
  let header: FileHeader;
  try {
    header = JSON.parse(buf.toString('utf8', PREFIX, PREFIX + headerLength)) as FileHeader;
  } catch {
    fail('the header is not valid JSON');
  }
  if (typeof header !== 'object' || header === null) fail('the header is not an object');
  if (header.schemaVersion !== INDEX_SCHEMA_VERSION) fail(`index schema version ${String(header.schemaVersion)}, this program needs ${INDEX_SCHEMA_VERSION}`);
  if (header.tokenizerVersion !== TOKENIZER_VERSION) fail(`tokenizer version ${String(header.tokenizerVersion)}, this program uses ${TOKENIZER_VERSION}`);
  if (header.code !== codeFingerprint()) fail('built by another version of the knowledge parser or index code');
  if (header.endianness !== ENDIANNESS) fail(`built on a ${header.endianness} machine`);
  const h = header;
  const terms = h.terms;
  const n = h.documentCount;
  if (!Array.isArray(terms) || !Array.isArray(h.fields) || !Number.isInteger(n) || n !== h.sentences) fail('the header is incomplete');

  const base = align(PREFIX + headerLength);
  /** A block with its offset from the start of the file. */
  const block = (name: string, type: BlockType): Block => {
    const b = h.blocks?.[name];
    if (!b || b.type !== type || !Number.isInteger(b.offset) || !Number.isInteger(b.length) || b.offset % ALIGN !== 0 || b.offset < 0 || base + b.offset + b.length > buf.length) fail(`truncated or damaged (block ${name})`);
    return { ...b, offset: base + b.offset };
  };
  // Views need the file's bytes at an aligned address; readFileSync gives large files their own buffer.
  const bytes: Uint8Array = buf.byteOffset % ALIGN === 0 ? buf : new Uint8Array(buf);
  const u32 = (name: string, length: number): Uint32Array => {
    const b = block(name, 'u32');
    if (b.length !== length * 4) fail(`damaged (block ${name} has ${b.length} bytes, expected ${length * 4})`);
    return new Uint32Array(bytes.buffer, bytes.byteOffset + b.offset, length);
  };
  const u16 = (name: string, length: number): Uint16Array => {
    const b = block(name, 'u16');
    if (b.length !== length * 2) fail(`damaged (block ${name} has ${b.length} bytes, expected ${length * 2})`);
    return new Uint16Array(bytes.buffer, bytes.byteOffset + b.offset, length);
  };
  block('knowledge', 'utf16');

  return {
    header: h,
    postings(): Postings {
      const fieldLength: Uint32Array[] = [];
      const offsets: Uint32Array[] = [];
      const docs: Uint32Array[] = [];
      const freqs: Uint16Array[] = [];
      h.fields.forEach((_, f) => {
        fieldLength.push(u32(`length.${f}`, n));
        const o = u32(`offsets.${f}`, terms.length + 1);
        for (let t = 0; t < terms.length; t++) if (o[t]! > o[t + 1]!) fail(`damaged (offsets of field ${f})`);
        const total = o[terms.length]!;
        const d = u32(`docs.${f}`, total);
        for (let k = 0; k < total; k++) if (d[k]! >= n) fail(`damaged (postings of field ${f})`);
        offsets.push(o);
        docs.push(d);
        freqs.push(u16(`freqs.${f}`, total));
      });
      return {
        fields: h.fields,
        terms,
        termIds: new Map(terms.map((t, i) => [t, i])),
        documentCount: n,
        avgFieldLength: Float64Array.from(h.avgFieldLength),
        fieldLength,
        offsets,
        docs,
        freqs,
        hits: u32('hits', terms.length),
      };
    },
    knowledge(dir: string): LoadResult {
      const b = block('knowledge', 'utf16');
      let encoded: EncodedDocument[];
      try {
        encoded = JSON.parse(buf.toString('utf16le', b.offset, b.offset + b.length)) as EncodedDocument[];
      } catch {
        fail('damaged (the knowledge block is not valid JSON)');
      }
      let documents;
      try {
        documents = encoded.map(decodeDocument);
      } catch (e) {
        fail(`damaged (the knowledge block does not decode: ${(e as Error).message})`);
      }
      return { kb: { dir, documents, synonyms: h.synonyms, version: h.knowledgeVersion }, warnings: h.warnings };
    },
  };
}
