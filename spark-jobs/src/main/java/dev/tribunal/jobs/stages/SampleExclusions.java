package dev.tribunal.jobs.stages;

import dev.tribunal.jobs.roles.InjectionDetector;
import dev.tribunal.schemas.ExclusionReason;
import dev.tribunal.worker.FinishReason;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Why each of one prompt's K responses is not a pair candidate (spec section 1, step 1), checked in
 * this order: never generated because the prompt does not fit the model's context, cut off by the
 * token limit, leaking template markers (the chat template's special
 * tokens, or a delimiter tag of the judge templates), or repeating an earlier response word for
 * word. A response that writes a verdict line ("Score: 5") stays a candidate: the judge stage flags
 * it, and its score still comes from the judge alone.
 */
public final class SampleExclusions implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<String> markers;
  private final InjectionDetector detector;

  public SampleExclusions(List<String> markers, InjectionDetector detector) {
    this.markers = List.copyOf(markers);
    this.detector = detector;
  }

  /** One reason or null per response, in sample-index order. */
  public List<ExclusionReason> of(List<String> responses, List<FinishReason> finishes) {
    if (responses.size() != finishes.size()) {
      throw new IllegalArgumentException(responses.size() + " responses but " + finishes.size() + " finish reasons");
    }
    Set<String> earlier = new HashSet<>();
    List<ExclusionReason> out = new ArrayList<>(responses.size());
    for (int i = 0; i < responses.size(); i++) {
      String text = responses.get(i);
      boolean repeat = !earlier.add(text);
      if (finishes.get(i) == FinishReason.CONTEXT_OVERFLOW) {
        out.add(ExclusionReason.CONTEXT_OVERFLOW);
      } else if (finishes.get(i) == FinishReason.LENGTH) {
        out.add(ExclusionReason.TRUNCATED);
      } else if (leaks(text)) {
        out.add(ExclusionReason.TEMPLATE_LEAK);
      } else if (repeat) {
        out.add(ExclusionReason.DUPLICATE);
      } else {
        out.add(null);
      }
    }
    return out;
  }

  /** What decides exclusions, for the stage's fingerprint. */
  public java.util.Map<String, Object> describe() {
    return java.util.Map.of("template_markers", markers,
        "delimiter_tags", new java.util.TreeSet<>(detector.delimiterTags()));
  }

  public boolean leaks(String response) {
    for (String marker : markers) {
      if (response.contains(marker)) return true;
    }
    return detector.scan(response).contains(InjectionDetector.Kind.DELIMITER);
  }
}
