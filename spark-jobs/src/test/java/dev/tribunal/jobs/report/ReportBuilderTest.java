package dev.tribunal.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The report's figures from hand-made runs with known numbers, and the JSON the page embeds. */
class ReportBuilderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double EPS = 1e-9;

  private static JsonNode json(RunFacts facts) throws Exception {
    return JSON.readTree(ReportJson.of(ReportBuilder.build(facts, "2026-01-02T03:04:05Z")));
  }

  private static JsonNode chart(JsonNode report, String id) {
    for (JsonNode s : report.get("sections")) {
      for (JsonNode c : s.get("charts")) if (c.get("id").asText().equals(id)) return c;
    }
    throw new AssertionError("no chart " + id + " in " + report);
  }

  private static List<String> sections(JsonNode report) {
    List<String> out = new java.util.ArrayList<>();
    report.get("sections").forEach(s -> out.add(s.get("id").asText()));
    return out;
  }

  private static double[] values(JsonNode series, String field) {
    double[] out = new double[series.get(field).size()];
    for (int i = 0; i < out.length; i++) out[i] = series.get(field).get(i).isNull() ? Double.NaN : series.get(field).get(i).asDouble();
    return out;
  }

  @Test
  void aLoopRunHasItsSectionsAndNoneOfBondsOrRlaifs() throws Exception {
    JsonNode r = json(ReportFixtures.loop());
    assertEquals(List.of("evaluation", "lengths", "judge", "meta_judge", "battle", "training", "timings"), sections(r));
    assertEquals("loop", r.get("run_id").asText());
    assertEquals("2026-01-02T03:04:05Z", r.get("generated").asText());
  }

  @Test
  void winRatesCarryTheirIntervalsAndStartAtTheFirstTrainedModel() throws Exception {
    JsonNode c = chart(json(ReportFixtures.loop()), "win_rate");
    assertEquals("[\"M1\"]", c.get("x").toString());
    assertEquals("model", c.get("x_label").asText());
    assertEquals("gold win rate (ties 1/2)", c.get("y_label").asText());
    JsonNode seed = c.get("series").get(0);
    assertEquals("vs M0", seed.get("name").asText());
    assertEquals(0.53, seed.get("values").get(0).asDouble(), EPS);
    assertEquals(0.51, seed.get("low").get(0).asDouble(), EPS);
    assertEquals(0.55, seed.get("high").get(0).asDouble(), EPS);
    assertEquals("vs previous model", c.get("series").get(1).get("name").asText());
  }

  @Test
  void theExactRateHasItsWilsonInterval() throws Exception {
    JsonNode s = chart(json(ReportFixtures.loop()), "exact_rate").get("series").get(0);
    assertEquals("[0.5,0.55]", s.get("values").toString());
    // Wilson at p = 0.5, n = 400: 0.5 ± 1.96·sqrt(0.25/400 + 1.96²/640000) / (1 + 1.96²/400) = 0.5 ± 0.04877
    assertEquals(0.45123, s.get("low").get(0).asDouble(), 1e-4);
    assertEquals(0.54877, s.get("high").get(0).asDouble(), 1e-4);
    assertEquals("95% interval", s.get("interval").asText());
  }

  @Test
  void lengthsAreMeanAndMedianWithTheMiddleHalf() throws Exception {
    JsonNode c = chart(json(ReportFixtures.loop()), "response_length");
    assertEquals("[\"iter 0\",\"iter 1\"]", c.get("x").toString());
    assertTrue(Arrays.equals(new double[] {25, 30}, values(c.get("series").get(0), "values")));
    JsonNode median = c.get("series").get(1);
    assertTrue(Arrays.equals(new double[] {25, 30}, values(median, "values")));
    assertTrue(Arrays.equals(new double[] {17.5, 25}, values(median, "low")), median.toString());
    assertTrue(Arrays.equals(new double[] {32.5, 35}, values(median, "high")), median.toString());
    assertTrue(c.get("y_from_zero").asBoolean(), "a length drift is drawn from 0");
    assertFalse(chart(json(ReportFixtures.loop()), "win_rate").get("y_from_zero").asBoolean());
    assertEquals(70.0, chart(json(ReportFixtures.loop()), "judgment_length").get("series").get(0).get("values").get(0)
        .asDouble(), EPS);
  }

  @Test
  void judgeScoresAreSharesWithParseFailuresApart() throws Exception {
    JsonNode c = chart(json(ReportFixtures.loop()), "judge_scores");
    assertEquals("stacked_bar", c.get("kind").asText());
    JsonNode s = c.get("series");
    List<String> names = new java.util.ArrayList<>();
    s.forEach(x -> names.add(x.get("name").asText()));
    // every score of the rubric keeps its place (and colour), given or not
    assertEquals(List.of("score 0", "score 1", "score 2", "score 3", "score 4", "score 5", "no score (parse failure)"), names);
    assertTrue(Arrays.equals(new double[] {0.0, 0.0}, values(s.get(0), "values")));
    assertTrue(Arrays.equals(new double[] {0.6, 0.5}, values(s.get(3), "values")));
    assertTrue(Arrays.equals(new double[] {0.0, 0.5}, values(s.get(4), "values")));
    assertTrue(Arrays.equals(new double[] {0.2, 0.0}, values(s.get(6), "values")));
    JsonNode heldOut = chart(json(ReportFixtures.loop()), "heldout_judge_scores").get("series");
    assertEquals(0.75, heldOut.get(0).get("values").get(0).asDouble(), EPS);
  }

  @Test
  void metaJudgeAndRatingsOnlyWhereTheIterationMetaJudged() throws Exception {
    JsonNode r = json(ReportFixtures.loop());
    JsonNode meta = chart(r, "meta_judge");
    assertEquals("[\"iter 0\"]", meta.get("x").toString());
    assertEquals(0.75, meta.get("series").get(0).get("values").get(0).asDouble(), EPS);
    assertEquals(0.5, meta.get("series").get(1).get("values").get(0).asDouble(), EPS);
    JsonNode box = chart(r, "ratings");
    assertEquals("boxplot", box.get("kind").asText());
    assertEquals("[[900.0,950.0,1000.0,1050.0,1100.0]]", box.get("series").get(0).get("boxes").toString());
    assertEquals(0.9, chart(r, "heldout_meta_judge").get("series").get(0).get("values").get(0).asDouble(), EPS);
  }

  @Test
  void trainingFiguresPerStepLeaveASkippedStepAsAGap() throws Exception {
    JsonNode r = json(ReportFixtures.loop());
    JsonNode loss = chart(r, "policy_loss");
    assertEquals("[\"1\",\"2\",\"3\"]", loss.get("x").toString());
    assertEquals("optimizer step", loss.get("x_label").asText());
    JsonNode s = loss.get("series").get(0);
    assertEquals("iter 0: M1-abc", s.get("name").asText());
    assertEquals("[0.69,null,0.6]", s.get("values").toString());
    assertEquals("[0.5,null,0.75]", chart(r, "policy_reward_accuracy").get("series").get(0).get("values").toString());
    assertEquals("[0.0,null,0.2]", chart(r, "policy_reward_margin").get("series").get(0).get("values").toString());
  }

  @Test
  void stageTimingsComeFromTheManifestByStageAndIteration() throws Exception {
    JsonNode c = chart(json(ReportFixtures.loop()), "stage_seconds");
    assertEquals("[\"evaluate\",\"sample\",\"judge\",\"train\"]", c.get("x").toString());
    assertEquals("iter 0", c.get("series").get(0).get("name").asText());
    assertEquals("[4.0,30.0,50.0,20.0]", c.get("series").get(0).get("values").toString());
    assertEquals("[5.0,31.5,null,null]", c.get("series").get(1).get("values").toString());
  }

  @Test
  void aBondRunShowsTheRewardKlTableAndBestOfNByN() throws Exception {
    JsonNode r = json(ReportFixtures.bond());
    assertEquals(List.of("bond"), sections(r));
    JsonNode reward = chart(r, "bond_reward");
    assertEquals("[\"round 0\",\"round 1\"]", reward.get("x").toString());
    assertEquals("[3.7,3.8]", reward.get("series").get(0).get("values").toString());
    assertEquals("[3.69,3.77]", reward.get("series").get(1).get("values").toString());
    assertEquals("[0.0,0.153]", chart(r, "bond_kl").get("series").get(0).get("values").toString());
    JsonNode best = chart(r, "best_of_n_reward");
    assertEquals("[\"n=1\",\"n=4\"]", best.get("x").toString());
    assertEquals("[3.66,4.14]", best.get("series").get(0).get("values").toString());
    JsonNode exact = chart(r, "best_of_n_exact").get("series").get(0);
    assertEquals("[0.4,0.6]", exact.get("values").toString());
    assertTrue(exact.get("low").get(1).asDouble() < 0.6 && exact.get("high").get(1).asDouble() > 0.6);
  }

  @Test
  void anRlaifRunShowsAlignmentPositionBiasCoverageAndTheRewardModel() throws Exception {
    JsonNode r = json(ReportFixtures.rlaif());
    assertEquals(List.of("rlaif"), sections(r));
    JsonNode labeler = chart(r, "labeler").get("series").get(0);
    assertEquals("labeler", labeler.get("name").asText());
    assertEquals("[0.526,0.917,0.99]", labeler.get("values").toString());
    assertEquals("[0.504,null,null]", labeler.get("low").toString());
    assertEquals("[0.547,null,null]", labeler.get("high").toString());
    assertEquals("[\"context_overflow\"]", chart(r, "missing_labels").get("x").toString());
    assertEquals("[0.73]", chart(r, "reward_model_accuracy").get("series").get(0).get("values").toString());
    assertEquals("[0.7]", chart(r, "reward_model_loss").get("series").get(0).get("values").toString());
  }

  @Test
  void thePageEmbedsExactlyTheJsonItIsWrittenBeside() throws Exception {
    Report report = ReportBuilder.build(ReportFixtures.loop(), "2026-01-02T03:04:05Z");
    String json = ReportJson.of(report);
    String html = ReportPage.html(report, json);
    Matcher m = Pattern.compile("(?s)<script id=\"report-data\" type=\"application/json\">(.*?)</script>").matcher(html);
    assertTrue(m.find(), "the page has no report-data element");
    assertEquals(JSON.readTree(json), JSON.readTree(m.group(1)));
    assertTrue(html.contains("echarts"), "the charting library is inlined");
    assertFalse(html.contains("<script src"), "nothing is fetched at view time");
    assertEquals(14, report.chartCount());
  }

  @Test
  void aRunIdCannotCloseTheScriptElement() {
    Report report = new Report("x</script><b>", "file:/r", "now", List.of());
    String html = ReportPage.html(report, ReportJson.of(report));
    assertEquals(3, html.split("</script>", -1).length - 1, "only the page's own three scripts end");
    assertTrue(html.contains("Tribunal run x&lt;/script&gt;&lt;b&gt;"));
  }

  @Test
  void aChartRefusesSeriesThatDoNotFitItsCategories() {
    Series two = Series.of("s", List.of(1.0, 2.0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Chart("c", "T", Chart.Kind.LINE, "x", "y", List.of("a"), List.of(two)));
    assertTrue(e.getMessage().contains("series 's' has 2 points for 1 categories"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Chart("c", "T", Chart.Kind.LINE, "", "y", List.of(), List.of()));
    assertThrows(IllegalArgumentException.class, () -> Series.of("nan", List.of(Double.NaN)));
  }

  @Test
  void wilsonIsNullWithoutItemsAndStaysInsideZeroOne() {
    assertNull(Figures.wilson(0.5, 0));
    double[] ci = Figures.wilson(1.0, 10);
    assertEquals(1.0, ci[1], EPS);
    assertTrue(ci[0] > 0.65 && ci[0] < 0.75, Arrays.toString(ci)); // 0.7225 by hand
  }
}
