package dev.tribunal.jobs.seed;

import dev.tribunal.jobs.config.ConfigLoader;
import dev.tribunal.jobs.config.RlaifConfig;
import dev.tribunal.jobs.rlaif.DirectScore;
import dev.tribunal.jobs.rlaif.Labeler;
import dev.tribunal.jobs.rlaif.LabelingPrompt;
import dev.tribunal.jobs.world.GoldGrade;
import java.util.List;

/**
 * The RLAIF prompts the seed learns to answer, as the rlaif section asks them: the pairwise
 * labeling prompt (no exemplars, the label token right after the ending) and the direct rating
 * prompt. The seed reads and writes characters, so its ratings stop at 9 (a rating of 10 would be
 * two tokens).
 */
public record Labeling(LabelingPrompt pairwise, DirectScore rating) {
  /** The highest rating one character can name. */
  static final int MAX_ONE_TOKEN_RATING = 9;

  /** The prompts of the default rlaif section (tribunal-defaults.yaml). */
  public static Labeling ofDefaults() {
    return of(new ConfigLoader(name -> null).load(null, List.of()).rlaif());
  }

  public static Labeling of(RlaifConfig rlaif) {
    return new Labeling(Labeler.of(rlaif, List.of()).prompt(), rlaif.direct().rating(RlaifConfig.PromptForm.TEXT));
  }

  /** The label token naming the better response: the first when firstBetter. */
  String label(boolean firstBetter) {
    return pairwise.labelTokens().get(firstBetter ? 0 : 1);
  }

  /**
   * The rationale the seed writes before its label: each response copied, then its rating, in the
   * order shown, so that each rating is read right after the answer it rates and the label only
   * compares two ratings (one token cannot compare two answers inside this model; rating one answer
   * at a time it can, see the README).
   */
  static String rationale(String first, String ratingFirst, String second, String ratingSecond) {
    return "Response 1 is " + first + ", rated " + ratingFirst + ". Response 2 is " + second + ", rated " + ratingSecond + ".";
  }

  /** The rating a response of this gold grade earns, spread evenly from the lowest rating to the highest one-token rating. */
  String rating(GoldGrade grade) {
    int low = rating.minScore();
    int high = Math.min(rating.maxScore(), MAX_ONE_TOKEN_RATING);
    return Integer.toString(low + (int) Math.round((high - low) * grade.score() / 5.0));
  }
}
