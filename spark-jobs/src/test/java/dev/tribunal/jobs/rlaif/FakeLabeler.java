package dev.tribunal.jobs.rlaif;

import dev.tribunal.jobs.stages.worker.WorkerFactory;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.worker.Capabilities;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.FinishReason;
import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.ModelWorker;
import dev.tribunal.worker.NextTokenRequest;
import dev.tribunal.worker.NextTokenResult;
import dev.tribunal.worker.ScoreRequest;
import dev.tribunal.worker.ScoreResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A scripted labeler: P("1") is 0.8 when the response shown first contains GOOD, 0.2 when the
 * second does, 0.5 otherwise, plus the spec parameter first_bias (a pull towards position 1). A
 * sample whose context contains NOLABEL gets no label tokens back; a prompt longer than
 * context_chars does not fit. Rationales name the position of the GOOD response. Asked to rate one
 * response (a prompt with "Response:" and a newline), it gives 9 or 8 (3 to 1) to a GOOD one, else 2.
 */
public final class FakeLabeler implements ModelWorker, WorkerFactory<WorkerSpec.Plugin> {
  /** Where a direct rating prompt shows its response. */
  static final String RATED = "Response:\n";
  private final WorkerSpec.Plugin spec;

  public FakeLabeler() {
    this(null);
  }

  private FakeLabeler(WorkerSpec.Plugin spec) {
    this.spec = spec;
  }

  public static WorkerSpec.Plugin spec(double firstBias, int contextChars) {
    return new WorkerSpec.Plugin(FakeLabeler.class.getName(),
        Map.of("first_bias", Double.toString(firstBias), "context_chars", Integer.toString(contextChars)), "labeler-v1");
  }

  @Override
  public ModelWorker create(WorkerSpec.Plugin spec, String device) {
    return new FakeLabeler(spec);
  }

  @Override
  public String modelVersion() {
    return spec.modelVersion();
  }

  @Override
  public Capabilities capabilities() {
    return Capabilities.ALL;
  }

  @Override
  public List<List<Completion>> generate(List<GenerateRequest> requests) {
    List<List<Completion>> out = new ArrayList<>();
    for (GenerateRequest r : requests) {
      String text = r.prompt().text();
      Completion c = fits(text) ? new Completion("Response " + (first(text) >= 0.5 ? 1 : 2) + " is better.",
          new int[] {1, 2, 3}, FinishReason.STOP, null) : Completion.contextOverflow();
      out.add(Collections.nCopies(r.params().n(), c));
    }
    return out;
  }

  @Override
  public List<NextTokenResult> nextTokenLogprobs(List<NextTokenRequest> requests) {
    List<NextTokenResult> out = new ArrayList<>();
    for (NextTokenRequest r : requests) {
      String text = r.prompt().text();
      if (!fits(text)) {
        out.add(NextTokenResult.overflow());
      } else if (sample(text).contains("NOLABEL")) {
        out.add(new NextTokenResult(Map.of()));
      } else if (text.contains(RATED)) {
        out.add(new NextTokenResult(text.substring(text.indexOf(RATED)).contains("GOOD")
            ? Map.of("9", Math.log(0.75), "8", Math.log(0.25)) : Map.of("2", -0.1)));
      } else {
        double p = Math.min(0.99, first(text) + Double.parseDouble(spec.params().get("first_bias")));
        out.add(new NextTokenResult(Map.of(r.candidates().get(0), Math.log(p), r.candidates().get(1), Math.log(1 - p))));
      }
    }
    return out;
  }

  private boolean fits(String text) {
    return text.length() <= Integer.parseInt(spec.params().get("context_chars"));
  }

  /** The pair to annotate: the prompt after its last "Context:" (exemplars come before it); all of a rating prompt. */
  private static String sample(String text) {
    return text.substring(Math.max(0, text.lastIndexOf("Context:")));
  }

  private static double first(String text) {
    String s = sample(text);
    int second = s.indexOf("Response 2:");
    String one = s.substring(s.indexOf("Response 1:"), second);
    String two = s.substring(second);
    return one.contains("GOOD") ? 0.8 : two.contains("GOOD") ? 0.2 : 0.5;
  }

  @Override
  public List<ScoreResult> score(List<ScoreRequest> requests) {
    throw new UnsupportedOperationException("the fake labeler does not score");
  }

  @Override
  public void close() {}
}
