package dev.tribunal.jobs.stages;

import dev.tribunal.jobs.roles.ContextOverflow;
import dev.tribunal.jobs.stages.worker.ModelSession;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.FinishReason;
import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.Prompt;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Generation for composed prompts under a {@link ContextOverflow} policy. The first call sends
 * every prompt whole; under TRUNCATE, the requests that did not fit are sent again with their
 * inserted texts shortened, one call per step of {@link ContextOverflow#KEEP}. A prompt that does
 * not fit costs the worker no generation, so the retries are cheap.
 */
public final class Fitting {
  private Fitting() {}

  /**
   * @param render request i's prompt with its inserted texts cut to the given share of their length
   */
  public static List<List<Completion>> generate(ModelSession model, List<GenerateRequest> requests, ContextOverflow policy,
      BiFunction<Integer, Double, Prompt> render) {
    List<List<Completion>> answers = new ArrayList<>(model.generate(requests));
    for (int step = 0; policy == ContextOverflow.TRUNCATE && step < ContextOverflow.KEEP.length; step++) {
      List<Integer> over = overflowing(answers);
      if (over.isEmpty()) break;
      double keep = ContextOverflow.KEEP[step];
      List<GenerateRequest> shorter = over.stream()
          .map(i -> new GenerateRequest(render.apply(i, keep), requests.get(i).params())).toList();
      List<List<Completion>> retried = model.generate(shorter);
      for (int j = 0; j < over.size(); j++) answers.set(over.get(j), retried.get(j));
    }
    return answers;
  }

  private static List<Integer> overflowing(List<List<Completion>> answers) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < answers.size(); i++) {
      if (answers.get(i).stream().anyMatch(c -> c.finishReason() == FinishReason.CONTEXT_OVERFLOW)) out.add(i);
    }
    return out;
  }
}
