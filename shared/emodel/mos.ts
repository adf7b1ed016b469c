/**
 * R ↔ MOS on the narrowband scale: G.107 Annex B (R → MOS_CQE) and its inverse (G.107 Appendix I
 * gives a closed form; we invert by bisection, which cannot pick the wrong root). Spec 1.8.
 */

/** Lowest MOS of the scale (and of every MOS this product reports). */
export const MOS_MIN = 1;
/** Highest MOS of the Annex B mapping (R ≥ 100). */
export const MOS_MAX = 4.5;
/** Bottom of the narrowband R scale: R < 0 gives MOS 1 (Annex B). */
export const R_MIN = 0;
/** Top of the narrowband R scale: R > 100 gives MOS 4.5 (Annex B). */
export const R_MAX = 100;

/** MOS = 1 + 0.035·R + R·(R − 60)·(100 − R)·7·10⁻⁶ (G.107 Annex B). */
const ANNEX_B_LINEAR = 0.035;
const ANNEX_B_INFLECTION_R = 60;
const ANNEX_B_CUBIC = 7e-6;

/**
 * Where the Annex B cubic climbs back to MOS 1 (it dips to 0.9888 at R ≈ 3.2 in between, spec 1.8 and
 * pitfall 9): the smaller root above 0 of 7·10⁻⁶·R² − 0.00112·R + 0.007 = 0, ≈ 6.5248. Below it every
 * R maps to MOS 1 after clamping, so it is the lower end of the invertible range.
 */
export const R_AT_MOS_FLOOR = ((): number => {
  // MOS − 1 = R·(a·R² + b·R + c) with a = −7·10⁻⁶, b = 160·7·10⁻⁶ = 0.00112, c = 0.035 − 6000·7·10⁻⁶ = −0.007.
  const a = -ANNEX_B_CUBIC;
  const b = (ANNEX_B_INFLECTION_R + R_MAX) * ANNEX_B_CUBIC;
  const c = ANNEX_B_LINEAR - ANNEX_B_INFLECTION_R * R_MAX * ANNEX_B_CUBIC;
  return (-b + Math.sqrt(b * b - 4 * a * c)) / (2 * a);
})();

/** Bisection steps of {@link mosToR}: 100 / 2^60 ≈ 10⁻¹⁶ R, far below double precision of R. */
const BISECTION_STEPS = 60;

/** The Annex B cubic itself, without clamps (can be < 1 for 0 < R < 6.52). */
function annexB(r: number): number {
  return MOS_MIN + ANNEX_B_LINEAR * r + r * (r - ANNEX_B_INFLECTION_R) * (R_MAX - r) * ANNEX_B_CUBIC;
}

/**
 * Narrowband R → MOS (MOS-CQE), G.107 Annex B:
 * R < 0 → 1; 0 ≤ R ≤ 100 → 1 + 0.035·R + R·(R − 60)·(100 − R)·7·10⁻⁶; R > 100 → 4.5.
 * The result is clamped to [1, 4.5] (the cubic is below 1 for 0 < R < 6.52, pitfall 9).
 * ±Infinity give 1 / 4.5; NaN throws RangeError.
 * @param r rating factor on the narrowband (0…100) scale; for wideband R use wideband.ts
 * @returns MOS, 1 … 4.5
 */
export function rToMos(r: number): number {
  if (Number.isNaN(r)) throw new RangeError('R must be a number, got NaN');
  if (r < R_MIN) return MOS_MIN;
  if (r > R_MAX) return MOS_MAX;
  return Math.min(MOS_MAX, Math.max(MOS_MIN, annexB(r)));
}

/**
 * MOS → narrowband R, the inverse of {@link rToMos} (G.107 Appendix I computes the same with a closed
 * form). The input is clamped to [1, 4.5]; MOS ≤ 1 gives R = 0 (bottom of the scale; every R up to
 * 6.52 maps to MOS 1), MOS ≥ 4.5 gives 100. In between, bisection on [6.52, 100], where the cubic is
 * strictly increasing, so the answer is the unique R with rToMos(R) = MOS. NaN throws RangeError.
 * @param mos MOS, any number (clamped to 1 … 4.5)
 * @returns R on the narrowband scale, 0 … 100
 */
export function mosToR(mos: number): number {
  if (Number.isNaN(mos)) throw new RangeError('MOS must be a number, got NaN');
  if (mos <= MOS_MIN) return R_MIN;
  if (mos >= MOS_MAX) return R_MAX;
  let low = R_AT_MOS_FLOOR;
  let high = R_MAX;
  for (let step = 0; step < BISECTION_STEPS; step++) {
    const mid = (low + high) / 2;
    if (annexB(mid) < mos) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}
