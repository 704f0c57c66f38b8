// errors.ts's ERROR_CLASSES, which the blocking bridge uses to send errors between threads by class name,
// must name every error class the module exports: a class left out would come back as a plain Error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as errors from '../../dist/errors.js';

test('ERROR_CLASSES names every error class errors.ts exports, each under its own name', () => {
  const exported = Object.entries(errors).filter(([, value]) => typeof value === 'function' && value.prototype instanceof Error);
  assert.ok(exported.length >= 15, `only ${exported.length} error classes found`);
  for (const [name, value] of exported) assert.equal(errors.ERROR_CLASSES[name], value, `${name} is missing from ERROR_CLASSES`);
  assert.deepEqual(Object.keys(errors.ERROR_CLASSES).sort(), exported.map(([name]) => name).sort());
});
