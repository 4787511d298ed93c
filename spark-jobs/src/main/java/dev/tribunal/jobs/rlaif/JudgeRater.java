package dev.tribunal.jobs.rlaif;

import dev.tribunal.jobs.config.SamplingConfig;
import dev.tribunal.jobs.roles.ActorRole;
import dev.tribunal.jobs.roles.JudgeRole;
import dev.tribunal.jobs.roles.Verdict;
import dev.tribunal.jobs.stages.Completions;
import dev.tribunal.jobs.stages.GreedyAnswers;
import dev.tribunal.jobs.stages.PromptForms;
import dev.tribunal.jobs.stages.worker.ModelSession;
import dev.tribunal.schemas.Ids;
import dev.tribunal.schemas.LabelMissing;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.FinishReason;
import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.Prompt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model's own judge as a reward: the mean of n judgments' scores of the response (the loop's
 * judge role and rubric; a reference-guided judge first answers the question greedily, as the
 * loop's judge stage does). Missing when no judgment gives a readable verdict.
 */
public record JudgeRater(JudgeRole judge, SamplingConfig sampling, int n, ActorRole actor,
    SamplingConfig actorSampling) implements Rater {
  public static final String KIND = "judge";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Object settings() {
    return Map.of("judge_template", judge.template().text(), "n", n, "sampling", sampling);
  }

  @Override
  public List<Rating> rate(ModelSession model, List<Rated> items) {
    Map<String, String> references = references(model, items);
    List<GenerateRequest> asked = new ArrayList<>(items.size());
    for (Rated i : items) {
      String question = PromptForms.question(null, i.conversation());
      asked.add(new GenerateRequest(Prompt.user(judge.render(question, references.get(question), i.response())),
          sampling.params(n, Ids.seed("judge_reward", question, i.response()))));
    }
    return model.generate(asked).stream().map(this::mean).toList();
  }

  private Rating mean(List<Completion> judgments) {
    if (judgments.stream().allMatch(c -> c.finishReason() == FinishReason.CONTEXT_OVERFLOW)) {
      return new Rating(null, null, LabelMissing.CONTEXT_OVERFLOW);
    }
    double sum = 0;
    int read = 0;
    for (Completion c : judgments) {
      Verdict<Integer> v = judge.parse(c.text(), Completions.finishReason(c));
      if (v.parsed().isPresent()) {
        sum += v.parsed().get();
        read++;
      }
    }
    return read == 0 ? new Rating(null, null, LabelMissing.NO_VERDICT) : new Rating(sum / read, sum / read, null);
  }

  /** Each question's greedy answer, for a reference-guided judge; none otherwise. */
  private Map<String, String> references(ModelSession model, List<Rated> items) {
    if (!judge.referenceGuided()) return Map.of();
    Map<String, GenerateRequest> asked = new LinkedHashMap<>();
    for (Rated i : items) {
      asked.computeIfAbsent(PromptForms.question(null, i.conversation()), q -> new GenerateRequest(
          PromptForms.actor(null, i.conversation(), actor).toWorker(), actorSampling.greedy().params(1, 0)));
    }
    return GreedyAnswers.of(model, asked);
  }
}
