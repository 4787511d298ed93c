package dev.tribunal.jobs.stages;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.eval.OnPolicyGold;
import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.StageOutput;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.eval.EvalOutputRow;
import dev.tribunal.jobs.eval.EvalReport;
import dev.tribunal.jobs.eval.Metric;
import dev.tribunal.jobs.eval.TrainingPairsGold;
import dev.tribunal.jobs.world.Task;
import dev.tribunal.schemas.JudgmentRow;
import dev.tribunal.schemas.MetaJudgmentRow;
import dev.tribunal.schemas.PairKind;
import dev.tribunal.schemas.PreferencePairRow;
import dev.tribunal.schemas.SampleRow;
import dev.tribunal.schemas.Winner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;

/**
 * The figures of M_s (iter=s/eval, one row per metric) from its evaluation answers, with its
 * actor compared on the same held-out prompts against M_0 and M_{s-1}. The answer tables are small
 * (hundreds of rows), so the figures are computed on the driver by pure functions. When the
 * training prompts came from the task world, the actor and judge pairs M_s was trained on are
 * graded too ({@link TrainingPairsGold}).
 */
public final class EvaluateStage implements Stage {
  public static final String NAME = "evaluate";
  /** The section of DPO's figures on the pairs that made the model. */
  public static final String TRAINING_SECTION = "training";

  private final int iteration;
  private final String modelVersion;
  private final List<Task> trainingTasks;
  private final boolean metaJudged;

  /**
   * Evaluates the model whose answers are at iter=iteration/eval_outputs. trainingTasks: the
   * world tasks behind the prompts of iteration - 1, whose pairs made this model; empty when
   * there are none (M_0, imported prompts). metaJudged: whether iteration - 1 meta-judged.
   */
  public EvaluateStage(int iteration, String modelVersion, List<Task> trainingTasks, boolean metaJudged) {
    this.iteration = iteration;
    this.modelVersion = modelVersion;
    this.trainingTasks = List.copyOf(trainingTasks);
    this.metaJudged = metaJudged;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String table() {
    return Metric.TABLE;
  }

  @Override
  public List<TableRef> inputs() {
    List<TableRef> in = new ArrayList<>(List.of(answers(iteration)));
    if (iteration >= 1) in.add(answers(0));
    if (iteration >= 2) in.add(answers(iteration - 1));
    if (iteration >= 1) in.add(training(CheckpointRow.TABLE));
    if (!trainingTasks.isEmpty()) in.addAll(List.of(training(PreferencePairRow.TABLE), training(JudgmentRow.TABLE),
        training(SampleRow.TABLE)));
    if (!trainingTasks.isEmpty() && metaJudged) in.add(training(MetaJudgmentRow.TABLE));
    return in;
  }

  @Override
  public JsonNode config() {
    return StageSupport.config("compares_with", inputs().stream().map(TableRef::path).toList());
  }

  @Override
  public String modelVersion() {
    return modelVersion;
  }

  @Override
  public StageOutput run(StageContext context) {
    List<EvalOutputRow> mine = collect(context, answers(iteration));
    List<EvalOutputRow> seed = iteration >= 1 ? collect(context, answers(0)) : List.of();
    List<EvalOutputRow> previous = iteration >= 1 ? collect(context, answers(iteration - 1)) : List.of();
    List<Metric> metrics = new ArrayList<>(EvalReport.of(iteration, modelVersion, mine, seed, previous));
    if (iteration >= 1) metrics.addAll(training(CheckpointRow.fromRow(context.read(training(CheckpointRow.TABLE)).first())));
    if (!trainingTasks.isEmpty()) {
      List<PreferencePairRow> pairs = context.read(training(PreferencePairRow.TABLE)).collectAsList().stream()
          .map(PreferencePairRow::fromRow).toList();
      metrics.addAll(TrainingPairsGold.of(iteration, modelVersion, trainingTasks, pairs, judged(context, pairs)));
      OnPolicyGold.of(trainingTasks, candidates(context), judgments(context), metaJudged ? battles(context) : List.of())
          .forEach(f -> metrics.add(new Metric(iteration, modelVersion, OnPolicyGold.SECTION, f.name(), f.value(), f.count())));
    }
    List<Row> rows = metrics.stream().map(Metric::toRow).toList();
    return StageOutput.of(context.spark().createDataFrame(rows, Metric.SCHEMA));
  }

  /** DPO's figures on the pairs that made M_s: steps, and the first epoch's reward accuracy and margin. */
  private List<Metric> training(CheckpointRow trained) {
    List<Metric> out = new ArrayList<>();
    out.add(new Metric(iteration, modelVersion, TRAINING_SECTION, "pairs", trained.pairs(), trained.pairs()));
    Map.of("steps", "steps", "dpo_epoch1_accuracy", "epoch1/rewards/accuracies", "dpo_epoch1_margin",
        "epoch1/rewards/margins").forEach((name, key) -> {
          Double v = trained.metrics().get(key);
          if (v != null && Double.isFinite(v)) out.add(new Metric(iteration, modelVersion, TRAINING_SECTION, name, v, trained.pairs()));
        });
    return out;
  }

  /** The iteration's candidate responses (a few thousand rows at most in a world run). */
  private List<OnPolicyGold.Sample> candidates(StageContext context) {
    return context.read(training(SampleRow.TABLE)).filter(col("excluded_reason").isNull())
        .select("sample_id", "prompt_id", "response").collectAsList().stream()
        .map(r -> new OnPolicyGold.Sample(r.getString(0), r.getString(1), r.getString(2))).toList();
  }

  private List<OnPolicyGold.Judgment> judgments(StageContext context) {
    return context.read(training(JudgmentRow.TABLE)).select("judgment_id", "sample_id", "score").collectAsList().stream()
        .map(r -> new OnPolicyGold.Judgment(r.getString(0), r.getString(1), r.isNullAt(2) ? null : r.getInt(2))).toList();
  }

  private List<OnPolicyGold.Battle> battles(StageContext context) {
    return context.read(training(MetaJudgmentRow.TABLE)).select("judgment_a_id", "judgment_b_id", "winner")
        .collectAsList().stream()
        .map(r -> new OnPolicyGold.Battle(r.getString(0), r.getString(1), r.isNullAt(2) ? null : Winner.valueOf(r.getString(2))))
        .toList();
  }

  /** A table of the iteration whose pairs trained M_s. */
  private TableRef training(String table) {
    return new TableRef(iteration - 1, table);
  }

  /** The judgments the judge pairs were built from, with the responses they judged (a few hundred rows). */
  private Map<String, TrainingPairsGold.Judged> judged(StageContext context, List<PreferencePairRow> pairs) {
    Object[] ids = pairs.stream().filter(p -> p.kind() == PairKind.JUDGE)
        .flatMap(p -> Stream.of(p.chosenId(), p.rejectedId())).distinct().toArray();
    if (ids.length == 0) return Map.of();
    return context.read(training(JudgmentRow.TABLE)).filter(col("judgment_id").isin(ids).and(col("score").isNotNull()))
        .join(context.read(training(SampleRow.TABLE)).select("sample_id", "response"), "sample_id")
        .select("judgment_id", "score", "response").collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> new TrainingPairsGold.Judged(r.getInt(1), r.getString(2))));
  }

  public static TableRef answers(int iteration) {
    return new TableRef(iteration, EvalOutputRow.TABLE);
  }

  private static List<EvalOutputRow> collect(StageContext context, TableRef table) {
    return context.read(table).collectAsList().stream().map(EvalOutputRow::fromRow).toList();
  }
}
