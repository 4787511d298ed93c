package dev.tribunal.jobs.eval;

import dev.tribunal.jobs.config.SettingException;
import dev.tribunal.jobs.roles.ActorRole;
import dev.tribunal.jobs.roles.JudgeRole;
import dev.tribunal.jobs.roles.MetaJudgeRole;
import dev.tribunal.jobs.roles.Verdict;
import dev.tribunal.jobs.world.Example;
import dev.tribunal.jobs.world.Task;
import dev.tribunal.jobs.world.WorldData;
import dev.tribunal.schemas.Ids;
import dev.tribunal.schemas.Winner;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.ModelWorker;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.SamplingParams;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Measures a model against gold in all three roles on the world's held-out prompts, with greedy
 * decoding: the actor answers held-out prompts; the judge scores held-out responses of every gold
 * score; the meta-judge compares a close and a far judgement of held-out responses in both orders.
 * Works with any {@link ModelWorker}; needs no Spark. The roles must be those {@code data} renders
 * its prompts with.
 */
public record GoldEvaluation(WorldData data, ActorRole actor, JudgeRole judge, MetaJudgeRole metaJudge, Sizes sizes) {

  /** How many items each role is measured on, and how long each may write. */
  public record Sizes(int actorPrompts, int judgeItems, int metaJudgePairs) {
    public Sizes {
      SettingException.atLeast("actor_prompts", actorPrompts, 1);
      // A Spearman correlation needs two items.
      SettingException.atLeast("judge_items", judgeItems, 2);
      SettingException.atLeast("meta_judge_pairs", metaJudgePairs, 1);
    }
  }

  /** Gold answers are at most 17 characters; room to see a verbose actor. */
  static final int ACTOR_MAX_TOKENS = 64;
  /** Judgements and meta-judgements of the world are at most about 80 characters. */
  static final int VERDICT_MAX_TOKENS = 128;

  public GoldFigures run(ModelWorker worker) {
    List<Task> tasks = data.heldOut(sizes.actorPrompts());
    List<String> answers = greedy(worker, tasks.stream().map(t -> actor.render(t.prompt())).toList(), ACTOR_MAX_TOKENS)
        .stream().map(Completion::text).toList();
    int onPolicy = Math.min(ON_POLICY_PROMPTS, tasks.size());
    return new GoldFigures(ActorFigures.of(tasks, answers), judge(worker), metaJudge(worker),
        onPolicy(worker, tasks.subList(0, onPolicy), answers.subList(0, onPolicy)));
  }

  /** Responses sampled per prompt for the on-policy figures, as the loop samples them. */
  public static final int ON_POLICY_K = 4;
  /** At most this many held-out prompts for the on-policy figures. */
  public static final int ON_POLICY_PROMPTS = 100;
  private static final SamplingParams ACTOR_SAMPLING =
      new SamplingParams(1, 0.8, 0.95, 0, ACTOR_MAX_TOKENS, List.of(), List.of(), 0, false);

  /**
   * The judge where the loop uses it: K sampled answers of the actor to held-out prompts (exact
   * duplicates dropped, as the sample stage does), each judged greedily once ({@link OnPolicyGold}),
   * a reference-guided judge against the model's own greedy answer to the prompt (references).
   */
  List<Figure> onPolicy(ModelWorker worker, List<Task> tasks, List<String> references) {
    List<GenerateRequest> requests = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      for (int k = 0; k < ON_POLICY_K; k++) {
        requests.add(new GenerateRequest(Prompt.user(actor.render(tasks.get(i).prompt())), ACTOR_SAMPLING.withSeed(1000L * i + k)));
      }
    }
    List<List<Completion>> answers = worker.generate(requests);
    List<OnPolicyGold.Sample> samples = new ArrayList<>();
    List<String> judgePrompts = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      Set<String> seen = new HashSet<>();
      for (int k = 0; k < ON_POLICY_K; k++) {
        String response = answers.get(i * ON_POLICY_K + k).get(0).text();
        if (!seen.add(response)) continue;
        samples.add(new OnPolicyGold.Sample(i + "/" + k, Ids.promptId(tasks.get(i).prompt()), response));
        judgePrompts.add(judge.render(tasks.get(i).prompt(), references.get(i), response));
      }
    }
    List<Completion> verdicts = greedy(worker, judgePrompts, VERDICT_MAX_TOKENS);
    List<OnPolicyGold.Judgment> judgments = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      Verdict<Integer> v = judge.parse(verdicts.get(i).text(), verdicts.get(i).finishReason());
      judgments.add(new OnPolicyGold.Judgment(samples.get(i).sampleId(), samples.get(i).sampleId(), v.isOk() ? v.value() : null));
    }
    return OnPolicyGold.of(tasks, samples, judgments, List.of());
  }

  JudgeFigures judge(ModelWorker worker) {
    List<Example.Judge> items = data.heldOutJudge(sizes.judgeItems());
    List<Completion> outputs = greedy(worker, items.stream().map(Example::user).toList(), VERDICT_MAX_TOKENS);
    List<Verdict<Integer>> verdicts = new ArrayList<>();
    for (Completion c : outputs) verdicts.add(judge.parse(c.text(), c.finishReason()));
    return JudgeFigures.of(items.stream().map(e -> e.grade().score()).toList(), verdicts);
  }

  /** Examples 2i and 2i+1 of the held-out meta-judge set are one pair in both orders. */
  MetaJudgeFigures metaJudge(ModelWorker worker) {
    List<Example.MetaJudge> items = data.heldOutMetaJudge(sizes.metaJudgePairs());
    List<Completion> outputs = greedy(worker, items.stream().map(Example::user).toList(), VERDICT_MAX_TOKENS);
    List<Winner> gold = new ArrayList<>();
    List<Verdict<Winner>> first = new ArrayList<>();
    List<Verdict<Winner>> swapped = new ArrayList<>();
    for (int i = 0; i < items.size(); i += 2) {
      gold.add(items.get(i).winner());
      first.add(metaJudge.parse(outputs.get(i).text(), outputs.get(i).finishReason()));
      swapped.add(metaJudge.parse(outputs.get(i + 1).text(), outputs.get(i + 1).finishReason()));
    }
    return MetaJudgeFigures.of(gold, first, swapped);
  }

  private static List<Completion> greedy(ModelWorker worker, List<String> userMessages, int maxTokens) {
    SamplingParams params = SamplingParams.greedy(maxTokens);
    List<GenerateRequest> requests = userMessages.stream()
        .map(m -> new GenerateRequest(Prompt.user(m), params)).toList();
    return worker.generate(requests).stream().map(c -> c.get(0)).toList();
  }
}
