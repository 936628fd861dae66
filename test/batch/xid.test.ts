import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Batch, generateXid, typedXid } from '../../src/batch/index.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

test('generateXid follows TcEx byte for byte, including the published vectors', () => {
  assert.equal(generateXid('myapp-adversary-5'), 'ef6a74c2a9f5a6d080c80224317948f1ee8df995292dcf97a39ea4fd757c3c19');
  assert.equal(generateXid(['myapp', 'adversary', '5']), 'fc67a38328b19880737601afd93ab6308c607c9f513142cc580e1c8713375876');
  // lists: items as strings joined with "-", hashed twice
  assert.equal(generateXid(['a', 1, true]), sha(sha('a-1-true')));
  // strings are UTF-8 bytes
  assert.equal(generateXid('ünïcode'), sha('ünïcode'));
  const random = generateXid();
  assert.match(random, /^[0-9a-f]{64}$/);
  assert.notEqual(random, generateXid());
  assert.throws(() => generateXid(5 as unknown as string), /string or a list/);
});

test('objects without an xid get a reproducible "type-name"/"type-value" xid, or a random one when asked', () => {
  const batch = new Batch({ owner: 'Example Organization' });
  try {
    assert.equal(batch.adversary('APT 1').xid, typedXid('Adversary', 'APT 1'));
    assert.equal(batch.adversary('APT 1').xid, sha('Adversary-APT 1'));
    // indicators hash their normalised value
    assert.equal(batch.host('WWW.Example.COM').xid, sha('Host-www.example.com'));
    assert.equal(batch.adversary('given', 'my-xid').xid, 'my-xid');
    assert.equal(batch.adversary('forced', true).xid, typedXid('Adversary', 'forced'));
    const a = batch.adversary('random', false).xid;
    const b = batch.adversary('random', false).xid;
    assert.notEqual(a, b);
    assert.match(a, /^[0-9a-f-]{36}$/);
  } finally {
    batch.close();
  }
  const randomBatch = new Batch({ owner: 'Example Organization', xidMode: 'random' });
  try {
    assert.notEqual(randomBatch.threat('same').xid, randomBatch.threat('same').xid);
    assert.equal(randomBatch.threat('same', true).xid, typedXid('Threat', 'same'));
    assert.throws(() => new Batch({ owner: 'x', xidMode: 'sometimes' as 'random' }), /xidMode: must be "reproducible" or "random", got "sometimes"/);
  } finally {
    randomBatch.close();
  }
});
