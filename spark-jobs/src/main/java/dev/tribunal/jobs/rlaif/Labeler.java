package dev.tribunal.jobs.rlaif;

import dev.tribunal.jobs.config.RlaifConfig;
import dev.tribunal.jobs.config.SamplingConfig;
import dev.tribunal.worker.Prompt;
import java.io.Serializable;
import java.util.List;

/**
 * How the AI labeler is asked, as the executors need it: the labeling prompt, which orders are
 * scored, and whether a rationale comes first (and how many).
 */
public record Labeler(LabelingPrompt prompt, boolean bothOrders, boolean chainOfThought, int selfConsistency,
    SamplingConfig rationale, RlaifConfig.PromptForm form) implements Serializable {

  /** From the rlaif section and the exemplars read from its file. */
  public static Labeler of(RlaifConfig c, List<Exemplar> exemplars) {
    return new Labeler(new LabelingPrompt(LabelingPrompt.preamble(c.preamble()), exemplars, c.ending(),
        c.rationaleRequest(), c.labelTokens()), c.bothOrders(), c.chainOfThought(), c.selfConsistency(),
        c.rationale(), c.form());
  }

  public Prompt toWorker(String text) {
    return form.toWorker(text);
  }

  public List<String> labelTokens() {
    return prompt.labelTokens();
  }
}
