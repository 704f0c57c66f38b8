// greenhack/fs on a real temporary directory. The file also runs in sync mode (sync-mode.test.ts runs it
// with GREENHACK_MODE=sync): the same calls then use fs.*Sync in place.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asAsync, configure, spawn } from 'greenhack';
import * as fs from 'greenhack/fs';
import { caught } from './helpers.ts';

const mode = configure({}).mode;
let dir = '';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'greenhack-fs-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe(`greenhack/fs (${mode} mode)`, () => {
  test('write, append and read files: a Buffer, or a string when an encoding is given', asAsync(() => {
    const file = join(dir, 'order.txt');
    fs.writeFile(file, 'ramen');
    fs.appendFile(file, ' x2', 'utf8');
    assert.equal(fs.readFile(file, 'utf8'), 'ramen x2');
    assert.equal(fs.readFile(file, { encoding: 'utf8' }), 'ramen x2');
    const bytes = fs.readFile(file);
    assert.ok(Buffer.isBuffer(bytes));
    assert.equal(bytes.toString('latin1'), 'ramen x2');
    fs.writeFile(file, new Uint8Array([0x68, 0x69]));
    assert.equal(readFileSync(file, 'utf8'), 'hi');
  }));

  test('directories: mkdir, readdir, stat, rename, copy, remove', asAsync(() => {
    const root = join(dir, 'tree');
    assert.equal(fs.mkdir(join(root, 'a', 'b'), { recursive: true }), root);
    fs.writeFile(join(root, 'a', 'b', 'leaf.json'), '{"n":1}');
    fs.writeFile(join(root, 'top.txt'), 'top');
    assert.deepEqual(fs.readdir(root).sort(), ['a', 'top.txt']);
    const entries = fs.readdir(root, { withFileTypes: true }).map((entry) => [entry.name, entry.isDirectory()]);
    assert.deepEqual(entries.sort(), [['a', true], ['top.txt', false]]);
    assert.equal(fs.stat(join(root, 'top.txt')).size, 3);
    assert.equal(fs.stat(join(root, 'a')).isDirectory(), true);
    assert.equal(fs.exists(join(root, 'top.txt')), true);
    assert.equal(fs.exists(join(root, 'missing')), false);
    fs.access(join(root, 'top.txt'), constants.R_OK);

    fs.rename(join(root, 'top.txt'), join(root, 'renamed.txt'));
    fs.copyFile(join(root, 'renamed.txt'), join(root, 'copy.txt'));
    fs.cp(join(root, 'a'), join(root, 'a-copy'), { recursive: true });
    assert.equal(fs.readFile(join(root, 'a-copy', 'b', 'leaf.json'), 'utf8'), '{"n":1}');
    assert.equal(fs.readFile(join(root, 'copy.txt'), 'utf8'), 'top');

    fs.unlink(join(root, 'copy.txt'));
    fs.rm(join(root, 'a-copy'), { recursive: true });
    fs.rm(join(root, 'a', 'b', 'leaf.json'));
    fs.rmdir(join(root, 'a', 'b'));
    assert.deepEqual(fs.readdir(root).sort(), ['a', 'renamed.txt']);
    const temp = fs.mkdtemp(join(root, 'tmp-'));
    assert.match(temp, /tmp-.{6}$/);
    assert.equal(fs.stat(temp).isDirectory(), true);
  }));

  test('links, permissions, times and sizes', asAsync(() => {
    const target = join(dir, 'target.txt');
    fs.writeFile(target, '0123456789');
    fs.symlink(target, join(dir, 'soft'));
    fs.link(target, join(dir, 'hard'));
    assert.equal(fs.readlink(join(dir, 'soft')), target);
    assert.equal(fs.realpath(join(dir, 'soft')), fs.realpath(target));
    assert.equal(fs.lstat(join(dir, 'soft')).isSymbolicLink(), true);
    assert.equal(fs.stat(join(dir, 'hard')).nlink, 2);
    fs.chmod(target, 0o640);
    assert.equal(fs.stat(target).mode & 0o777, 0o640);
    const when = new Date('2020-01-02T03:04:05Z');
    fs.utimes(target, when, when);
    assert.equal(fs.stat(target).mtime.getTime(), when.getTime());
    fs.truncate(target, 4);
    assert.equal(fs.readFile(target, 'utf8'), '0123');
  }));

  test('errors are the usual Node errors, with their code and the calling code in the stack', asAsync(() => {
    function loadSettings(): string {
      return fs.readFile(join(dir, 'no-such-settings.json'), 'utf8');
    }
    const error = caught(() => loadSettings()) as NodeJS.ErrnoException;
    assert.equal(error.code, 'ENOENT');
    assert.match(String(error.stack), /loadSettings/);
    assert.match(String(error.stack), /fs\.test\.ts:\d+/);
  }));

  test('outside a green task the calls run their fs.*Sync version in place', () => {
    const file = join(dir, 'outside.txt');
    fs.writeFile(file, 'no task needed');
    assert.equal(fs.readFile(file, 'utf8'), 'no task needed');
    assert.equal(fs.exists(file), true);
  });

  if (mode === 'async') {
    test('in a green task a call suspends only its task: another task runs meanwhile', asAsync(() => {
      const file = join(dir, 'suspend.txt');
      fs.writeFile(file, 'x'.repeat(1000));
      let ranMeanwhile = false;
      const other = spawn(() => {
        ranMeanwhile = true;
      });
      assert.equal(ranMeanwhile, false, 'spawn does not switch');
      assert.equal(fs.readFile(file, 'utf8').length, 1000);
      assert.equal(ranMeanwhile, true, 'the other task ran while readFile waited');
      other.join();
    }));

    test('from async code: .async() is fs/promises', async () => {
      const file = join(dir, 'async.txt');
      await fs.writeFile.async(file, 'promised');
      assert.equal(await fs.readFile.async(file, 'utf8'), 'promised');
      assert.equal(await fs.exists.async(file), true);
    });
  } else {
    test('in sync mode a call runs in place: no other task runs in between', asAsync(() => {
      const file = join(dir, 'in-place.txt');
      fs.writeFile(file, 'sync');
      let ranMeanwhile = false;
      const other = spawn(() => {
        ranMeanwhile = true;
      });
      // In sync mode spawn runs the function to its end at once.
      assert.equal(ranMeanwhile, true);
      ranMeanwhile = false;
      assert.equal(fs.readFile(file, 'utf8'), 'sync');
      assert.equal(ranMeanwhile, false);
      other.join();
    }));
  }
});
