package dev.tribunal.jobs.metarewarding;

import dev.tribunal.jobs.stages.Completions;
import dev.tribunal.jobs.stages.StageSupport;
import dev.tribunal.jobs.stages.ModelStep;
import dev.tribunal.jobs.stages.ModelUse;
import dev.tribunal.jobs.stages.PromptForms;
import dev.tribunal.jobs.stages.ModelStage;
import dev.tribunal.jobs.stages.Fitting;
import dev.tribunal.jobs.stages.PromptGroups;
import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.metarewarding.aggregate.MetaJudgePlan;
import dev.tribunal.jobs.metarewarding.aggregate.ScheduledBattle;
import dev.tribunal.jobs.config.SamplingConfig;
import dev.tribunal.jobs.roles.ContextOverflow;
import dev.tribunal.jobs.roles.MetaJudgeRole;
import dev.tribunal.jobs.roles.Verdict;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.worker.ModelSession;
import dev.tribunal.schemas.Ids;
import dev.tribunal.schemas.JudgmentRow;
import dev.tribunal.schemas.LengthUnit;
import dev.tribunal.schemas.MetaJudgmentRow;
import dev.tribunal.schemas.Winner;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.Prompt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Row;

/**
 * Meta-judging (spec section 1, step 4): per prompt, the response whose valid judgment scores vary
 * most ({@link MetaJudgePlan}), and every pair of its distinct valid judgments judged by M_t as
 * meta-judge in both orders. A prompt's judgments arrive together in one partition, sorted, and are
 * grouped there (a unit is one prompt's rows); battles of several prompts share one generate call.
 *
 * <p>Scheduled only in iterations that train the judge: elsewhere its output would be unused.
 */
public record MetaJudgeStage(TableRef prompts, TableRef samples, TableRef judgments, ModelUse use,
    SamplingConfig sampling, MetaJudgeRole metaJudge, ContextOverflow overflow, LengthUnit unit)
    implements ModelStage<List<Row>> {
  public static final String NAME = "meta-judge";

  /** One battle to run: its ids, and the texts it shows. */
  private record Battle(String promptId, String sampleId, String firstId, String secondId, String question,
      String response, String first, String second) {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String table() {
    return MetaJudgmentRow.TABLE;
  }

  @Override
  public Encoder<Row> encoder() {
    return MetaJudgmentRow.ENCODER;
  }

  @Override
  public List<TableRef> inputs() {
    return List.of(prompts, samples, judgments);
  }

  @Override
  public JsonNode config() {
    return StageSupport.config("sampling", sampling, "meta_judge_template", metaJudge.template().text(),
        "reject_conflicting", metaJudge.rejectConflicting(), "strip_scores", metaJudge.stripScores(),
        "context_overflow", overflow);
  }

  @Override
  public String countedColumn() {
    return "parse_status";
  }

  @Override
  public Dataset<Row> input(StageContext context) {
    Dataset<Row> rows = context.read(judgments)
        .join(context.read(samples).select(col("sample_id"), col("response")), "sample_id")
        .join(StageSupport.promptColumns(context.read(prompts)), "prompt_id");
    return StageSupport.byPrompt(rows, use.partitions(), "prompt_id", "sample_id", "judgment_index");
  }

  @Override
  public Iterator<List<Row>> units(Iterator<Row> rows) {
    return new PromptGroups(rows, "prompt_id");
  }

  /** Every planned battle of the batch's prompts, in one generate call. */
  @Override
  public List<Row> call(ModelStep step, ModelSession model, List<List<Row>> batch) {
    List<Battle> battles = new ArrayList<>();
    for (List<Row> prompt : batch) battles.addAll(battles(prompt));
    if (battles.isEmpty()) return List.of();
    List<GenerateRequest> requests = battles.stream().map(b -> new GenerateRequest(prompt(b, 1),
        sampling.params(1, Ids.metaJudgmentSeed(step.runId(), step.iteration(), b.firstId(), b.secondId())))).toList();
    List<List<Completion>> answers = Fitting.generate(model, requests, overflow, (i, keep) -> prompt(battles.get(i), keep));
    List<Row> out = new ArrayList<>(battles.size());
    for (int i = 0; i < battles.size(); i++) out.add(row(step, battles.get(i), answers.get(i).get(0), model));
    return out;
  }

  /** The planned battles of one prompt, both orders of each pair of its target's judgments. */
  private List<Battle> battles(List<Row> rows) {
    Map<String, JudgmentRow> byId = new HashMap<>();
    for (Row r : rows) byId.put(r.getAs("judgment_id"), JudgmentRow.fromRow(r));
    Optional<MetaJudgePlan> plan = MetaJudgePlan.forPrompt(JudgedResponses.of(List.copyOf(byId.values()), unit));
    if (plan.isEmpty()) return List.of();
    Row target = rows.stream().filter(r -> r.getAs("sample_id").equals(plan.get().responseId())).findFirst().orElseThrow();
    String question = PromptForms.question(PromptForms.text(target, "prompt_text"), PromptForms.messages(target, "prompt_messages"));
    List<Battle> out = new ArrayList<>();
    for (ScheduledBattle b : plan.get().battles()) {
      out.add(new Battle(target.getAs("prompt_id"), plan.get().responseId(), b.firstJudgmentId(),
          b.secondJudgmentId(), question, target.getAs("response"), byId.get(b.firstJudgmentId()).rawText(),
          byId.get(b.secondJudgmentId()).rawText()));
    }
    return out;
  }

  /** The battle's prompt, the response and both judgements cut to keep of their length when keep < 1. */
  private Prompt prompt(Battle b, double keep) {
    UnaryOperator<String> fit = t -> keep < 1 ? ContextOverflow.cut(t, keep) : t;
    return Prompt.user(metaJudge.render(b.question(), fit.apply(b.response()), fit.apply(b.first()), fit.apply(b.second())));
  }

  private Row row(ModelStep step, Battle b, Completion c, ModelSession model) {
    Verdict<Winner> verdict = metaJudge.parse(c.text(), Completions.finishReason(c));
    return new MetaJudgmentRow(Ids.metaJudgmentId(step.runId(), step.iteration(), b.firstId(), b.secondId()),
        b.promptId(), b.sampleId(), step.iteration(), b.firstId(), b.secondId(),
        Ids.metaJudgmentSeed(step.runId(), step.iteration(), b.firstId(), b.secondId()), c.text(),
        verdict.status(), verdict.value(), Completions.finish(c), Completions.tokens(c),
        Completions.chars(c.text()), model.spec().modelVersion()).toRow();
  }
}
