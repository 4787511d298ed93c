package dev.tribunal.jobs.stages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.config.SamplingConfig;
import dev.tribunal.jobs.roles.ActorRole;
import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.StageOutput;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.worker.ModelSession;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.schemas.ExclusionReason;
import dev.tribunal.schemas.Ids;
import dev.tribunal.schemas.SampleRow;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.GenerateRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * Actor sampling (spec section 1, step 1): K responses per prompt from M_t. Every response is
 * kept; duplicates, truncated responses and template leaks carry their exclusion reason. Each
 * response is its own request with its own seed (schemas.Ids), all of a batch in one generate
 * call, so a response's text depends on its identity only: a retried task, or K changed, gives
 * the same response k.
 */
public final class SampleStage implements Stage {
  public static final String NAME = "sample";

  private final TableRef prompts;
  private final WorkerSpec policy;
  private final int k;
  private final SamplingConfig sampling;
  private final ActorRole actor;
  private final SampleExclusions exclusions;
  private final int batchPrompts;
  private final int partitions;

  public SampleStage(TableRef prompts, WorkerSpec policy, int k, SamplingConfig sampling, ActorRole actor,
      SampleExclusions exclusions, int batchPrompts, int partitions) {
    this.prompts = prompts;
    this.policy = policy;
    this.k = k;
    this.sampling = sampling;
    this.actor = actor;
    this.exclusions = exclusions;
    this.batchPrompts = batchPrompts;
    this.partitions = partitions;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String table() {
    return SampleRow.TABLE;
  }

  @Override
  public List<TableRef> inputs() {
    return List.of(prompts);
  }

  @Override
  public JsonNode config() {
    return StageSupport.config("k", k, "sampling", sampling, "actor_template", actor.template().text(),
        "exclusions", exclusions.describe());
  }

  @Override
  public String countedColumn() {
    return "excluded_reason";
  }

  @Override
  public String modelVersion() {
    return policy.modelVersion();
  }

  @Override
  public StageOutput run(StageContext context) {
    var rows = StageSupport.byPrompt(context.read(prompts), partitions, "prompt_id");
    ModelStep step = new ModelStep(NAME, StageSupport.runId(context), context.iteration(), policy, batchPrompts);
    return StageOutput.of(rows.mapPartitions(partitionFunction(step), SampleRow.ENCODER));
  }

  /** What each task runs over its partition of prompts. */
  Sample partitionFunction(ModelStep step) {
    return new Sample(step, k, sampling, actor, exclusions);
  }

  /** K requests per prompt, one generate call per batch of prompts. */
  static final class Sample implements MapPartitionsFunction<Row, Row> {
    private final ModelStep step;
    private final int k;
    private final SamplingConfig sampling;
    private final ActorRole actor;
    private final SampleExclusions exclusions;

    Sample(ModelStep step, int k, SamplingConfig sampling, ActorRole actor, SampleExclusions exclusions) {
      this.step = step;
      this.k = k;
      this.sampling = sampling;
      this.actor = actor;
      this.exclusions = exclusions;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> prompts) {
      return step.stream(prompts, this::sample);
    }

    private List<Row> sample(ModelSession model, List<Row> prompts) {
      List<GenerateRequest> requests = new ArrayList<>(prompts.size() * k);
      for (Row p : prompts) {
        var asked = PromptForms.actor(PromptForms.text(p, "text"), PromptForms.messages(p, "messages"), actor);
        for (int i = 0; i < k; i++) {
          long seed = Ids.sampleSeed(step.runId(), step.iteration(), p.getAs("prompt_id"), i);
          requests.add(new GenerateRequest(asked.toWorker(), sampling.params(1, seed)));
        }
      }
      List<List<Completion>> answers = model.generate(requests);
      List<Row> out = new ArrayList<>(requests.size());
      for (int j = 0; j < prompts.size(); j++) {
        out.addAll(rows(prompts.get(j).getAs("prompt_id"), answers.subList(j * k, (j + 1) * k), model));
      }
      return out;
    }

    private List<Row> rows(String promptId, List<List<Completion>> answers, ModelSession model) {
      List<Completion> responses = answers.stream().map(a -> a.get(0)).toList();
      List<ExclusionReason> excluded = exclusions.of(responses.stream().map(Completion::text).toList(),
          responses.stream().map(Completions::finishReason).toList());
      List<Row> out = new ArrayList<>(k);
      for (int i = 0; i < k; i++) {
        Completion c = responses.get(i);
        out.add(new SampleRow(Ids.sampleId(step.runId(), step.iteration(), promptId, i), promptId,
            step.iteration(), i, Ids.sampleSeed(step.runId(), step.iteration(), promptId, i), c.text(),
            Completions.tokens(c), Completions.chars(c.text()), Completions.finish(c),
            model.spec().modelVersion(), excluded.get(i)).toRow());
      }
      return out;
    }
  }
}
