package dev.tribunal.jobs.rlaif;

import java.io.Serializable;

/**
 * A few-shot exemplar of the labeling prompt: a context, two responses, an optional rationale
 * and the label (1 or 2) a careful rater gave.
 */
public record Exemplar(String context, String response1, String response2, String rationale, int label)
    implements Serializable {
  public Exemplar {
    if (context == null || response1 == null || response2 == null) {
      throw new IllegalArgumentException("an exemplar needs context, response_1 and response_2");
    }
    if (label != 1 && label != 2) throw new IllegalArgumentException("an exemplar's label is 1 or 2, not " + label);
  }
}
