import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { MasterKey } from '../chat-identity.options.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SealedSecret {
  ciphertext: Buffer;
  masterKeyId: string;
}

/**
 * AES-256-GCM envelope for vendor secrets. The first master key seals; any configured key opens.
 * The associated data binds a ciphertext to its row, so a ciphertext copied to another row fails.
 */
export class SecretCipher {
  private readonly keys: Map<string, Buffer>;
  readonly currentKeyId: string;

  constructor(masterKeys: readonly MasterKey[]) {
    if (masterKeys.length === 0) throw new Error('At least one master key is required');
    for (const { id, key } of masterKeys) {
      if (key.length !== 32) throw new Error(`Master key "${id}" must be exactly 32 bytes`);
    }
    this.keys = new Map(masterKeys.map(({ id, key }) => [id, key]));
    if (this.keys.size !== masterKeys.length) throw new Error('Master key ids must be unique');
    this.currentKeyId = masterKeys[0].id;
  }

  /** Whether a master key with this id is configured (a key with the id may still not be the one that sealed). */
  hasKey(id: string): boolean {
    return this.keys.has(id);
  }

  seal(plaintext: Buffer, associatedData: string): SealedSecret {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key(this.currentKeyId), iv);
    cipher.setAAD(Buffer.from(associatedData));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]), masterKeyId: this.currentKeyId };
  }

  open(sealed: SealedSecret, associatedData: string): Buffer {
    const { ciphertext } = sealed;
    const decipher = createDecipheriv('aes-256-gcm', this.key(sealed.masterKeyId), ciphertext.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(ciphertext.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(ciphertext.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  }

  private key(id: string): Buffer {
    const key = this.keys.get(id);
    if (!key) throw new Error(`Master key "${id}" is not configured; add it to the master keys to read this secret`);
    return key;
  }
}
