package dev.tribunal.jobs.metarewarding;

import dev.tribunal.jobs.stages.PromptForms;
import dev.tribunal.jobs.metarewarding.aggregate.ActorCandidate;
import dev.tribunal.jobs.metarewarding.aggregate.ActorPair;
import dev.tribunal.jobs.metarewarding.aggregate.ActorPairConfig;
import dev.tribunal.jobs.metarewarding.aggregate.ActorPairOutcome;
import dev.tribunal.jobs.metarewarding.aggregate.ActorPairs;
import dev.tribunal.jobs.metarewarding.aggregate.JudgePair;
import dev.tribunal.jobs.metarewarding.aggregate.JudgePairConfig;
import dev.tribunal.jobs.metarewarding.aggregate.JudgePairDrop;
import dev.tribunal.jobs.metarewarding.aggregate.JudgePairOutcome;
import dev.tribunal.jobs.metarewarding.aggregate.JudgePairs;
import dev.tribunal.jobs.metarewarding.aggregate.MetaJudgePlan;
import dev.tribunal.jobs.metarewarding.aggregate.Ratings;
import dev.tribunal.jobs.metarewarding.aggregate.ResponseScore;
import dev.tribunal.jobs.metarewarding.aggregate.ScoredJudgment;
import dev.tribunal.jobs.roles.ActorRole;
import dev.tribunal.jobs.roles.JudgeRole;
import dev.tribunal.schemas.ExclusionReason;
import dev.tribunal.schemas.Ids;
import dev.tribunal.schemas.JudgmentRow;
import dev.tribunal.schemas.LengthUnit;
import dev.tribunal.schemas.Message;
import dev.tribunal.schemas.PairKind;
import dev.tribunal.schemas.PreferencePairRow;
import dev.tribunal.schemas.SampleRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.api.java.function.CoGroupFunction;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One prompt's pair outcomes: per kind, a pair or the reason there is none. Left: the prompt's
 * responses (with its prompt columns); right: their judgments, with the meta-judge rating where
 * one was fitted. judgePairs is null in an iteration without judge pairs.
 */
