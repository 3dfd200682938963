/**
 * Password hashing: argon2id through @node-rs/argon2 (prebuilt binaries are npm packages of the
 * registry; nothing is downloaded at install). Parameters are OWASP's first recommendation for
 * argon2id: 19 MiB of memory, 2 passes, 1 lane, 32-byte output, 16-byte random salt — about 60 ms
 * per hash on this project's machines. The PHC string stored (`$argon2id$v=19$m=19456,t=2,p=1$…`)
 * carries its parameters, so raising them later still verifies the old hashes; `needsRehash`
 * tells when a sign-in should store a new one.
 */
import { hash, verify } from '@node-rs/argon2';

/** Algorithm.Argon2id of @node-rs/argon2 (an ambient const enum, which isolated modules cannot read) */
const ARGON2ID = 2;

export const PASSWORD_HASH_PARAMS = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} as const;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

const PHC_PARAMS = `m=${PASSWORD_HASH_PARAMS.memoryCost},t=${PASSWORD_HASH_PARAMS.timeCost},p=${PASSWORD_HASH_PARAMS.parallelism}`;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_HASH_PARAMS);
}

let dummy: Promise<string> | undefined;

/**
 * Verifies `password` against a stored hash. With no hash (unknown address, an account without a
 * password) a dummy hash is verified instead, so the answer takes as long either way.
 */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) {
    dummy ??= hashPassword('commons-map: no such account');
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false; // a malformed stored hash never lets anyone in
  }
}

export function needsRehash(stored: string): boolean {
  return !stored.startsWith(`$argon2id$v=19$${PHC_PARAMS}$`);
}
