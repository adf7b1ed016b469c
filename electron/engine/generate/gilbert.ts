/**
 * Packet loss from a 2-state Gilbert model (the model behind G.107's burst ratio): in the Good
 * state nothing is lost, in the Bad state everything is. With p = P(Good→Bad) and q = P(Bad→Good),
 *
 *     Ppl    = p / (p + q)        (the long-run loss probability)
 *     BurstR = 1 / (p + q)        (mean loss run over the mean run of random loss at the same Ppl)
 *
 * so p = Ppl / BurstR and q = (1 - Ppl) / BurstR. BurstR = 1 gives p = Ppl and q = 1 - Ppl: each
 * packet is lost with Ppl whatever came before, i.e. random loss.
 */

/** Transition probabilities of the model for a loss probability (0..1) and a burst ratio (>= 1). */
export function gilbertParameters(lossProbability: number, burstRatio: number): { p: number; q: number } {
  return { p: lossProbability / burstRatio, q: (1 - lossProbability) / burstRatio };
}

export class GilbertLoss {
  readonly p: number;
  readonly q: number;
  #bad: boolean | null = null;

  constructor(
    readonly lossProbability: number,
    readonly burstRatio: number,
  ) {
    ({ p: this.p, q: this.q } = gilbertParameters(lossProbability, burstRatio));
  }

  /**
   * Whether the next packet is lost, given a uniform draw `u` in [0, 1). The first packet's state
   * comes from the long-run distribution (Bad with probability Ppl), later ones from the transitions.
   */
  lose(u: number): boolean {
    if (this.lossProbability <= 0) return false;
    if (this.#bad === null) this.#bad = u < this.lossProbability;
    else this.#bad = this.#bad ? !(u < this.q) : u < this.p;
    return this.#bad;
  }
}
