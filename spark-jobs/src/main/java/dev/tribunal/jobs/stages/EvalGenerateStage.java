package dev.tribunal.jobs.stages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.config.SamplingConfig;
import dev.tribunal.jobs.config.WorldConfig;
import dev.tribunal.jobs.roles.ActorRole;
import dev.tribunal.jobs.roles.JudgeRole;
import dev.tribunal.jobs.roles.MetaJudgeRole;
import dev.tribunal.jobs.roles.Verdict;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.eval.EvalItem;
import dev.tribunal.jobs.eval.EvalItems;
import dev.tribunal.jobs.eval.EvalOutputRow;
import dev.tribunal.jobs.stages.worker.ModelSession;
import dev.tribunal.jobs.world.GoldGrade;
import dev.tribunal.jobs.world.GoldGrader;
import dev.tribunal.schemas.Winner;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.Prompt;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Row;

/**
 * One model's greedy answers to the run's fixed evaluation set (held-out prompts, judge and
 * meta-judge examples of the task world), graded against gold as they come back:
 * iter=s/eval_outputs holds M_s's. Gold is used here and in the seed only, never inside the loop.
 */
public record EvalGenerateStage(WorldConfig world, Roles roles, ModelUse use) implements ModelStage.PerRow {
  public static final String NAME = "eval-generate";

  /** What the model is asked with: the roles and their greedy limits. */
  public record Roles(ActorRole actor, JudgeRole judge, MetaJudgeRole metaJudge, SamplingConfig actorSampling,
      SamplingConfig judgeSampling, SamplingConfig metaJudgeSampling) implements Serializable {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String table() {
    return EvalOutputRow.TABLE;
  }

  @Override
  public Encoder<Row> encoder() {
    return EvalOutputRow.ENCODER;
  }


  @Override
  public JsonNode config() {
    return StageSupport.config("world", world, "actor_template", roles.actor().template().text(),
        "judge_template", roles.judge().template().text(), "meta_judge_template", roles.metaJudge().template().text(),
        "max_new_tokens", List.of(roles.actorSampling().maxNewTokens(), roles.judgeSampling().maxNewTokens(),
            roles.metaJudgeSampling().maxNewTokens()));
  }

  /** The fixed evaluation items, spread over the partitions. */
  @Override
  public Dataset<Row> input(StageContext context) {
    List<Row> items = EvalItems.of(world, roles.actor(), roles.judge(), roles.metaJudge()).stream()
        .map(EvalItem::toRow).toList();
    int n = use.partitions() > 0 ? use.partitions()
        : Integer.parseInt(context.spark().conf().get("spark.sql.shuffle.partitions"));
    return context.spark().createDataFrame(items, EvalItem.SCHEMA).repartition(n);
  }

  /** A batch of items answered greedily in one generate call, each graded against gold. */
  @Override
  public List<Row> call(ModelStep step, ModelSession model, List<Row> rows) {
    List<EvalItem> items = rows.stream().map(EvalItem::fromRow).toList();
    List<GenerateRequest> requests = items.stream()
        .map(i -> new GenerateRequest(Prompt.user(i.prompt()), sampling(i.kind()).greedy().params(1, 0))).toList();
    List<List<Completion>> answers = model.generate(requests);
    List<Row> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) out.add(row(items.get(i), answers.get(i).get(0), model).toRow());
    return out;
  }

  private SamplingConfig sampling(EvalItem.Kind kind) {
    return switch (kind) {
      case ACTOR -> roles.actorSampling();
      case JUDGE -> roles.judgeSampling();
      case META_JUDGE -> roles.metaJudgeSampling();
    };
  }

  private EvalOutputRow row(EvalItem item, Completion c, ModelSession model) {
    String text = c.text();
    String version = model.spec().modelVersion();
    var finish = Completions.finishReason(c);
    int tokens = Completions.tokens(c);
    int chars = Completions.chars(text);
    return switch (item.kind()) {
      case ACTOR -> {
        GoldGrade grade = GoldGrader.grade(item.task(), text);
        yield new EvalOutputRow(item.kind().code(), item.item(), item.pair(), version, text, finish.wire(), tokens,
            chars, null, null, null, grade.score(), null, grade.exact());
      }
      case JUDGE -> {
        Verdict<Integer> v = roles.judge().parse(text, finish);
        yield new EvalOutputRow(item.kind().code(), item.item(), item.pair(), version, text, finish.wire(), tokens,
            chars, v.status().code(), v.value(), null, item.goldScore(), null, null);
      }
      case META_JUDGE -> {
        Verdict<Winner> v = roles.metaJudge().parse(text, finish);
        yield new EvalOutputRow(item.kind().code(), item.item(), item.pair(), version, text, finish.wire(), tokens,
            chars, v.status().code(), null, v.value() == null ? null : v.value().code(), null, item.goldWinner(), null);
      }
    };
  }
}
