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
  void theJudgeIsAlsoMeasuredOnTheActorsOwnSampledAnswers() {
    JudgeRole judge = JudgeRole.compact();
    Map<String, String> script = new HashMap<>();
    for (Task t : data.heldOut(SIZES.actorPrompts())) {
      script.put(t.prompt(), t.gold());
      // The greedy reference is the right answer here (the scripted actor answers seed 0 rightly).
      script.put(judge.render(t.prompt(), t.gold(), t.gold()), "Score: 5");
      script.put(judge.render(t.prompt(), t.gold(), "0"), "Score: 1");
    }
    // Every other sample is right, the rest answer 0; the judge scores right answers above wrong ones.
    ScriptedWorker worker = new ScriptedWorker((prompt, seed) -> script.containsKey(prompt) && script.get(prompt).startsWith("Score")
        ? script.get(prompt) : seed % 2 == 0 ? script.get(prompt) : "0", FinishReason.STOP);
    GoldFigures f = evaluation.run(worker);
    assertEquals(SIZES.actorPrompts() * GoldEvaluation.ON_POLICY_K, worker.sampled);
    assertEquals(1.0, f.onPolicy("judge_pairwise_accuracy"));
    assertEquals(0.0, f.onPolicy("judge_pairwise_tie_share"));
    assertTrue(f.onPolicy("actor_exact_rate") > 0.4, f.onPolicy().toString());
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
    private final java.util.function.BiFunction<String, Long, String> script;
    private final FinishReason finish;
    int maxTokensSeen;
    int sampled;

    ScriptedWorker(Function<String, String> script) {
      this(script, FinishReason.STOP);
    }

    ScriptedWorker(Function<String, String> script, FinishReason finish) {
      this((prompt, seed) -> script.apply(prompt), finish);
    }

    ScriptedWorker(java.util.function.BiFunction<String, Long, String> script, FinishReason finish) {
      this.script = script;
      this.finish = finish;
    }

    @Override
    public List<List<Completion>> generate(List<GenerateRequest> requests) {
      return requests.stream().map(r -> {
        String prompt = r.prompt().messages().get(0).content();
        // Only the actor's on-policy answers are sampled, as the loop samples them; the rest is greedy.
        if (r.params().temperature() > 0) {
          sampled++;
          assertTrue(!prompt.startsWith("Rate the response") && !prompt.startsWith("Which judgement"), prompt);
        }
        maxTokensSeen = Math.max(maxTokensSeen, r.params().maxNewTokens());
        String text = script.apply(prompt, r.params().seed());
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
