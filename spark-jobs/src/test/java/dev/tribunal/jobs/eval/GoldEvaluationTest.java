package dev.tribunal.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.jobs.roles.ActorRole;
import dev.tribunal.jobs.roles.JudgeRole;
import dev.tribunal.jobs.roles.MetaJudgeRole;
import dev.tribunal.jobs.world.Example;
import dev.tribunal.jobs.world.Task;
import dev.tribunal.jobs.world.WorldData;
import dev.tribunal.worker.Capabilities;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.FinishReason;
import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.ModelWorker;
import dev.tribunal.worker.NextTokenRequest;
import dev.tribunal.worker.NextTokenResult;
import dev.tribunal.worker.ScoreRequest;
import dev.tribunal.worker.ScoreResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class GoldEvaluationTest {
  private static final GoldEvaluation.Sizes SIZES = new GoldEvaluation.Sizes(30, 24, 10);

  private final WorldData data = new WorldData(5);
  private final GoldEvaluation evaluation =
      new GoldEvaluation(data, ActorRole.identity(), JudgeRole.compact(), MetaJudgeRole.compact(), SIZES);

  @Test
  void anOracleIsPerfectInEveryRole() {
    Map<String, String> gold = new HashMap<>();
    for (Task t : data.heldOut(SIZES.actorPrompts())) gold.put(t.prompt(), t.gold());
    for (Example e : data.heldOutJudge(SIZES.judgeItems())) gold.put(e.user(), e.assistant());
    for (Example e : data.heldOutMetaJudge(SIZES.metaJudgePairs())) gold.put(e.user(), e.assistant());
    GoldFigures f = evaluation.run(new ScriptedWorker(gold::get));
    assertEquals(1.0, f.actor().exactRate());
    assertEquals(5.0, f.actor().meanGoldScore());
    assertEquals(1.0, f.judge().spearman(), 1e-12);
    assertEquals(0.0, f.judge().parseFailureRate());
    assertEquals(1.0, f.metaJudge().accuracy());
    assertEquals(0.5, f.metaJudge().firstPositionShare());
    assertEquals(0.0, f.metaJudge().flipRate());
  }

  @Test
  void aModelThatAlwaysWritesTheSameThingIsMeasuredAsSuch() {
    GoldFigures f = evaluation.run(new ScriptedWorker(prompt -> prompt.startsWith("Rate the response") ? "Fine.\nScore: 3"
        : prompt.startsWith("Which judgement") ? "Winner: Judgement A" : ""));
    assertEquals(0.0, f.actor().exactRate());
    assertEquals(0.0, f.actor().meanGoldScore());
    assertTrue(Double.isNaN(f.judge().spearman()));
    assertEquals(Map.of(3, SIZES.judgeItems()), f.judge().scoreCounts());
    assertEquals(0.5, f.metaJudge().accuracy());
    assertEquals(1.0, f.metaJudge().firstPositionShare());
    assertEquals(1.0, f.metaJudge().flipRate());
  }

  @Test
  void outputCutByTheTokenLimitIsAParseFailure() {
    ScriptedWorker truncating = new ScriptedWorker(prompt -> "Score: 3", FinishReason.LENGTH);
    GoldFigures f = evaluation.run(truncating);
    assertEquals(1.0, f.judge().parseFailureRate());
    assertEquals(1.0, f.metaJudge().parseFailureRate());
    assertTrue(truncating.maxTokensSeen > 0);
  }

  /** Answers each single-turn prompt from a script keyed by the user message. */
  private static final class ScriptedWorker implements ModelWorker {
    private final Function<String, String> script;
    private final FinishReason finish;
    int maxTokensSeen;

    ScriptedWorker(Function<String, String> script) {
      this(script, FinishReason.STOP);
    }

    ScriptedWorker(Function<String, String> script, FinishReason finish) {
      this.script = script;
      this.finish = finish;
    }

    @Override
    public List<List<Completion>> generate(List<GenerateRequest> requests) {
      return requests.stream().map(r -> {
        assertEquals(0.0, r.params().temperature(), "evaluation decodes greedily");
        maxTokensSeen = Math.max(maxTokensSeen, r.params().maxNewTokens());
        String text = script.apply(r.prompt().messages().get(0).content());
        return List.of(new Completion(text == null ? "" : text, new int[0], finish, null));
      }).toList();
    }

    @Override
    public String modelVersion() {
      return "scripted";
    }

    @Override
    public Capabilities capabilities() {
      return Capabilities.ALL;
    }

    @Override
    public List<ScoreResult> score(List<ScoreRequest> requests) {
      throw new UnsupportedOperationException("evaluation only generates");
    }

    @Override
    public List<NextTokenResult> nextTokenLogprobs(List<NextTokenRequest> requests) {
      throw new UnsupportedOperationException("evaluation only generates");
    }

    @Override
    public void close() {}
  }
}
