package dev.tribunal.jobs.world;

import dev.tribunal.jobs.roles.ActorRole;
import dev.tribunal.jobs.roles.JudgeRole;
import dev.tribunal.jobs.roles.MetaJudgeRole;
import dev.tribunal.schemas.Winner;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * The seed model's data, from a task world and the roles it will play: instruction data (SFT),
 * judge data (EFT in Self-Rewarding's terms) and meta-judge data, plus held-out prompts for
 * evaluation. Each kind draws its tasks from its own stream of the world and all come from the
 * training split, so none meets a held-out prompt. Item i is the same whatever n is asked.
 */
public final class WorldData {
  private final TaskWorld world;
  private final ActorRole actor;
  private final JudgeRole judge;
  private final MetaJudgeRole metaJudge;

  /** Every family and level, the identity actor and the compact judge templates. */
  public WorldData(long seed) {
    this(new TaskWorld(seed), ActorRole.identity(), JudgeRole.compact(), MetaJudgeRole.compact());
  }

  public WorldData(TaskWorld world, ActorRole actor, JudgeRole judge, MetaJudgeRole metaJudge) {
    this.world = Objects.requireNonNull(world, "world");
    this.actor = Objects.requireNonNull(actor, "actor role");
    this.judge = Objects.requireNonNull(judge, "judge role");
    this.metaJudge = Objects.requireNonNull(metaJudge, "meta-judge role");
  }

  /** The task world the data is drawn from. */
  public TaskWorld world() {
    return world;
  }

  /** n questions with their bare gold answers. */
  public List<Example.Sft> sft(int n) {
    return world.tasks(n).stream()
        .map(t -> new Example.Sft(t, actor.render(t.prompt()), t.gold())).toList();
  }

  /**
   * n judge examples for training. The actor's own answers are concise, so format must not stand
   * in for correctness: even examples judge a concise answer (exact, off by one edit, partly
   * right, wrong, in turn), odd ones a response earning gold score i/2 mod 6.
   */
  public List<Example.Judge> judge(int n) {
    return judge(world.derive("judge").tasks(n), "judge",
        (i, rng) -> i % 2 == 0 ? CONCISE.get(i / 2 % CONCISE.size()) : kindScoring(i / 2 % 6, rng));
  }

  /**
   * n judge examples on distinct held-out prompts, example i judging a response earning gold
   * score i mod 6: the judge's balanced evaluation set (every score equally present).
   */
  public List<Example.Judge> heldOutJudge(int n) {
    return judge(world.derive("judge").heldOut(n), "held-out-judge", (i, rng) -> kindScoring(i % 6, rng));
  }

  private static final List<ResponseKind> CONCISE =
      List.of(ResponseKind.EXACT, ResponseKind.NEAR, ResponseKind.PARTIAL, ResponseKind.WRONG);

  private List<Example.Judge> judge(List<Task> tasks, String stream, BiFunction<Integer, Random, ResponseKind> kind) {
    return IntStream.range(0, tasks.size()).mapToObj(i -> {
      Random rng = Seeds.random(world.seed(), stream, i);
      Task task = tasks.get(i);
      String response = Responses.write(task, kind.apply(i, rng), rng);
      GoldGrade grade = GoldGrader.grade(task, response);
      // The seed learns to grade against a right reference; in the loop the reference is its own greedy answer.
      return new Example.Judge(task, response, grade, judge.render(task.prompt(), task.gold(), response),
          Judgements.judgement(task, grade, response));
    }).toList();
  }

  /**
   * Meta-judge examples for n responses, two per response: a judgement close to the gold score
   * (the gold judgement, or one point off) against one at least two points off, shown in both
   * orders so that neither position wins more often.
   */
  public List<Example.MetaJudge> metaJudge(int n) {
    return metaJudge(world.derive("meta-judge").tasks(n), "meta-judge");
  }

  /**
   * Meta-judge examples as {@link #metaJudge}, for n distinct held-out prompts: the meta-judge's
   * evaluation set. Examples 2i and 2i+1 show the same two judgements in swapped order.
   */
  public List<Example.MetaJudge> heldOutMetaJudge(int n) {
    return metaJudge(world.derive("meta-judge").heldOut(n), "held-out-meta-judge");
  }

  private List<Example.MetaJudge> metaJudge(List<Task> tasks, String stream) {
    List<Example.MetaJudge> out = new ArrayList<>(2 * tasks.size());
    for (int i = 0; i < tasks.size(); i++) {
      Random rng = Seeds.random(world.seed(), stream, i);
      Task task = tasks.get(i);
      String response = Responses.write(task, kindScoring(i % 6, rng), rng);
      GoldGrade truth = GoldGrader.grade(task, response);
      int earned = truth.score();
      int close = rng.nextBoolean() ? earned : pick(rng, s -> Math.abs(s - earned) == 1);
      int far = pick(rng, s -> Math.abs(s - earned) >= 2);
      String closeText = Judgements.judgement(task, claimed(truth, close, rng), response);
      String farText = Judgements.judgement(task, claimed(truth, far, rng), response);
      out.add(metaExample(task, response, earned, closeText, close, farText, far));
      out.add(metaExample(task, response, earned, farText, far, closeText, close));
    }
    return out;
  }

  /** n held-out tasks with distinct prompts, for evaluation against gold. */
  public List<Task> heldOut(int n) {
    return world.heldOut(n);
  }

  private Example.MetaJudge metaExample(Task task, String response, int earned,
      String judgementA, int scoreA, String judgementB, int scoreB) {
    Winner winner = Judgements.closer(earned, scoreA, scoreB);
    return new Example.MetaJudge(task, response, judgementA, judgementB, winner,
        metaJudge.render(task.prompt(), response, judgementA, judgementB),
        Judgements.metaJudgement(earned, scoreA, scoreB));
  }

  /** The true grade when the score is right; otherwise a grade that adds up to the claim. */
  private static GoldGrade claimed(GoldGrade truth, int score, Random rng) {
    return truth.score() == score ? truth : kindScoring(score, rng).grade();
  }

  private static ResponseKind kindScoring(int score, Random rng) {
    List<ResponseKind> kinds = ResponseKind.scoring(score);
    return kinds.get(rng.nextInt(kinds.size()));
  }

  private static int pick(Random rng, IntPredicate allowed) {
    int[] scores = IntStream.rangeClosed(0, 5).filter(allowed).toArray();
    return scores[rng.nextInt(scores.length)];
  }
}
