package dev.tribunal.jobs.metarewarding.aggregate;

/** Why a prompt yielded no actor pair. */
public enum ActorPairDrop {
  /** Fewer than two eligible candidates (after truncation, template-leak and duplicate flags). */
  TOO_FEW_CANDIDATES,
  /** All eligible candidates have the same score ({@code Smax == Smin}). */
  ALL_SCORES_EQUAL,
  /** The chosen and rejected tiers picked the same response (ρ near or above 0.5). */
  SAME_RESPONSE,
  /**
   * The chosen response does not score above the rejected one. Only possible for ρ >= 0.5, where
   * the two tiers overlap; such a pair would teach the opposite of the judge's preference.
   */
  CHOSEN_NOT_BETTER,
  /** Every response scoring above the lowest writes a verdict or a judge delimiter of its own. */
  ONLY_INJECTION_ON_TOP
}
