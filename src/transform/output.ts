/**
 * Output text built from pieces of the (type-stripped) source and generated glue, with a source map.
 * Copied pieces map character by character back to the source; glue maps to a position we choose, so
 * that a frame in generated code (a twin's dispatch) reports the original call's line and column.
 */
import { GenMapping, maybeAddSegment, setSourceContent, toEncodedMap } from '@jridgewell/gen-mapping';
import type { SourceMapObject } from './types.ts';

/** A piece: text, and where its first character comes from (-1: nowhere). */
type Piece = { text: string; from: number; copied: boolean };

export class Fragment {
  readonly pieces: Piece[] = [];

  constructor(private readonly source: string) {}

  /** Copies `source[start, end)`. */
  copy(start: number, end: number): this {
    if (end > start) this.pieces.push({ text: this.source.slice(start, end), from: start, copied: true });
    return this;
  }

  /** Adds generated text, mapped to source offset `from` (or unmapped). */
  write(text: string, from = -1): this {
    if (text) this.pieces.push({ text, from, copied: false });
    return this;
  }

  append(other: Fragment): this {
    for (const piece of other.pieces) this.pieces.push(piece);
    return this;
  }

  /** Inserts `other`'s pieces before piece `index` (a `pieces.length` taken earlier). */
  insert(index: number, other: Fragment): this {
    this.pieces.splice(index, 0, ...other.pieces);
    return this;
  }

  toString(): string {
    let text = '';
    for (const piece of this.pieces) text += piece.text;
    return text;
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** `[A-Za-z0-9_$]` by char code: this loop runs over every character of the output. */
function isWord(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 36 || c === 95;
}

/** Renders a fragment to code and a source map against `sourceName`. */
export function render(fragment: Fragment, source: string, sourceName: string): { code: string; map: SourceMapObject } {
  const starts = lineStarts(source);
  const map = new GenMapping({ file: sourceName });
  let line = 0;
  let column = 0;
  let searchLine = 0;
  const add = (offset: number): void => {
    // Offsets arrive mostly in increasing order: search forward from the last line, else from the start.
    if (searchLine >= starts.length || starts[searchLine]! > offset) searchLine = 0;
    while (searchLine + 1 < starts.length && starts[searchLine + 1]! <= offset) searchLine++;
    maybeAddSegment(map, line, column, sourceName, searchLine, offset - starts[searchLine]!);
  };
  const texts: string[] = [];
  for (const piece of fragment.pieces) {
    const { text, from, copied } = piece;
    if (from >= 0) add(from);
    let previous = -1;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 10) {
        line++;
        column = 0;
        previous = ch;
        if (copied && i + 1 < text.length) add(from + i + 1);
        continue;
      }
      // Map the start of each word of copied text, so calls and property reads keep their columns.
      if (copied && i > 0 && isWord(ch) && !isWord(previous)) add(from + i);
      column++;
      previous = ch;
    }
    texts.push(text);
  }
  setSourceContent(map, sourceName, source);
  return { code: texts.join(''), map: toEncodedMap(map) as unknown as SourceMapObject };
}
