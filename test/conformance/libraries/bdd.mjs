/**
 * A small BDD test runner for third-party test suites: mocha's and jest's describe/it/test, hooks, `this`
 * contexts, done callbacks, a jest-style `expect` subset and `jest.spyOn`. It runs every test body and hook
 * either natively or, with `green: true`, inside a green task (`asAsync(fn)`), which is the point: the
 * library and its tests are compiled green by greenhack's loader, and their bodies run as green tasks.
 */
import { isDeepStrictEqual, inspect } from 'node:util';

const TWIN = Symbol.for('greenhack.twin');
const SKIP = Symbol('skip');
const root = { name: '', parent: undefined, children: [], tests: [], hooks: { before: [], after: [], beforeEach: [], afterEach: [] }, ctx: {}, skip: false };
let current = root;

function suite(name, body, skip = false) {
  const s = { name, parent: current, children: [], tests: [], hooks: { before: [], after: [], beforeEach: [], afterEach: [] }, ctx: Object.create(current.ctx), skip: skip || current.skip };
  current.children.push(s);
  const saved = current;
  current = s;
  try {
    body?.call(s.ctx);
  } finally {
    current = saved;
  }
}
function addTest(name, fn, skip = false) {
  current.tests.push({ name, fn, skip: skip || current.skip || typeof fn !== 'function', suite: current });
}
const hook = (kind) => (a, b) => current.hooks[kind].push(typeof a === 'function' ? a : b);

/** The globals a suite's files use. */
export function installGlobals(target = globalThis) {
  const describe = (name, body) => suite(name, body);
  describe.skip = (name, body) => suite(name, body, true);
  describe.only = describe;
  const it = (name, fn) => addTest(name, fn);
  it.skip = (name, fn) => addTest(name, fn, true);
  it.only = it;
  Object.assign(target, {
    describe, context: describe, xdescribe: describe.skip, it, test: it, specify: it, xit: it.skip,
    before: hook('before'), beforeAll: hook('before'), after: hook('after'), afterAll: hook('after'),
    beforeEach: hook('beforeEach'), afterEach: hook('afterEach'), expect, jest: jestApi,
  });
}

// ---- expect (the jest matchers the chosen suites use) ----

function looseEqual(a, b) {
  if (Object.is(a, b)) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = (o) => Object.keys(o).filter((k) => o[k] !== undefined);
  const ka = keys(a);
  const kb = keys(b);
  return ka.length === kb.length && ka.every((k) => looseEqual(a[k], b[k]));
}

const spies = new Set();
function spyCalls(fn) {
  if (!fn?.mock) throw new TypeError('expected a jest spy');
  return fn.mock.calls;
}

function expect(actual) {
  const matchers = (negate) => {
    const check = (ok, message) => {
      if (Boolean(ok) === negate) throw new Error(`expect(${inspect(actual, { depth: 2 })})${negate ? '.not' : ''}: ${message}`);
    };
    return {
      toBe: (expected) => check(Object.is(actual, expected), `toBe ${inspect(expected)}`),
      toEqual: (expected) => check(looseEqual(actual, expected), `toEqual ${inspect(expected, { depth: 2 })}`),
      toStrictEqual: (expected) => check(isDeepStrictEqual(actual, expected), `toStrictEqual ${inspect(expected, { depth: 2 })}`),
      toBeTruthy: () => check(actual, 'toBeTruthy'),
      toBeFalsy: () => check(!actual, 'toBeFalsy'),
      toBeDefined: () => check(actual !== undefined, 'toBeDefined'),
      toBeUndefined: () => check(actual === undefined, 'toBeUndefined'),
      toBeNull: () => check(actual === null, 'toBeNull'),
      toBeInstanceOf: (C) => check(actual instanceof C, `toBeInstanceOf ${C?.name}`),
      toBeCloseTo: (n, digits = 2) => check(Math.abs(actual - n) < 10 ** -digits / 2, `toBeCloseTo ${n}`),
      toBeGreaterThan: (n) => check(actual > n, `toBeGreaterThan ${n}`),
      toBeLessThan: (n) => check(actual < n, `toBeLessThan ${n}`),
      toContain: (x) => check(actual.includes(x), `toContain ${inspect(x)}`),
      toHaveLength: (n) => check(actual.length === n, `toHaveLength ${n}`),
      toMatch: (re) => check(typeof re === 'string' ? actual.includes(re) : re.test(actual), `toMatch ${re}`),
      toThrow: (expected) => {
        let threw = false;
        let error;
        try {
          actual();
        } catch (e) {
          threw = true;
          error = e;
        }
        const matches = expected === undefined || (typeof expected === 'function' ? error instanceof expected : String(error?.message ?? error).includes(expected?.message ?? expected));
        check(threw && matches, `toThrow ${expected ?? ''}`);
      },
      toHaveBeenCalled: () => check(spyCalls(actual).length > 0, 'toHaveBeenCalled'),
      toHaveBeenCalledTimes: (n) => check(spyCalls(actual).length === n, `toHaveBeenCalledTimes ${n}`),
      toHaveBeenCalledWith: (...args) => check(spyCalls(actual).some((call) => looseEqual(call, args)), `toHaveBeenCalledWith ${inspect(args)}`),
    };
  };
  const m = matchers(false);
  m.not = matchers(true);
  m.toBeCalled = m.toHaveBeenCalled;
  m.toBeCalledWith = m.toHaveBeenCalledWith;
  m.not.toBeCalled = m.not.toHaveBeenCalled;
  m.not.toBeCalledWith = m.not.toHaveBeenCalledWith;
  return m;
}

