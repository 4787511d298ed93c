package dev.tribunal.jobs.rlaif;

import dev.tribunal.jobs.roles.Template;
import dev.tribunal.schemas.LabelMissing;
import dev.tribunal.worker.NextTokenResult;
import dev.tribunal.jobs.config.RlaifConfig;
import dev.tribunal.jobs.stages.worker.ModelSession;
import dev.tribunal.worker.NextTokenRequest;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Direct RLAIF (spec 2.5): the labeler rates one response; the rating tokens' probabilities,
 * renormalised over the ratings, give the expected rating s = Σ i·P(i), mapped to a reward in
 * [-1, 1] (on 1 to 10: r = (s - 5.5) / 4.5). Ratings a backend did not return (outside its top
 * log-probs) are left out of the renormalisation; with none at all the reward is missing.
 */
public record DirectScore(Template template, int minScore, int maxScore, RlaifConfig.PromptForm form) implements Rater {
  public static final String KIND = "direct_rlaif";
  public static final List<String> SLOTS = List.of("context", "response");

  public DirectScore {
    if (minScore < 0 || maxScore <= minScore) {
      throw new IllegalArgumentException("direct scores need 0 <= min < max, not " + minScore + ".." + maxScore);
    }
  }

  public static DirectScore of(String template, int minScore, int maxScore, RlaifConfig.PromptForm form) {
    return new DirectScore(Template.of("direct rating", template, SLOTS), minScore, maxScore, form);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Object settings() {
    return java.util.Map.of("template", template.text(), "scores", List.of(minScore, maxScore), "prompt_form", form);
  }

  /** One next-token read per response: the rating tokens after the rating prompt. */
  @Override
  public List<Rating> rate(ModelSession model, List<Rated> items) {
    List<NextTokenRequest> asked = items.stream().map(i -> new NextTokenRequest(
        form.toWorker(prompt(LabelingPrompt.context(i.conversation()), i.response())), candidates())).toList();
    return model.nextTokenLogprobs(asked).stream().map(this::read).toList();
  }

  /** The rating tokens, min to max, each asked as one next token. */
  public List<String> candidates() {
    return IntStream.rangeClosed(minScore, maxScore).mapToObj(Integer::toString).toList();
  }

  public String prompt(String context, String response) {
    return template.render(Map.of("context", context, "response", response));
  }

  /** The rating and reward read from one response's next-token log-probs. */
  public Rating read(NextTokenResult r) {
    if (r.contextOverflow()) return new Rating(null, null, LabelMissing.CONTEXT_OVERFLOW);
    double max = Double.NEGATIVE_INFINITY;
    for (double lp : r.logprobs().values()) max = Math.max(max, lp);
    double mass = 0;
    double weighted = 0;
    for (int i = minScore; i <= maxScore; i++) {
      var lp = r.of(Integer.toString(i));
      if (lp.isEmpty()) continue;
      double p = Math.exp(lp.getAsDouble() - max); // shifted: the renormalisation cancels it
      mass += p;
      weighted += i * p;
    }
    if (mass == 0) return new Rating(null, null, LabelMissing.LABEL_TOKEN_MISSING);
    double s = weighted / mass;
    double mid = (minScore + maxScore) / 2.0;
    return new Rating((s - mid) / ((maxScore - minScore) / 2.0), s, null);
  }
}
