package dev.tribunal.jobs.report;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The report of a run from its gathered facts: pure, so every figure is testable without Spark. */
public final class ReportBuilder {
  private ReportBuilder() {}

  /** A section of the report: id, title, and a note that says where its figures come from. */
  private record Part(String id, String title, String note) {}

  private static final Part EVALUATION = new Part("evaluation", "Held-out evaluation against gold",
      "Each model M_s (after s iterations or rounds) answers the same held-out prompts greedily; the world's gold"
          + " grader scores them (iter=s/eval). Error bars: 95% intervals.");
  private static final Part LENGTHS = new Part("lengths", "Length drift",
      "Lengths of the responses the actor sampled and of the judgments the judge wrote in each iteration"
          + " (samples, judgments).");
  private static final Part JUDGE = new Part("judge", "Judge scores",
      "How the judge's scores spread: on the actor's samples in each iteration (judgments), and on held-out"
          + " responses of every gold score (iter=s/eval). A judge whose scores collapse onto one value"
          + " gives the loop nothing to learn from.");
  private static final Part META_JUDGE = new Part("meta_judge", "Meta-judge position bias",
      "First-position share (0.5: no bias) and flip rate (the verdict changed with the order) of the meta-judge,"
          + " in the loop's battles (meta_judgments) and on held-out judgment pairs.");
  private static final Part BATTLE = new Part("battle", "Battle ratings",
      "Spread of the Bradley-Terry ratings the meta-judge's battles gave the judgments (ratings): box 25th to"
          + " 75th percentile, line at the median, whiskers at the extremes.");
  private static final Part TRAINING = new Part("training", "Training per optimizer step",
      "The trainer's figures at every optimizer step of each trained model (iter=t/checkpoints, TRL's names):"
          + " DPO's loss, implicit reward accuracy and margin; BOND's loss.");
  private static final Part RLAIF = new Part("rlaif", "RLAIF labels and reward model",
      "The labeler against the corpus labels (label_eval, direct_rlaif_eval) and the distilled reward model"
          + " (reward_models): held-out accuracy and its training per step.");
  private static final Part BOND = new Part("bond", "BOND: reward, gold and KL",
      "Each round's policy at one sample (bond_figures: reward, gold grade, KL(pi_t || pi_0)), and Best-of-n of"
          + " the reference on round 0's prompts (best_of_n_eval).");
  private static final Part TIMINGS = new Part("timings", "Stage timings",
      "Seconds per completed stage, from the manifest.");

  /** generated: the time to print on the report (ISO-8601). Sections without charts are left out. */
  public static Report build(RunFacts facts, String generated) {
    EvalCharts eval = new EvalCharts(facts.evaluations());
    LoopCharts loop = new LoopCharts(facts.iterations());
    List<Section> sections = new ArrayList<>();
    add(sections, EVALUATION, eval.winRates(), eval.exactRate(), eval.answerLength());
    add(sections, LENGTHS, loop.responseLength(), loop.judgmentLength());
    add(sections, JUDGE, loop.judgeScores(), eval.judgeScores());
    add(sections, META_JUDGE, loop.metaJudge(), eval.metaJudge());
    add(sections, BATTLE, loop.ratings());
    add(sections, TRAINING, TrainingCharts.of("policy", facts.checkpoints()));
    add(sections, RLAIF, LabelCharts.labelers(facts.labelEvaluations()),
        LabelCharts.rewardModels(facts.rewardModels()), TrainingCharts.of("reward_model", facts.rewardModels()));
    add(sections, BOND, BondCharts.rounds(facts.bondRounds()), BondCharts.bestOfN(facts.bestOfN()));
    add(sections, TIMINGS, TimingCharts.of(facts.manifest()));
    return new Report(facts.runId(), facts.run(), generated, sections);
  }

  @SafeVarargs
  private static void add(List<Section> sections, Part part, List<Chart>... charts) {
    List<Chart> all = Stream.of(charts).flatMap(List::stream).toList();
    if (!all.isEmpty()) sections.add(new Section(part.id(), part.title(), part.note(), all));
  }
}
