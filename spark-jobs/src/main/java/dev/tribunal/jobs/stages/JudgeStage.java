package dev.tribunal.jobs.stages;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.config.SamplingConfig;
import dev.tribunal.jobs.roles.ActorRole;
import dev.tribunal.jobs.roles.ContextOverflow;
import dev.tribunal.jobs.roles.InjectionDetector;
import dev.tribunal.jobs.roles.JudgeRole;
import dev.tribunal.jobs.roles.Verdict;
import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.StageOutput;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.worker.ModelSession;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.schemas.Ids;
import dev.tribunal.schemas.JudgmentRow;
import dev.tribunal.schemas.SampleRow;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.Prompt;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Judging (spec section 1, step 2): N judgments of every candidate response by M_t as judge. Each
 * keeps its raw text and parse status; the score is read from the judge's own last Score: line only,
 * and a response that itself writes a verdict or a delimiter tag is flagged (injection_flag).
 */
public final class JudgeStage implements Stage {
  public static final String NAME = "judge";

  private final TableRef prompts;
  private final TableRef samples;
  private final WorkerSpec policy;
  private final int n;
  private final SamplingConfig sampling;
  private final JudgeRole judge;
  private final InjectionDetector detector;
  private final Reference reference;
  private final ContextOverflow overflow;
  private final int batchResponses;
  private final int partitions;

  /**
   * How a reference-guided judge gets its reference: the actor's prompt, answered greedily within
   * the actor's token limit.
   */
  public record Reference(ActorRole actor, SamplingConfig actorSampling) implements Serializable {}

  public JudgeStage(TableRef prompts, TableRef samples, WorkerSpec policy, int n, SamplingConfig sampling,
      JudgeRole judge, InjectionDetector detector, Reference reference, ContextOverflow overflow, int batchResponses,
      int partitions) {
    this.prompts = prompts;
    this.overflow = overflow;
    this.samples = samples;
    this.policy = policy;
    this.n = n;
    this.sampling = sampling;
    this.judge = judge;
    this.detector = detector;
    this.reference = reference;
    this.batchResponses = batchResponses;
    this.partitions = partitions;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String table() {
    return JudgmentRow.TABLE;
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

  @Override
  public String modelVersion() {
    return policy.modelVersion();
  }

  @Override
  public StageOutput run(StageContext context) {
    Dataset<Row> candidates = context.read(samples).filter(col("excluded_reason").isNull())
        .join(StageSupport.promptColumns(context.read(prompts)), "prompt_id");
    var rows = StageSupport.byPrompt(candidates, partitions, "prompt_id", "sample_index");
    ModelStep step = new ModelStep(NAME, StageSupport.runId(context), context.iteration(), policy, batchResponses);
    return StageOutput.of(rows.mapPartitions(new Judge(step, n, sampling, judge, detector, reference, overflow), JudgmentRow.ENCODER));
  }

  /** N requests per response, one generate call per batch of responses. */
  static final class Judge implements MapPartitionsFunction<Row, Row> {
    private final ModelStep step;
    private final int n;
    private final SamplingConfig sampling;
    private final JudgeRole judge;
    private final InjectionDetector detector;
    private final Reference reference;
    private final ContextOverflow overflow;

    Judge(ModelStep step, int n, SamplingConfig sampling, JudgeRole judge, InjectionDetector detector, Reference reference,
        ContextOverflow overflow) {
      this.step = step;
      this.overflow = overflow;
      this.n = n;
      this.sampling = sampling;
      this.judge = judge;
      this.detector = detector;
      this.reference = reference;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> samples) {
      return step.stream(samples, this::judge);
    }

    private List<Row> judge(ModelSession model, List<Row> samples) {
      Map<String, String> references = references(model, samples);
      List<GenerateRequest> requests = new ArrayList<>(samples.size() * n);
      for (Row s : samples) {
        Prompt prompt = prompt(s, references, 1);
        for (int j = 0; j < n; j++) {
          long seed = Ids.judgmentSeed(step.runId(), step.iteration(), s.getAs("sample_id"), j);
          requests.add(new GenerateRequest(prompt, sampling.params(1, seed)));
        }
      }
      List<List<Completion>> answers = Fitting.generate(model, requests, overflow,
          (i, keep) -> prompt(samples.get(i / n), references, keep));
      List<Row> out = new ArrayList<>(requests.size());
      for (int i = 0; i < samples.size(); i++) {
        SampleRow sample = SampleRow.fromRow(samples.get(i));
        boolean injection = detector.flags(sample.response());
        for (int j = 0; j < n; j++) {
          out.add(row(sample, j, answers.get(i * n + j).get(0), injection, references.get(sample.promptId()), model).toRow());
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
    private Map<String, String> references(ModelSession model, List<Row> samples) {
      Map<String, String> out = new HashMap<>();
      if (!judge.referenceGuided()) return out;
      Map<String, GenerateRequest> asked = new LinkedHashMap<>();
      for (Row s : samples) {
        asked.computeIfAbsent(s.getAs("prompt_id"), id -> new GenerateRequest(PromptForms.actor(
            PromptForms.text(s, "prompt_text"), PromptForms.messages(s, "prompt_messages"), reference.actor()).toWorker(),
            reference.actorSampling().greedy().params(1, 0)));
      }
      List<List<Completion>> answers = model.generate(List.copyOf(asked.values()));
      int i = 0;
      for (String promptId : asked.keySet()) out.put(promptId, answers.get(i++).get(0).text());
      return out;
    }

    private JudgmentRow row(SampleRow sample, int j, Completion c, boolean injection, String reference, ModelSession model) {
      Verdict<Integer> verdict = judge.parse(c.text(), Completions.finishReason(c));
      return new JudgmentRow(Ids.judgmentId(step.runId(), step.iteration(), sample.sampleId(), j),
          sample.sampleId(), sample.promptId(), step.iteration(), j,
          Ids.judgmentSeed(step.runId(), step.iteration(), sample.sampleId(), j), c.text(), verdict.status(),
          verdict.value(), Completions.finish(c), Completions.tokens(c), Completions.chars(c.text()),
          model.spec().modelVersion(), injection, reference);
    }
  }
}
