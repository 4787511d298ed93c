package dev.tribunal.jobs.metarewarding;

import dev.tribunal.jobs.config.BattleConfig;
import dev.tribunal.jobs.metarewarding.aggregate.Battle;
import dev.tribunal.jobs.metarewarding.aggregate.BattleMatrix;
import dev.tribunal.jobs.metarewarding.aggregate.BradleyTerryFit;
import dev.tribunal.jobs.metarewarding.aggregate.JudgedResponse;
import dev.tribunal.jobs.metarewarding.aggregate.MetaJudgePlan;
import dev.tribunal.jobs.metarewarding.aggregate.PositionalWeights;
import dev.tribunal.jobs.metarewarding.aggregate.Ratings;
import dev.tribunal.jobs.metarewarding.aggregate.ScoredJudgment;
import dev.tribunal.schemas.JudgmentRow;
import dev.tribunal.schemas.LengthUnit;
import dev.tribunal.schemas.MetaJudgmentRow;
import dev.tribunal.schemas.RatingRow;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.CoGroupFunction;
import org.apache.spark.sql.Row;

/**
 * Rates one prompt: for each meta-judged response, its players (the plan rebuilt from its
 * judgments, so indices match the battles run), the battle matrix under the configured weighting,
 * and the ridge Bradley-Terry fit; one rating row per player. A response without a usable battle
 * gets no ratings (the pairs stage then reports no_valid_battles).
 */
final class Rate implements CoGroupFunction<String, Row, Row, Row> {
  private final int iteration;
  private final BattleConfig battle;
  private final PositionalWeights iterationWeights;
  private transient BradleyTerryFit fit; // a workspace, one per task

  Rate(int iteration, BattleConfig battle, PositionalWeights iterationWeights) {
    this.iteration = iteration;
    this.battle = battle;
    this.iterationWeights = iterationWeights;
  }

  @Override
  public Iterator<Row> call(String promptId, Iterator<Row> judgmentRows, Iterator<Row> battleRows) {
    if (!battleRows.hasNext()) return java.util.Collections.emptyIterator();
    Map<String, List<MetaJudgmentRow>> battles = new LinkedHashMap<>();
    battleRows.forEachRemaining(r -> {
      MetaJudgmentRow m = MetaJudgmentRow.fromRow(r);
      battles.computeIfAbsent(m.sampleId(), s -> new ArrayList<>()).add(m);
    });
    List<JudgmentRow> judgments = new ArrayList<>();
    judgmentRows.forEachRemaining(r -> judgments.add(JudgmentRow.fromRow(r)));
    Map<String, JudgmentRow> byId = new LinkedHashMap<>();
    judgments.forEach(j -> byId.put(j.judgmentId(), j));
    List<Row> out = new ArrayList<>();
    // Lengths play no part in ratings; any unit gives the same players.
    for (JudgedResponse response : JudgedResponses.of(judgments, LengthUnit.CHARS)) {
      List<MetaJudgmentRow> rows = battles.get(response.responseId());
      if (rows != null) out.addAll(rate(promptId, MetaJudgePlan.forResponse(response), rows, byId));
    }
    return out.iterator();
  }

  private List<Row> rate(String promptId, MetaJudgePlan plan, List<MetaJudgmentRow> rows, Map<String, JudgmentRow> byId) {
    List<Battle> battles = new ArrayList<>(rows.size());
    int[] taken = new int[plan.players().size()];
    for (MetaJudgmentRow m : rows) {
      Battle b = new Battle(plan.playerIndex(m.judgmentAId()), plan.playerIndex(m.judgmentBId()), m.winner());
      battles.add(b);
      taken[b.first()]++;
      taken[b.second()]++;
    }
    BattleMatrix matrix = BattleMatrix.build(plan.players().size(), battles, battle.weightingKind(), battle.scope(),
        iterationWeights);
    if (!matrix.hasBattles()) return List.of();
    if (fit == null) fit = new BradleyTerryFit(battle.ridge(), BradleyTerryFit.DEFAULT_MAX_ITERATIONS, BradleyTerryFit.DEFAULT_GRADIENT_TOLERANCE);
    Ratings ratings = fit.fit(matrix);
    List<Row> out = new ArrayList<>(plan.players().size());
    for (int i = 0; i < plan.players().size(); i++) {
      ScoredJudgment player = plan.players().get(i);
      double wins = 0;
      for (int n = 0; n < plan.players().size(); n++) wins += matrix.get(i, n);
      // Each battle adds at most a weight of 1; the clamp only absorbs rounding in the sum.
      out.add(new RatingRow(plan.responseId(), promptId, iteration, player.id(), ratings.elo(i), taken[i],
          Math.min(wins, taken[i]), byId.get(player.id()).score(), ratings.fit().iterations(), ratings.fit().converged()).toRow());
    }
    return out;
  }
}
