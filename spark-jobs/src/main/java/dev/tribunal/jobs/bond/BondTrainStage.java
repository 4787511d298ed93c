package dev.tribunal.jobs.bond;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.config.BondConfig;
import dev.tribunal.jobs.roles.ActorRole;
import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.StageOutput;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.CheckpointRow;
import dev.tribunal.jobs.stages.DjlPolicyTrainer;
import dev.tribunal.jobs.stages.PromptForms;
import dev.tribunal.jobs.stages.StageSupport;
import dev.tribunal.jobs.stages.TrainStage;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.schemas.Ids;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.djl.Engines;
import dev.tribunal.worker.train.BondExample;
import dev.tribunal.worker.train.BondTrainingRequest;
import dev.tribunal.worker.train.TrainingResult;
import dev.tribunal.worker.train.TrainingRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * One J-BOND step on the driver (spec 3.4): per prompt of the round, the forward term is SFT on the
 * better of the two anchor samples, the backward term a policy gradient on the policy's sample
 * with the crude quantile reward (0 when it beats the worse anchor sample, bond.negative_reward
 * otherwise); π_t becomes π_{t+1}, committed as iter=t/checkpoints like the loop's, so a resumed
 * run does not train again. A prompt whose samples lack a reward (excluded, or unrated) is skipped.
 */
public record BondTrainStage(TableRef prompts, TableRef policySamples, TableRef anchorSamples, TableRef rewards,
    WorkerSpec policy, WorkerSpec anchor, BondConfig bond, ActorRole actor) implements Stage {

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
    return List.of(prompts, policySamples, anchorSamples, rewards);
  }

  @Override
  public JsonNode config() {
    return StageSupport.config("beta", bond.beta(), "negative_reward", bond.negativeReward(), "learning_rate",
        bond.learningRate(), "epochs", bond.epochs(), "batch_size", bond.batchSize(), "anchor", anchor.modelVersion());
  }

  @Override
  public String modelVersion() {
    return policy.modelVersion();
  }

  /** A rated sample: its prompt, text and reward. */
  private record Rated(String promptId, String response, double reward) {}

  @Override
  public StageOutput run(StageContext context) {
    Map<String, Prompt> asked = prompts(context);
    Map<String, List<Rated>> policyRated = rated(context, policySamples);
    Map<String, List<Rated>> anchorRated = rated(context, anchorSamples);
    List<BondExample> examples = new ArrayList<>();
    String runId = StageSupport.runId(context);
    for (var e : policyRated.entrySet()) {
      List<Rated> anchors = anchorRated.getOrDefault(e.getKey(), List.of());
      if (anchors.size() != 2 || e.getValue().size() != 1) continue;
      Prompt prompt = asked.get(e.getKey());
      Rated mine = e.getValue().get(0);
      double a = anchors.get(0).reward();
      double b = anchors.get(1).reward();
      int better = JBond.betterAnchor(a, b, Ids.seed("j_bond", runId, Integer.toString(context.iteration()), e.getKey()));
      examples.add(BondExample.forward(prompt, anchors.get(better).response()));
      examples.add(BondExample.backward(prompt, mine.response(), JBond.reward(mine.reward(), a, b, bond.negativeReward()), 0));
    }
    if (examples.isEmpty()) throw new IllegalStateException("round " + context.iteration() + " has no prompt with a"
        + " rated policy sample and two rated anchor samples to train on");
    return train(context, examples, policyRated.size());
  }

  private StageOutput train(StageContext context, List<BondExample> examples, long prompts) {
    int t = context.iteration();
    Path out = Path.of(new org.apache.hadoop.fs.Path(context.run().path(), "models/bond/policy-round=" + (t + 1)
        + "-" + System.currentTimeMillis()).toUri());
    TrainingRun run = new TrainingRun(DjlPolicyTrainer.checkpoint(policy), out,
        out.resolveSibling(out.getFileName() + ".metrics.jsonl"), t + 1);
    TrainingResult result = Engines.bondTrainer(System.getProperty(DjlPolicyTrainer.DEVICE_PROPERTY, "cpu"))
        .train(new BondTrainingRequest(run, bond.training(t), examples));
    String version = "B" + (t + 1) + "-" + BondExample.fingerprint(examples).substring(0, 10);
    CheckpointRow row = new CheckpointRow(t, version, result.checkpoint().toString(), policy.modelVersion(),
        anchor.modelVersion(), "djl-bond", examples.size() / 2, result.summary());
    long zero = examples.stream().filter(x -> x.term() == BondExample.Term.BACKWARD && x.reward() == 0).count();
    return new StageOutput(context.spark().createDataFrame(List.of(row.toRow()), CheckpointRow.SCHEMA), null,
        Map.of("prompts", prompts, "trained_prompts", (long) examples.size() / 2, "policy_beats_worse_anchor", zero));
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

  /** A sample table's rated samples per prompt, in sample order. */
  private Map<String, List<Rated>> rated(StageContext context, TableRef samples) {
    Map<String, List<Rated>> out = new TreeMap<>();
    List<Row> rows = context.read(samples).join(context.read(rewards).filter(col("reward").isNotNull())
        .select(col("response_id").as("sample_id"), col("reward")), "sample_id").orderBy("prompt_id", "sample_index")
        .collectAsList();
    for (Row r : rows) {
      out.computeIfAbsent(r.getAs("prompt_id"), k -> new ArrayList<>())
          .add(new Rated(r.getAs("prompt_id"), r.getAs("response"), r.<Double>getAs("reward")));
    }
    return out;
  }
}