record SelectPairs(String runId, int iteration, ActorRole actor, JudgeRole judge, ActorPairConfig actorPairs,
    JudgePairConfig judgePairs, LengthUnit unit) implements CoGroupFunction<String, Row, Row, Row> {
  static final StructType SCHEMA = new StructType()
      .add("kind", DataTypes.StringType, false)
      .add("drop_reason", DataTypes.StringType, true)
      .add("pair", PreferencePairRow.SCHEMA, true);
  static final Encoder<Row> ENCODER = Encoders.row(SCHEMA);

  @Override
  public Iterator<Row> call(String promptId, Iterator<Row> responseRows, Iterator<Row> judgmentRows) {
    List<Row> responses = new ArrayList<>();
    responseRows.forEachRemaining(responses::add);
    if (responses.isEmpty()) return java.util.Collections.emptyIterator();
    List<JudgmentRow> judgments = new ArrayList<>();
    Map<String, Double> ratings = new HashMap<>();
    judgmentRows.forEachRemaining(r -> {
      JudgmentRow j = JudgmentRow.fromRow(r);
      judgments.add(j);
      Object rating = r.getAs("rating");
      if (rating != null) ratings.put(j.judgmentId(), (Double) rating);
    });
    Map<String, SampleRow> samples = new HashMap<>();
    responses.forEach(r -> samples.put(r.getAs("sample_id"), SampleRow.fromRow(r)));
    String text = PromptForms.text(responses.get(0), "prompt_text");
    List<Message> messages = PromptForms.messages(responses.get(0), "prompt_messages");
    List<Row> out = new ArrayList<>(2);
    out.add(actorOutcome(promptId, samples, judgments, PromptForms.actor(text, messages, actor)));
    if (judgePairs != null) out.add(judgeOutcome(promptId, samples, judgments, ratings, PromptForms.question(text, messages)));
    return out.iterator();
  }

  private Row actorOutcome(String promptId, Map<String, SampleRow> samples, List<JudgmentRow> judgments,
      PromptForms.Asked prompt) {
    List<ActorCandidate> candidates = new ArrayList<>();
    Set<String> injected = judgments.stream().filter(JudgmentRow::injectionFlag).map(JudgmentRow::sampleId)
        .collect(Collectors.toSet());
    for (var response : JudgedResponses.of(judgments, unit)) {
      Optional<ResponseScore> score = ResponseScore.of(response.judgments());
      SampleRow s = samples.get(response.responseId());
      if (score.isEmpty() || s == null) continue;
      candidates.add(new ActorCandidate(s.sampleId(), score.get().mean(), score.get().variance(), length(s),
          s.excludedReason() == ExclusionReason.TRUNCATED, s.excludedReason() == ExclusionReason.TEMPLATE_LEAK,
          s.excludedReason() == ExclusionReason.DUPLICATE, injected.contains(s.sampleId())));
    }
    ActorPairOutcome outcome = ActorPairs.select(candidates, actorPairs);
    if (!outcome.isSelected()) return outcome(PairKind.ACTOR, outcome.dropReason().name(), null);
    ActorPair p = outcome.pair();
    return outcome(PairKind.ACTOR, null, new PreferencePairRow(
        Ids.pairId(runId, iteration, PairKind.ACTOR, p.chosenId(), p.rejectedId()), promptId, iteration,
        PairKind.ACTOR, prompt.text(), prompt.messages(), samples.get(p.chosenId()).response(),
        samples.get(p.rejectedId()).response(), p.chosenId(), p.rejectedId(), p.chosenScore(), p.rejectedScore(),
        p.chosenLength(), p.rejectedLength(), p.lengthUnit(), null, null, null));
  }

  private Row judgeOutcome(String promptId, Map<String, SampleRow> samples, List<JudgmentRow> judgments,
      Map<String, Double> ratings, String question) {
    Optional<MetaJudgePlan> plan = MetaJudgePlan.forPrompt(JudgedResponses.of(judgments, unit));
    if (plan.isEmpty()) return outcome(PairKind.JUDGE, JudgePairDrop.NO_DISAGREEMENT.name(), null);
    List<ScoredJudgment> players = plan.get().players();
    if (players.stream().noneMatch(p -> ratings.containsKey(p.id()))) {
      return outcome(PairKind.JUDGE, JudgePairDrop.NO_VALID_BATTLES.name(), null);
    }
    double[] elo = new double[players.size()];
    for (int i = 0; i < elo.length; i++) {
      Double r = ratings.get(players.get(i).id());
      if (r == null) throw new IllegalStateException("judgment " + players.get(i).id() + " of response "
          + plan.get().responseId() + " battled but has no rating");
      elo[i] = r;
    }
    JudgePairOutcome outcome = JudgePairs.fromRatings(plan.get(), Ratings.fromElo(elo), judgePairs);
    if (!outcome.isSelected()) return outcome(PairKind.JUDGE, outcome.dropReason().name(), null);
    JudgePair p = outcome.pair();
    Map<String, JudgmentRow> byId = new HashMap<>();
    judgments.forEach(j -> byId.put(j.judgmentId(), j));
    // A reference-guided judge saw the reference its judgments recorded; both judgments of a response share it.
    String judgePrompt = judge.render(question, byId.get(p.chosenJudgmentId()).reference(),
        samples.get(p.responseId()).response());
    return outcome(PairKind.JUDGE, null, new PreferencePairRow(
        Ids.pairId(runId, iteration, PairKind.JUDGE, p.chosenJudgmentId(), p.rejectedJudgmentId()), promptId,
        iteration, PairKind.JUDGE, null, List.of(new Message("user", judgePrompt)),
        byId.get(p.chosenJudgmentId()).rawText(), byId.get(p.rejectedJudgmentId()).rawText(),
        p.chosenJudgmentId(), p.rejectedJudgmentId(), p.chosenElo(), p.rejectedElo(), p.chosenLength(),
        p.rejectedLength(), unit, null, null, null));
  }

  private int length(SampleRow s) {
    return unit == LengthUnit.TOKENS ? s.tokenCount() : s.charCount();
  }

  private static Row outcome(PairKind kind, String dropReason, PreferencePairRow pair) {
    return new GenericRowWithSchema(new Object[] {kind.code(),
        dropReason == null ? null : dropReason.toLowerCase(Locale.ROOT), pair == null ? null : pair.toRow()}, SCHEMA);
  }
}