function mockFunction(impl = () => undefined) {
  const mock = { calls: [] };
  const fn = function (...args) {
    mock.calls.push(args);
    return impl.apply(this, args);
  };
  fn.mock = mock;
  fn.mockClear = () => (mock.calls.length = 0);
  fn.mockImplementation = (f) => ((impl = f), fn);
  spies.add(fn);
  return fn;
}
const jestApi = {
  fn: mockFunction,
  genMockFunction: mockFunction,
  spyOn(object, key) {
    const original = object[key];
    if (original?.mock) return original;
    const spy = mockFunction(function (...args) {
      return original.apply(this, args);
    });
    spy.mockRestore = () => (object[key] = original);
    object[key] = spy;
    return spy;
  },
  clearAllMocks: () => spies.forEach((s) => s.mockClear()),
  restoreAllMocks: () => spies.forEach((s) => s.mockRestore?.()),
};

// ---- running ----

const TIMEOUT_MS = 20_000;

/** Calls a test body or hook with mocha's conventions, natively or as a green task. */
function invoke(fn, ctx, green, asAsync) {
  const target = green ? asAsync(fn) : fn;
  const withDone = fn.length > 0;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    const finish = (error) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    try {
      const result = withDone ? target.call(ctx, (error) => finish(error)) : target.call(ctx);
      if (withDone) result?.then?.(undefined, finish);
      else Promise.resolve(result).then(() => finish(), finish);
    } catch (error) {
      finish(error);
    }
  });
}

function contextFor(suiteCtx, test) {
  const ctx = Object.create(suiteCtx);
  Object.assign(ctx, {
    timeout: () => ctx, slow: () => ctx, retries: () => ctx, currentTest: test, test,
    skip() {
      throw SKIP;
    },
  });
  return ctx;
}

/** Runs every collected test; resolves `{ passed, failed, skipped, twinned, failures }`. */
export async function runAll({ green = false, asAsync } = {}) {
  const out = { passed: 0, failed: 0, skipped: 0, twinned: 0, failures: [] };
  const fullName = (s, name) => {
    const parts = [name];
    for (let x = s; x && x !== root; x = x.parent) parts.unshift(x.name);
    return parts.join(' > ');
  };
  const eachHooks = (s, kind) => (s ? [...(kind === 'beforeEach' ? eachHooks(s.parent, kind) : []), ...s.hooks[kind], ...(kind === 'afterEach' ? eachHooks(s.parent, kind) : [])] : []);
  async function runSuite(s) {
    try {
      for (const fn of s.hooks.before) await invoke(fn, s.ctx, green, asAsync);
    } catch (error) {
      out.failed++;
      out.failures.push({ name: fullName(s, '"before all" hook'), error: String(error?.stack ?? error) });
      return;
    }
    for (const test of s.tests) {
      const name = fullName(s, test.name);
      if (test.skip) {
        out.skipped++;
        continue;
      }
      if (typeof test.fn[TWIN] === 'function') out.twinned++;
      const ctx = contextFor(s.ctx, test);
      try {
        for (const fn of eachHooks(s, 'beforeEach')) await invoke(fn, ctx, green, asAsync);
        await invoke(test.fn, ctx, green, asAsync);
        for (const fn of eachHooks(s, 'afterEach')) await invoke(fn, ctx, green, asAsync);
        out.passed++;
      } catch (error) {
        if (error === SKIP) out.skipped++;
        else {
          out.failed++;
          out.failures.push({ name, error: String(error?.stack ?? error).split('\n').slice(0, 4).join('\n') });
        }
      }
    }
    for (const child of s.children) await runSuite(child);
    for (const fn of s.hooks.after) await invoke(fn, s.ctx, green, asAsync).catch(() => {});
  }
  await runSuite(root);
  return out;
}
