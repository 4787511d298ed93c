package dev.tribunal.jobs.rlaif;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.config.RlaifConfig;
import dev.tribunal.jobs.progress.TrainingProgress;
import dev.tribunal.jobs.run.ModelStore;
import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.StageOutput;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.CheckpointRow;
import dev.tribunal.jobs.stages.TrainingSteps;
import dev.tribunal.jobs.stages.DjlPolicyTrainer;
import dev.tribunal.jobs.stages.PromptForms;
import dev.tribunal.jobs.stages.StageSupport;
import dev.tribunal.jobs.stages.worker.DriverDevice;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.worker.djl.Engines;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import dev.tribunal.worker.djl.tokenizer.ModelTokenizer;
import dev.tribunal.worker.nd4j.train.Nd4jRewardTrainer;
import dev.tribunal.worker.train.RewardModelTrainer;
import dev.tribunal.worker.train.RewardPair;
import dev.tribunal.worker.train.RewardTrainingRequest;
import dev.tribunal.worker.train.RewardTrainingResult;
import dev.tribunal.worker.train.TrainingRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The distilled reward model (spec 2.6) on the driver: the corpus pairs with their soft labels (the
 * AI labeler's, or the corpus's own) stream to the driver, a share is held out, and the labeler's
 * body with a scalar head is trained with the soft Bradley-Terry loss. Its checkpoint (Hugging
 * Face's sequence-classification layout) and held-out pairwise accuracy are committed as
 * iter=0/reward_models, so a resumed run does not train again. Pairs longer than the model's
 * context are left out and counted (too_long).
 */
public record RewardModelStage(TableRef corpus, TableRef labels, WorkerSpec base, RlaifConfig.RewardModel settings)
    implements Stage.Named {
  /** A constant expression, so the command's --help can name it. */
  public static final String TABLE = "reward_models";
  public static final Id ID = new Id("reward-model", TABLE);

  @Override
  public Id id() {
    return ID;
  }

  @Override
  public List<TableRef> inputs() {
    return labels == null ? List.of(corpus) : List.of(corpus, labels);
  }

  @Override
  public JsonNode config() {
    return StageSupport.config("reward_model", settings);
  }

  @Override
  public String modelVersion() {
    return base.modelVersion();
  }

  /** The configured engine's reward trainer (rlaif.reward_model.trainer). */
  private RewardModelTrainer trainer() {
    return switch (settings.engine()) {
      case DJL -> Engines.rewardTrainer(DriverDevice.trainer());
      case ND4J -> new Nd4jRewardTrainer();
    };
  }

  @Override
  public StageOutput run(StageContext context) {
    Path parent = DjlPolicyTrainer.checkpoint(base);
    long[] tooLong = {0};
    List<RewardPair> pairs = pairs(labelled(context), parent, tooLong);
    if (pairs.size() < 2) {
      throw new IllegalStateException("only " + pairs.size() + " labeled pairs fit the model's context; a reward"
          + " model needs at least 2 (" + tooLong[0] + " too long)");
    }
    String name = "reward-model-" + System.currentTimeMillis();
    Path out = ModelStore.workDir(context.run(), name);
    TrainingRun run = new TrainingRun(parent, out, out.resolveSibling(out.getFileName() + ModelStore.METRICS_SUFFIX), 0);
    RewardTrainingRequest request = new RewardTrainingRequest(run, settings.training(), pairs, settings.heldOut());
    RewardTrainingResult trained;
    try (TrainingProgress follow = TrainingProgress.follow("reward model on " + base.modelVersion(), run.metricsLog(),
        settings.training().totalSteps(request.split().training().size()))) {
      trained = trainer().train(request);
    }
    Map<String, Double> metrics = new HashMap<>(trained.training().summary());
    metrics.putAll(trained.heldOut().metrics("heldout/"));
    String version = "RM-" + RewardPair.fingerprint(pairs).substring(0, 10);
    String committed = ModelStore.commit(context.run(), out, new org.apache.hadoop.fs.Path(context.run().path(), "models/" + name));
    CheckpointRow row = new CheckpointRow(0, version, committed, base.modelVersion(),
        settings.labelSource().name().toLowerCase(java.util.Locale.ROOT), settings.engine().name().toLowerCase(java.util.Locale.ROOT) + "-reward", pairs.size(), metrics,
        TrainingSteps.of(trained.history()));
    return new StageOutput(context.spark().createDataFrame(List.of(row.toRow()), CheckpointRow.SCHEMA), null,
        Map.of("pairs", (long) pairs.size(), "too_long", tooLong[0]));
  }

  /** The corpus with the chosen labels, in a fixed order; pairs without a label are left out. */
  private Dataset<Row> labelled(StageContext context) {
    Dataset<Row> rows = context.read(corpus);
    if (labels != null) rows = rows.drop("label").join(context.read(labels).select("pair_id", "label"), "pair_id");
    return rows.filter(col("label").isNotNull()).orderBy("pair_id");
  }

  private static List<RewardPair> pairs(Dataset<Row> rows, Path checkpoint, long[] tooLong) {
    int context = LlamaConfig.read(checkpoint).maxPositionEmbeddings();
    List<RewardPair> out = new ArrayList<>();
    try (ModelTokenizer tokenizer = ModelTokenizer.load(checkpoint)) {
      for (Iterator<Row> it = rows.toLocalIterator(); it.hasNext(); ) {
        Row r = it.next();
        var prompt = new PromptForms.Asked(null, PromptForms.messages(r, "messages")).toWorker();
        RewardPair p = new RewardPair(prompt, r.getAs("response_a"), r.getAs("response_b"), r.<Double>getAs("label"));
        boolean fits = tokenizer.rewardSequence(prompt, p.responseA()).length <= context
            && tokenizer.rewardSequence(prompt, p.responseB()).length <= context;
        if (fits) out.add(p);
        else tooLong[0]++;
      }
    }
    return out;
  }
}
