package dev.tribunal.schemas;

/** The shape a preference corpus came in; the code is also what --format takes. */
public enum PairFormat implements Coded {
  /** Anthropic HH-RLHF: "chosen" and "rejected" transcripts that share all but the last reply. */
  HH,
  /** TRL preference data: "prompt", "chosen", "rejected", as text or as message lists. */
  TRL,
  /** Pairs drawn from the embedded task world, labeled by its gold grader. */
  WORLD,
  /** AlpacaEval annotations: "instruction", "output_1", "output_2", "preference". */
  ALPACA_EVAL {
    @Override
    public String code() {
      return "alpaca-eval";
    }
  }
}
