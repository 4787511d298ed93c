package dev.tribunal.jobs.rlaif;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.ModelStage;
import dev.tribunal.jobs.stages.ModelStep;
import dev.tribunal.jobs.stages.ModelUse;
import dev.tribunal.jobs.stages.PromptForms;
import dev.tribunal.jobs.stages.StageSupport;
import dev.tribunal.jobs.stages.worker.ModelSession;
import dev.tribunal.schemas.AiLabelRow;
import dev.tribunal.schemas.Ids;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.FinishReason;
import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.NextTokenRequest;
import dev.tribunal.worker.NextTokenResult;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Row;

/**
 * RLAIF labeling (spec 2.1-2.4): each corpus pair shown to the labeler in one or both orders, the
 * label read from the next-token log-probs of the label tokens, after a rationale with chain of
 * thought. The human label is not among the columns read: it never reaches the labeler.
 */
public record LabelStage(TableRef pairs, ModelUse use, Labeler labeler) implements ModelStage.PerRow {
  public static final String NAME = "label";

  /** One order of one pair: the responses as shown, first and second. */
  private record Shown(String pairId, String context, String first, String second, int order) {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String table() {
    return AiLabelRow.TABLE;
  }

  @Override
  public Encoder<Row> encoder() {
    return AiLabelRow.ENCODER;
  }

  @Override
  public List<TableRef> inputs() {
    return List.of(pairs);
  }

  @Override
  public JsonNode config() {
    return StageSupport.config("labeler", labeler);
  }

  @Override
  public String countedColumn() {
    return "missing_reason";
  }

  @Override
  public Dataset<Row> input(StageContext context) {
    return blind(context.read(pairs), use.partitions());
  }

  /** A corpus without its human label, spread by pair over the partitions (0: spark.sql.shuffle.partitions). */
  static Dataset<Row> blind(Dataset<Row> corpus, int partitions) {
    return StageSupport.byKey(corpus.select(col("pair_id"), col("messages"), col("response_a"), col("response_b")),
        "pair_id", partitions, "pair_id");
  }

  @Override
  public List<Row> call(ModelStep step, ModelSession model, List<Row> batch) {
    List<Shown> shown = shown(batch);
    List<List<String>> rationales = labeler.chainOfThought() ? rationales(step, model, shown) : null;
    List<List<NextTokenResult>> readings = readings(model, shown, rationales);
    List<Row> out = new ArrayList<>(batch.size());
    int orders = labeler.bothOrders() ? 2 : 1;
    for (int i = 0; i < batch.size(); i++) {
      int f = i * orders;
      SoftLabel.Order forward = SoftLabel.order(readings.get(f), labeler.labelTokens());
      SoftLabel.Order reverse = orders == 2 ? SoftLabel.order(readings.get(f + 1), labeler.labelTokens()) : null;
      List<String> said = rationales == null ? null : rationales.subList(f, f + orders).stream()
          .flatMap(List::stream).map(r -> r == null ? "" : r).toList();
      out.add(SoftLabel.row(shown.get(f).pairId(), forward, reverse, said, model.spec().modelVersion()).toRow());
    }
    return out;
  }

  private List<Shown> shown(List<Row> batch) {
    List<Shown> out = new ArrayList<>();
    for (Row r : batch) {
      String id = r.getAs("pair_id");
      String context = LabelingPrompt.context(PromptForms.messages(r, "messages"));
      String a = r.getAs("response_a");
      String b = r.getAs("response_b");
      out.add(new Shown(id, context, a, b, 0));
      if (labeler.bothOrders()) out.add(new Shown(id, context, b, a, 1));
    }
    return out;
  }

  /** Step 1 of chain of thought: self_consistency rationales per order; null where the prompt did not fit. */
  private List<List<String>> rationales(ModelStep step, ModelSession model, List<Shown> shown) {
    int k = labeler.selfConsistency();
    List<GenerateRequest> requests = shown.stream().map(s -> new GenerateRequest(
        labeler.toWorker(labeler.prompt().rationale(s.context(), s.first(), s.second())),
        labeler.rationale().params(k, Ids.seed("rationale", step.runId(), s.pairId(), Integer.toString(s.order())))))
        .toList();
    List<List<String>> out = new ArrayList<>();
    for (List<Completion> completions : model.generate(requests)) {
      out.add(completions.stream()
          .map(c -> c.finishReason() == FinishReason.CONTEXT_OVERFLOW ? null : c.text()).toList());
    }
    return out;
  }

  /** The label tokens' log-probs per order: one reading, or one per rationale. */
  private List<List<NextTokenResult>> readings(ModelSession model, List<Shown> shown, List<List<String>> rationales) {
    List<NextTokenRequest> asked = new ArrayList<>();
    List<int[]> slots = new ArrayList<>(); // per order, the indices of its requests in asked (-1: overflowed)
    for (int i = 0; i < shown.size(); i++) {
      Shown s = shown.get(i);
      List<String> said = rationales == null ? java.util.Collections.singletonList(null) : rationales.get(i);
      int[] slot = new int[said.size()];
      for (int j = 0; j < said.size(); j++) {
        boolean overflowed = rationales != null && said.get(j) == null;
        slot[j] = overflowed ? -1 : asked.size();
        if (overflowed) continue;
        String text = rationales == null ? labeler.prompt().label(s.context(), s.first(), s.second())
            : labeler.prompt().labelAfter(s.context(), s.first(), s.second(), said.get(j));
        asked.add(new NextTokenRequest(labeler.toWorker(text), labeler.labelTokens()));
      }
      slots.add(slot);
    }
    List<NextTokenResult> results = asked.isEmpty() ? List.of() : model.nextTokenLogprobs(asked);
    return slots.stream().map(slot -> java.util.Arrays.stream(slot)
        .mapToObj(k -> k < 0 ? NextTokenResult.overflow() : results.get(k)).toList()).toList();
  }
}
