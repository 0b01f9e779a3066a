/** A source of uniform numbers in [0, 1); seeded instances replay the same sequence. */
export type Random = () => number;

/**
 * FNV-1a over UTF-16 code units, finished with murmur3's avalanche so that prompts differing
 * in one character still land on unrelated seeds.
 */
export function hashString(text: string, salt = 0): number {
  let hash = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

/** Integer in [min, max], both inclusive. */
export function between(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/**
 * Draws items without repeats until every one has been used, then reshuffles,
 * so a short answer never says the same sentence twice.
 */
export class Deck<T> {
  private pile: T[] = [];

  constructor(
    private readonly items: readonly T[],
    private readonly random: Random,
  ) {}

  draw(): T {
    if (this.pile.length === 0) {
      this.pile = [...this.items];
      for (let i = this.pile.length - 1; i > 0; i--) {
        const j = Math.floor(this.random() * (i + 1));
        [this.pile[i], this.pile[j]] = [this.pile[j], this.pile[i]];
      }
    }
    return this.pile.pop() as T;
  }
}
