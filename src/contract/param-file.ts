import { createCipheriv, createDecipheriv, randomInt } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

// The platform's parameter file: JSON encrypted with AES-CBC, a zero IV and PKCS#7 padding, the key being the
// UTF-8 bytes of a short string (16 characters → AES-128).
const ZERO_IV = Buffer.alloc(16);
const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function cipherName(key: string): string {
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes === 16) return 'aes-128-cbc';
  if (bytes === 24) return 'aes-192-cbc';
  if (bytes === 32) return 'aes-256-cbc';
  throw new Error(`TC_APP_PARAM_KEY: must be 16, 24 or 32 bytes long, got ${bytes}`);
}

export function randomParamKey(length = 16): string {
  let key = '';
  for (let i = 0; i < length; i++) key += KEY_ALPHABET[randomInt(KEY_ALPHABET.length)];
  return key;
}

export function encryptParams(params: Record<string, unknown>, key: string): Buffer {
  const cipher = createCipheriv(cipherName(key), Buffer.from(key, 'utf8'), ZERO_IV);
  return Buffer.concat([cipher.update(JSON.stringify(params), 'utf8'), cipher.final()]);
}

export function decryptParams(data: Buffer, key: string): Record<string, unknown> {
  let text: string;
  try {
    const decipher = createDecipheriv(cipherName(key), Buffer.from(key, 'utf8'), ZERO_IV);
    text = Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch (err) {
    if (err instanceof Error && err.message.startsWith('TC_APP_PARAM_KEY')) throw err;
    throw new Error('TC_APP_PARAM_FILE: cannot decrypt with TC_APP_PARAM_KEY (wrong key or damaged file)');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // A wrong key passes the padding check about once in 256 tries and yields noise, so this is most often a wrong
    // key too; the message says so either way.
    throw new Error('TC_APP_PARAM_FILE: cannot decrypt with TC_APP_PARAM_KEY (wrong key or damaged file: the content is not JSON)');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error('TC_APP_PARAM_FILE: decrypted content must be a JSON object of params');
  }
  // v4 test harness files wrap the params in "inputs"
  const obj = parsed as Record<string, unknown>;
  if (obj.inputs && typeof obj.inputs === 'object' && !Array.isArray(obj.inputs) && Object.keys(obj).length === 1) {
    return obj.inputs as Record<string, unknown>;
  }
  return obj;
}

/** Writes an encrypted parameter file; generates a 16-character key when none is given. */
export async function writeParamFile(
  file: string,
  params: Record<string, unknown>,
  key: string = randomParamKey(),
): Promise<{ file: string; key: string }> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, encryptParams(params, key), { mode: 0o600 });
  return { file, key };
}

/** Reads and decrypts a parameter file, then deletes it so the secrets do not stay on disk. */
export async function readParamFile(file: string, key: string): Promise<Record<string, unknown>> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch {
    throw new Error(`TC_APP_PARAM_FILE: cannot read ${JSON.stringify(file)}`);
  }
  try {
    return decryptParams(data, key);
  } finally {
    await rm(file, { force: true });
  }
}
