package dev.tribunal.jobs.stages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.config.SamplingConfig;
import dev.tribunal.jobs.roles.ActorRole;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.worker.ModelSession;
import dev.tribunal.schemas.ExclusionReason;
import dev.tribunal.schemas.Ids;
import dev.tribunal.schemas.SampleRow;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.GenerateRequest;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Row;

/**
 * Actor sampling (spec section 1, step 1): K responses per prompt from M_t. Every response is
 * kept; duplicates, truncated responses, template leaks and prompts that do not fit the context
 * carry their exclusion reason. Each response is its own request with its own seed (schemas.Ids),
 * all of a batch of prompts in one generate call, so a response's text depends on its identity
 * only: a retried task, or K changed, gives the same response k.
 */
public record SampleStage(TableRef prompts, ModelUse use, int k, SamplingConfig sampling, ActorRole actor,
    SampleExclusions exclusions, String stream) implements ModelStage.PerRow {
  public static final String NAME = "sample";
  /** The loop's own samples: stage sample, table samples. */
  public static final String ACTOR = "actor";

  public SampleStage(TableRef prompts, ModelUse use, int k, SamplingConfig sampling, ActorRole actor,
      SampleExclusions exclusions) {
    this(prompts, use, k, sampling, actor, exclusions, ACTOR);
  }

  /**
   * Another stream of samples in the same iteration (BOND's anchor samples beside the policy's):
   * its own stage, table, ids and seeds, so the two never share a draw.
   */
  public SampleStage withStream(String name) {
    return new SampleStage(prompts, use, k, sampling, actor, exclusions, name);
  }

  @Override
  public String name() {
    return stream.equals(ACTOR) ? NAME : stream + "-" + NAME;
  }

  @Override
  public String table() {
    return stream.equals(ACTOR) ? SampleRow.TABLE : stream + "_" + SampleRow.TABLE;
  }

  @Override
  public Encoder<Row> encoder() {
    return SampleRow.ENCODER;
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
  public Dataset<Row> input(StageContext context) {
    return StageSupport.byPrompt(context.read(prompts), use.partitions(), "prompt_id");
  }

  /** K requests per prompt of the batch, in one generate call. */
  @Override
  public List<Row> call(ModelStep step, ModelSession model, List<Row> batch) {
    List<GenerateRequest> requests = new ArrayList<>(batch.size() * k);
    for (Row p : batch) {
      var asked = PromptForms.actor(PromptForms.text(p, "text"), PromptForms.messages(p, "messages"), actor);
      for (int i = 0; i < k; i++) {
        long seed = seed(step, p.getAs("prompt_id"), i);
        requests.add(new GenerateRequest(asked.toWorker(), sampling.params(1, seed)));
      }
    }
    List<List<Completion>> answers = model.generate(requests);
    List<Row> out = new ArrayList<>(requests.size());
    for (int j = 0; j < batch.size(); j++) {
      out.addAll(rows(step, batch.get(j).getAs("prompt_id"), answers.subList(j * k, (j + 1) * k), model));
    }
    return out;
  }

  private List<Row> rows(ModelStep step, String promptId, List<List<Completion>> answers, ModelSession model) {
    List<Completion> responses = answers.stream().map(a -> a.get(0)).toList();
    List<ExclusionReason> excluded = exclusions.of(responses.stream().map(Completion::text).toList(),
        responses.stream().map(Completions::finishReason).toList());
    List<Row> out = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      Completion c = responses.get(i);
      long seed = seed(step, promptId, i);
      out.add(new SampleRow(id(step, promptId, i), promptId, step.iteration(), i,
          seed, c.text(), Completions.tokens(c), Completions.chars(c.text()), Completions.finish(c),
          model.spec().modelVersion(), excluded.get(i)).toRow());
    }
    return out;
  }

  private long seed(ModelStep step, String promptId, int i) {
    return stream.equals(ACTOR) ? Ids.sampleSeed(step.runId(), step.iteration(), promptId, i)
        : Ids.seed(stream + "_" + Ids.SAMPLE, step.runId(), Integer.toString(step.iteration()), promptId, Integer.toString(i));
  }

  private String id(ModelStep step, String promptId, int i) {
    return stream.equals(ACTOR) ? Ids.sampleId(step.runId(), step.iteration(), promptId, i)
        : Ids.id(stream + "_" + Ids.SAMPLE, step.runId(), Integer.toString(step.iteration()), promptId, Integer.toString(i));
  }
}
