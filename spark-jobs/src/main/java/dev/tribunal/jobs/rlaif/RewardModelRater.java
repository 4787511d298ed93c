package dev.tribunal.jobs.rlaif;

import dev.tribunal.jobs.stages.worker.ModelSession;
import dev.tribunal.schemas.LabelMissing;
import dev.tribunal.worker.ChatMessage;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.ScoreRequest;
import java.util.ArrayList;
import java.util.List;

/** The distilled reward model's scalar output for each response after its conversation. */
public record RewardModelRater() implements Rater {
  public static final String KIND = "reward_model";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Object settings() {
    return KIND;
  }

  @Override
  public List<Rating> rate(ModelSession model, List<Rated> items) {
    List<ScoreRequest> asked = items.stream().map(i -> new ScoreRequest(Prompt.chat(i.conversation().stream()
        .map(m -> new ChatMessage(m.role(), m.content())).toList()), i.response(), true)).toList();
    List<Rating> out = new ArrayList<>(items.size());
    for (Double r : model.reward(asked)) {
      out.add(r == null ? new Rating(null, null, LabelMissing.CONTEXT_OVERFLOW) : new Rating(r, null, null));
    }
    return out;
  }
}
