package dev.tribunal.jobs.stages;

import dev.tribunal.jobs.stages.worker.ModelSession;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.GenerateRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Answers to keyed requests in one generate call: a reference-guided judge's references. */
public final class GreedyAnswers {
  private GreedyAnswers() {}

  /** Each key's answer, the requests asked together in their order. */
  public static Map<String, String> of(ModelSession model, Map<String, GenerateRequest> asked) {
    Map<String, String> out = new LinkedHashMap<>();
    if (asked.isEmpty()) return out;
    List<List<Completion>> answers = model.generate(List.copyOf(asked.values()));
    int i = 0;
    for (String key : asked.keySet()) out.put(key, answers.get(i++).get(0).text());
    return out;
  }
}
