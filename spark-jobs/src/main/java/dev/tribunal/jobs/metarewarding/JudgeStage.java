package dev.tribunal.jobs.metarewarding;

import dev.tribunal.jobs.stages.Completions;
import dev.tribunal.jobs.stages.GreedyAnswers;
import dev.tribunal.jobs.stages.StageSupport;
import dev.tribunal.jobs.stages.ModelStep;
import dev.tribunal.jobs.stages.ModelUse;
import dev.tribunal.jobs.stages.PromptForms;
import dev.tribunal.jobs.stages.ModelStage;
import dev.tribunal.jobs.stages.Fitting;
import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.config.SamplingConfig;
import dev.tribunal.jobs.roles.ActorRole;
import dev.tribunal.jobs.roles.ContextOverflow;
import dev.tribunal.jobs.roles.InjectionDetector;
import dev.tribunal.jobs.roles.JudgeRole;
import dev.tribunal.jobs.roles.Verdict;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.worker.ModelSession;
import dev.tribunal.schemas.Ids;
import dev.tribunal.schemas.JudgmentRow;
import dev.tribunal.schemas.SampleRow;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.Prompt;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Row;

/**
 * Judging (spec section 1, step 2): N judgments of every candidate response by M_t as judge. Each
 * keeps its raw text and parse status; the score is read from the judge's own last Score: line only,
 * and a response that itself writes a verdict or a delimiter tag is flagged (injection_flag). A
 * judge prompt that does not fit the context is handled by {@code overflow}.
 */
public record JudgeStage(TableRef prompts, TableRef samples, ModelUse use, int n, SamplingConfig sampling,
    JudgeRole judge, InjectionDetector detector, Reference reference, ContextOverflow overflow)
    implements ModelStage.PerRow {
  public static final String NAME = "judge";

  /**
   * How a reference-guided judge gets its reference: the actor's prompt, answered greedily within
   * the actor's token limit.
   */
  public record Reference(ActorRole actor, SamplingConfig actorSampling) implements Serializable {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String table() {
    return JudgmentRow.TABLE;
  }

  @Override
  public Encoder<Row> encoder() {
    return JudgmentRow.ENCODER;
  }

  @Override
  public List<TableRef> inputs() {
    return List.of(prompts, samples);
  }

  @Override
  public JsonNode config() {
    return StageSupport.config("n", n, "sampling", sampling, "judge_template", judge.template().text(),
        "reject_conflicting", judge.rejectConflicting(), "score_range", List.of(judge.minScore(), judge.maxScore()),
        "reference", judge.referenceGuided() ? List.of(reference.actor().template().text(),
            reference.actorSampling().greedy()) : "none", "context_overflow", overflow);
  }

  @Override
  public String countedColumn() {
    return "parse_status";
  }

  /** The candidate responses with their prompts, a prompt's responses together. */
  @Override
  public Dataset<Row> input(StageContext context) {
    Dataset<Row> candidates = context.read(samples).filter(col("excluded_reason").isNull())
        .join(StageSupport.promptColumns(context.read(prompts)), "prompt_id");
    return StageSupport.byPrompt(candidates, use.partitions(), "prompt_id", "sample_index");
  }

  /** N requests per response of the batch, in one generate call. */
  @Override
  public List<Row> call(ModelStep step, ModelSession model, List<Row> batch) {
    Map<String, String> references = references(model, batch);
    List<GenerateRequest> requests = new ArrayList<>(batch.size() * n);
    for (Row s : batch) {
      Prompt prompt = prompt(s, references, 1);
      for (int j = 0; j < n; j++) {
        long seed = Ids.judgmentSeed(step.runId(), step.iteration(), s.getAs("sample_id"), j);
        requests.add(new GenerateRequest(prompt, sampling.params(1, seed)));
      }
    }
    List<List<Completion>> answers = Fitting.generate(model, requests, overflow,
        (i, keep) -> prompt(batch.get(i / n), references, keep));
    List<Row> out = new ArrayList<>(requests.size());
    for (int i = 0; i < batch.size(); i++) {
      SampleRow sample = SampleRow.fromRow(batch.get(i));
      boolean injection = detector.flags(sample.response());
      for (int j = 0; j < n; j++) {
        out.add(row(step, sample, j, answers.get(i * n + j).get(0), injection, references.get(sample.promptId()),
            model).toRow());
      }
    }
    return out;
  }

  /** The judge prompt for one response, the response cut to keep of its length when keep < 1. */
  private Prompt prompt(Row s, Map<String, String> references, double keep) {
    String question = PromptForms.question(PromptForms.text(s, "prompt_text"), PromptForms.messages(s, "prompt_messages"));
    String response = s.getAs("response");
    return Prompt.user(judge.render(question, references.get(s.<String>getAs("prompt_id")),
        keep < 1 ? ContextOverflow.cut(response, keep) : response));
  }

  /** The model's greedy answer to each prompt of the batch, for a reference-guided judge; none otherwise. */
  private Map<String, String> references(ModelSession model, List<Row> batch) {
    if (!judge.referenceGuided()) return Map.of();
    Map<String, GenerateRequest> asked = new LinkedHashMap<>();
    for (Row s : batch) {
      asked.computeIfAbsent(s.getAs("prompt_id"), id -> new GenerateRequest(PromptForms.actor(
          PromptForms.text(s, "prompt_text"), PromptForms.messages(s, "prompt_messages"), reference.actor()).toWorker(),
          reference.actorSampling().greedy().params(1, 0)));
    }
    return GreedyAnswers.of(model, asked);
  }

  private JudgmentRow row(ModelStep step, SampleRow sample, int j, Completion c, boolean injection, String reference,
      ModelSession model) {
    Verdict<Integer> verdict = judge.parse(c.text(), Completions.finishReason(c));
    return new JudgmentRow(Ids.judgmentId(step.runId(), step.iteration(), sample.sampleId(), j),
        sample.sampleId(), sample.promptId(), step.iteration(), j,
        Ids.judgmentSeed(step.runId(), step.iteration(), sample.sampleId(), j), c.text(), verdict.status(),
        verdict.value(), Completions.finish(c), Completions.tokens(c), Completions.chars(c.text()),
        model.spec().modelVersion(), injection, reference);
  }
}
