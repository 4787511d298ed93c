package dev.tribunal.jobs.bond;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.config.BondConfig;
import dev.tribunal.jobs.progress.TrainingProgress;
import dev.tribunal.jobs.roles.ActorRole;
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
import dev.tribunal.jobs.stages.TrainStage;
import dev.tribunal.jobs.stages.worker.DriverDevice;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.schemas.Ids;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.djl.Engines;
import dev.tribunal.worker.train.BondExample;
import dev.tribunal.worker.train.BondTrainingRequest;
import dev.tribunal.worker.train.TrainingConfig;
import dev.tribunal.worker.train.TrainingResult;
import dev.tribunal.worker.train.TrainingRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One BOND step on the driver, π_t to π_{t+1} (committed as iter=t/checkpoints like the loop's, so a
 * resumed run does not train again), from the round's rated samples ({@link BondExamples}): J-BOND
 * (3.4) with the anchor's two samples as the guide, or BOND (3.3) with the reference's N samples and
 * log π_ref of the policy's samples. A prompt whose samples lack a reward is skipped.
 *
 * @param guide the anchor (J-BOND) or the reference (BOND) whose samples are guideSamples
 * @param referenceLogps log π_ref of the policy's samples (BOND), or log π_anchor (J-BOND with bond.anchor_kl)
 */
public record BondTrainStage(TableRef prompts, TableRef policySamples, TableRef guideSamples, TableRef rewards,
    Optional<TableRef> referenceLogps, WorkerSpec policy, WorkerSpec guide, BondConfig bond, ActorRole actor)
    implements Stage {

  @Override
  public String name() {
    return TrainStage.NAME;
  }

  @Override
  public String table() {
    return CheckpointRow.TABLE;
  }

  @Override
  public List<TableRef> inputs() {
    List<TableRef> in = new ArrayList<>(List.of(prompts, policySamples, guideSamples, rewards));
    referenceLogps.ifPresent(in::add);
    return in;
  }

  @Override
  public JsonNode config() {
    return StageSupport.config("variant", bond.variant(), "beta", bond.beta(), "negative_reward", bond.negativeReward(),
        "learning_rate", bond.learningRate(), "epochs", bond.epochs(), "batch_size", bond.batchSize(), "guide",
        guide.modelVersion());
  }

  @Override
  public String modelVersion() {
    return policy.modelVersion();
  }

  @Override
  public StageOutput run(StageContext context) {
    Map<String, Prompt> asked = prompts(context);
    Map<String, List<BondExamples.Rated>> mine = rated(context, policySamples, referenceLogps);
    Map<String, List<BondExamples.Rated>> guided = rated(context, guideSamples, Optional.empty());
    String runId = StageSupport.runId(context);
    String round = Integer.toString(context.iteration());
    List<BondExample> examples = bond.variantKind() == BondConfig.Variant.J_BOND
        ? BondExamples.jBond(asked, mine, guided, bond.negativeReward(), bond.anchorKl(),
            p -> Ids.seed("j_bond", runId, round, p))
        : BondExamples.bond(asked, mine, guided, p -> Ids.seed("bond", runId, round, p));
    if (examples.isEmpty()) throw new IllegalStateException("round " + context.iteration() + " has no prompt with"
        + " rated policy and " + (bond.variantKind() == BondConfig.Variant.J_BOND ? "anchor" : "reference")
        + " samples to train on");
    return train(context, examples, mine.size());
  }

  private StageOutput train(StageContext context, List<BondExample> examples, long prompts) {
    int t = context.iteration();
    String name = "policy-round=" + (t + 1) + "-" + System.currentTimeMillis();
    Path out = ModelStore.workDir(context.run(), name);
    TrainingRun run = new TrainingRun(DjlPolicyTrainer.checkpoint(policy), out,
        out.resolveSibling(out.getFileName() + ModelStore.METRICS_SUFFIX), t + 1);
    TrainingConfig training = bond.training(t);
    TrainingResult result;
    try (TrainingProgress follow = TrainingProgress.follow("train " + policy.modelVersion() + " " + bond.variant(),
        run.metricsLog(), training.totalSteps(examples.size()))) {
      result = Engines.bondTrainer(DriverDevice.trainer())
          .train(new BondTrainingRequest(run, training, examples));
    }
    String version = "B" + (t + 1) + "-" + BondExample.fingerprint(examples).substring(0, 10);
    long forward = examples.stream().filter(x -> x.term() == BondExample.Term.FORWARD).count();
    String committed = ModelStore.commit(context.run(), result.checkpoint(),
        new org.apache.hadoop.fs.Path(context.run().path(), "models/bond/" + name));
    CheckpointRow row = new CheckpointRow(t, version, committed, policy.modelVersion(),
        guide.modelVersion(), "djl-" + bond.variant(), forward, result.summary(), TrainingSteps.of(result.history()));
    long zero = examples.stream().filter(x -> x.term() == BondExample.Term.BACKWARD && x.reward() == 0).count();
    return new StageOutput(context.spark().createDataFrame(List.of(row.toRow()), CheckpointRow.SCHEMA), null,
        Map.of("prompts", prompts, "trained_prompts", forward, "backward_reward_zero", zero));
  }

  /** Each prompt as the samples were asked it: the actor template over its text or last user turn. */
  private Map<String, Prompt> prompts(StageContext context) {
    Map<String, Prompt> out = new HashMap<>();
    for (Row p : context.read(prompts).collectAsList()) {
      out.put(p.getAs("prompt_id"), PromptForms.actor(PromptForms.text(p, "text"), PromptForms.messages(p, "messages"),
          actor).toWorker());
    }
    return out;
  }

  /** A sample table's rated samples per prompt, in sample order, with log π_ref where scored. */
  private Map<String, List<BondExamples.Rated>> rated(StageContext context, TableRef samples,
      Optional<TableRef> refLogps) {
    Dataset<Row> rows = context.read(samples).join(context.read(rewards).filter(col("reward").isNotNull())
        .select(col("response_id").as("sample_id"), col("reward")), "sample_id");
    if (refLogps.isPresent()) rows = rows.join(context.read(refLogps.get()).select("sample_id", "logp"), "sample_id");
    Map<String, List<BondExamples.Rated>> out = new TreeMap<>();
    for (Row r : rows.orderBy("prompt_id", "sample_index").collectAsList()) {
      double refLogp = refLogps.isPresent() ? r.<Double>getAs("logp") : Double.NaN;
      out.computeIfAbsent(r.getAs("prompt_id"), k -> new ArrayList<>())
          .add(new BondExamples.Rated(r.getAs("prompt_id"), r.getAs("response"), r.<Double>getAs("reward"), refLogp));
    }
    return out;
  }
}
