package dev.tribunal.jobs.metarewarding.aggregate;

/**
 * One meta-judge call to make: judgment {@code first} shown as "Judgement A", {@code second} as
 * "Judgement B". Indices are player indices of the {@link MetaJudgePlan}.
 */
public record ScheduledBattle(int first, int second, String firstJudgmentId, String secondJudgmentId) {
}
