package dev.tribunal.jobs.metarewarding.aggregate;

/** Why a prompt yielded no judge pair, in the order the checks run. */
public enum JudgePairDrop {
  /** No response had two or more valid judgments with a variance above 0: nothing to meta-judge. */
  NO_DISAGREEMENT,
  /** No meta-judge battle of the response gave a usable verdict. */
  NO_VALID_BATTLES,
  /** The best and worst ratings tie: the meta-judge preferred no judgment. */
  RATINGS_TIE,
  /** Both judgments gave the same score (when the knob asks to drop these). */
  SAME_SCORE,
  /** The chosen judgment is longer than the cap (the meta-judge's preference for long judgments). */
  CHOSEN_TOO_LONG
}
