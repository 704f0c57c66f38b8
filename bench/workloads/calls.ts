// Call-heavy pure code, no hidden calls anywhere: what a green task pays for calls it never suspends in.
// Each `run*` export does `k` iterations of one workload and returns a checksum.

// --- 1. recursive fib: the smallest possible call --------------------------------------------------
export function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

export function runFib(k: number): number {
  let sum = 0;
  for (let i = 0; i < k; i++) sum += fib(18);
  return sum;
}

// --- 2. a tokenizer and recursive-descent parser (classes, methods, string built-ins) ---------------
type TokenKind = 'num' | 'name' | 'op' | 'end';
interface Token {
  kind: TokenKind;
  text: string;
  value: number;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isNameChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
}

class Lexer {
  private pos = 0;
  private current: Token;
  constructor(private readonly src: string) {
    this.current = this.scan();
  }

  peek(): Token {
    return this.current;
  }

  next(): Token {
    const token = this.current;
    this.current = this.scan();
    return token;
  }

  private skipSpace(): void {
    while (this.pos < this.src.length && this.src.charCodeAt(this.pos) === 32) this.pos++;
  }

  private scan(): Token {
    this.skipSpace();
    if (this.pos >= this.src.length) return { kind: 'end', text: '', value: 0 };
    const start = this.pos;
    const code = this.src.charCodeAt(start);
    if (isDigit(code)) {
      while (this.pos < this.src.length && isDigit(this.src.charCodeAt(this.pos))) this.pos++;
      const text = this.src.slice(start, this.pos);
      return { kind: 'num', text, value: Number(text) };
    }
    if (isNameChar(code)) {
      while (this.pos < this.src.length && isNameChar(this.src.charCodeAt(this.pos))) this.pos++;
      return { kind: 'name', text: this.src.slice(start, this.pos), value: 0 };
    }
    this.pos++;
    return { kind: 'op', text: this.src[start]!, value: 0 };
  }
}

type Env = Record<string, number>;

class Parser {
  private readonly lexer: Lexer;
  constructor(
    src: string,
    private readonly env: Env,
  ) {
    this.lexer = new Lexer(src);
  }

  private at(op: string): boolean {
    const token = this.lexer.peek();
    return token.kind === 'op' && token.text === op;
  }

  private expect(op: string): void {
    if (!this.at(op)) throw new SyntaxError(`expected ${op}`);
    this.lexer.next();
  }

  parse(): number {
    const value = this.sum();
    if (this.lexer.peek().kind !== 'end') throw new SyntaxError('trailing input');
    return value;
  }

  private sum(): number {
    let value = this.product();
    for (;;) {
      if (this.at('+')) {
        this.lexer.next();
        value += this.product();
      } else if (this.at('-')) {
        this.lexer.next();
        value -= this.product();
      } else return value;
    }
  }

  private product(): number {
    let value = this.unary();
    for (;;) {
      if (this.at('*')) {
        this.lexer.next();
        value *= this.unary();
      } else if (this.at('%')) {
        this.lexer.next();
        value %= this.unary() || 1;
      } else return value;
    }
  }

  private unary(): number {
    if (this.at('-')) {
      this.lexer.next();
      return -this.unary();
    }
    return this.atom();
  }

  private atom(): number {
    const token = this.lexer.next();
    if (token.kind === 'num') return token.value;
    if (token.kind === 'name') {
      if (this.at('(')) return this.call(token.text);
      return lookup(this.env, token.text);
    }
    if (token.kind === 'op' && token.text === '(') {
      const value = this.sum();
      this.expect(')');
      return value;
    }
    throw new SyntaxError(`unexpected ${token.text}`);
  }

  private call(name: string): number {
    this.expect('(');
    const args: number[] = [this.sum()];
    while (this.at(',')) {
      this.lexer.next();
      args.push(this.sum());
    }
    this.expect(')');
    return apply(name, args);
  }
}

function lookup(env: Env, name: string): number {
  const value = env[name];
  if (value === undefined) throw new ReferenceError(`${name} is not defined`);
  return value;
}

function apply(name: string, args: number[]): number {
  switch (name) {
    case 'max':
      return Math.max(...args);
    case 'min':
      return Math.min(...args);
    case 'abs':
      return Math.abs(args[0]!);
    default:
      throw new ReferenceError(`${name} is not a function`);
  }
}

const EXPRESSIONS = [
  '1 + 2 * 3 - 4',
  'max(a, b, 7) * (c - 2) % 11',
  '-(x + y) * -(3 + z) + abs(0 - w)',
  '((1 + 2) * (3 + 4) - (5 * 6)) + a * b * c',
  'min(x * 2, y * 3, z * 4) + max(1, 2, 3, 4, 5) - abs(a - b)',
];
const ENV: Env = { a: 3, b: 5, c: 7, x: 11, y: 13, z: 17, w: 19 };

export function runParse(k: number): number {
  let sum = 0;
  for (let i = 0; i < k; i++) {
    for (const expression of EXPRESSIONS) sum += new Parser(expression, ENV).parse();
  }
  return sum;
}

// --- 3. array-method-heavy code: callbacks that call functions (so they get twins) and some that don't ---
interface Item {
  id: number;
  price: number;
  qty: number;
  tags: string[];
}

const ITEMS: Item[] = Array.from({ length: 40 }, (_, i) => ({
  id: i,
  price: 1 + ((i * 37) % 50) / 4,
  qty: 1 + (i % 5),
  tags: i % 3 === 0 ? ['veg', 'hot'] : i % 3 === 1 ? ['meat'] : ['veg'],
}));

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function lineTotal(item: Item): number {
  return round2(item.price * item.qty);
}

function hasTag(item: Item, tag: string): boolean {
  return item.tags.includes(tag);
}

function summarize(items: Item[]): number {
  const veg = items.filter((item) => hasTag(item, 'veg'));
  const totals = veg.map((item) => lineTotal(item));
  const sum = totals.reduce((a, b) => a + b, 0);
  const spicy = items.some((item) => hasTag(item, 'hot') && item.qty > 4);
  const ids = items.map((item) => item.id).filter((id) => id % 2 === 0);
  return round2(sum) + (spicy ? 1 : 0) + ids.length;
}

export function runArrays(k: number): number {
  let sum = 0;
  for (let i = 0; i < k; i++) sum += summarize(ITEMS);
  return sum;
}
