package dev.tribunal.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.jobs.metarewarding.aggregate.BattleWeighting;
import dev.tribunal.jobs.metarewarding.aggregate.JudgePairConfig;
import dev.tribunal.jobs.metarewarding.aggregate.TieBreak;
import dev.tribunal.jobs.metarewarding.aggregate.WeightScope;
import dev.tribunal.jobs.roles.JudgeRole;
import dev.tribunal.jobs.world.Family;
import dev.tribunal.jobs.world.Task;
import dev.tribunal.schemas.LengthUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The models, roles, world and meta_rewarding sections: defaults, overrides, and rejections that name the key. */
class MetaRewardingConfigTest {
  private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);

  private TribunalConfig load(String... overrides) {
    return loader.load(null, List.of(overrides));
  }

  private String rejection(String... overrides) {
    return assertThrows(ConfigException.class, () -> load(overrides)).getMessage();
  }

  @Test
  void defaultsFollowThePaper() {
    MetaRewardingConfig m = load().metaRewarding();
    assertEquals(7, m.k());
    assertEquals(0.8, m.actor().temperature());
    assertEquals(0.95, m.actor().topP());
    // The paper trains the judge in the first two iterations; the embedded meta-judge is at chance, so no
    // iteration does by default, and asking for the paper's schedule is one key away.
    assertFalse(m.trainsJudge(0) || m.trainsJudge(1), "no judge training by default");
    MetaRewardingConfig paper = load("meta_rewarding.judge_iterations=[0, 1]").metaRewarding();
    assertTrue(paper.trainsJudge(0) && paper.trainsJudge(1) && !paper.trainsJudge(2), "the paper's schedule");
    assertEquals(MetaRewardingConfig.Reference.PREVIOUS, m.referenceModel());
    assertEquals(0.1, m.dpo().beta());
    assertEquals(BattleWeighting.POSITIONAL, m.battle().weightingKind());
    assertEquals(WeightScope.PER_ITERATION, m.battle().scope());
    assertTrue(m.battle().needsIterationWeights());
    assertEquals(LengthUnit.TOKENS, m.pairs().unit());
    assertEquals(TieBreak.LOWEST_VARIANCE_THEN_ID, m.pairs().actor(0).tieBreak());
    assertEquals(JudgePairConfig.NO_LENGTH_CAP, m.pairs().judge().maxChosenLength());
    assertEquals(ModelsConfig.Backend.DJL, load().models().backendKind());
    assertEquals(RolesConfig.AUTO, load().roles().judgeTemplate());
  }

  @Test
  void listsTakeFlowSyntaxAndTheLastRhoRepeats() {
    MetaRewardingConfig m = load("meta_rewarding.pairs.rho=[0, 0.25]", "meta_rewarding.judge_iterations=[]",
        "meta_rewarding.pairs.judgment_length_cap=300", "roles.judge_template=full").metaRewarding();
    assertEquals(0.0, m.pairs().rhoAt(0));
    assertEquals(0.25, m.pairs().rhoAt(1));
    assertEquals(0.25, m.pairs().rhoAt(9));
    assertFalse(m.trainsJudge(0));
    assertEquals(300, m.pairs().judge().maxChosenLength());
    assertEquals(JudgeRole.FULL, load("roles.judge_template=full").roles().judge().template().text());
    assertFalse(load("meta_rewarding.meta_judging=false").metaRewarding().trainsJudge(0), "the Self-Rewarding baseline");
  }

  @Test
  void badValuesAreNamedByTheirKey() {
    assertEquals("meta_rewarding.k: 1 is out of range; allowed 2 to 10000", rejection("meta_rewarding.k=1"));
    assertTrue(rejection("meta_rewarding.n=1").startsWith("meta_rewarding.n: 1 is too small; meta-judging"));
    assertEquals(3, load("meta_rewarding.n=1", "meta_rewarding.meta_judging=false", "meta_rewarding.k=3").metaRewarding().k());
    assertTrue(rejection("meta_rewarding.judge_iterations=[4]").startsWith("meta_rewarding.judge_iterations: 4 is out of range"));
    assertEquals("meta_rewarding.pairs.rho[1]: 1.5 is out of range; allowed 0.0 to 1.0",
        rejection("meta_rewarding.pairs.rho=[0, 1.5]"));
    assertTrue(rejection("meta_rewarding.pairs.length_unit=words").startsWith("meta_rewarding.pairs.length_unit: 'words' is not allowed"));
    assertTrue(rejection("meta_rewarding.battle.weighting=elo").startsWith("meta_rewarding.battle.weighting: 'elo'"));
    assertTrue(rejection("meta_rewarding.judge.top_p=0").startsWith("meta_rewarding.judge.top_p: 0.0 is out of range"));
    assertTrue(rejection("meta_rewarding.meta_judge.max_new_tokens=0").startsWith("meta_rewarding.meta_judge.max_new_tokens"));
    assertTrue(rejection("meta_rewarding.reference=grandparent").startsWith("meta_rewarding.reference: 'grandparent'"));
    assertTrue(rejection("meta_rewarding.dpo.objective=ppo").startsWith("meta_rewarding.dpo.objective: 'ppo'"));
    assertEquals("meta_rewarding.dpo.objective: 'sft' is not allowed; allowed [dpo, cdpo, ipo, rpo]",
        rejection("meta_rewarding.dpo.objective=sft"));
    assertTrue(rejection("meta_rewarding.dpo.beta=0").startsWith("meta_rewarding.dpo.beta"));
    assertTrue(rejection("models.backend=grpc").startsWith("models.backend: 'grpc' is not allowed"));
    assertTrue(rejection("world.held_out=0").startsWith("world.held_out: 0 is out of range"));
    assertTrue(rejection("meta_rewarding.k=[1]").startsWith("meta_rewarding.k: must be a plain value"));
  }

  @Test
  void dpoSettingsTheTrainerWouldRefuseAreRefusedWhenLoadedUnderTheirKey() {
    assertEquals("meta_rewarding.dpo.label_smoothing: must be in [0, 0.5), was 0.5",
        rejection("meta_rewarding.dpo.objective=cdpo", "meta_rewarding.dpo.label_smoothing=0.5"));
    assertEquals("meta_rewarding.dpo.learning_rate: must be > 0, was 0.0", rejection("meta_rewarding.dpo.learning_rate=0"));
    assertEquals("meta_rewarding.dpo.nll_weight: must be >= 0, was -1.0",
        rejection("meta_rewarding.dpo.objective=rpo", "meta_rewarding.dpo.nll_weight=-1"));
    assertEquals("meta_rewarding.dpo.batch_size: must be >= 1, was 0", rejection("meta_rewarding.dpo.batch_size=0"));
    assertEquals("meta_rewarding.dpo.beta: 200.0 is out of range; allowed at most 100.0",
        rejection("meta_rewarding.dpo.beta=200"));
  }

  @Test
  void anObjectiveThatWouldBePlainDpoIsRefused() {
    assertEquals("meta_rewarding.dpo.nll_weight: 0 with objective: rpo would be plain DPO; set"
        + " meta_rewarding.dpo.nll_weight above 0, or use objective: dpo", rejection("meta_rewarding.dpo.objective=rpo"));
    assertEquals("meta_rewarding.dpo.label_smoothing: 0 with objective: cdpo would be plain DPO; set"
        + " meta_rewarding.dpo.label_smoothing above 0, or use objective: dpo", rejection("meta_rewarding.dpo.objective=cdpo"));
    assertTrue(rejection("meta_rewarding.dpo.label_smoothing=0.1")
        .startsWith("meta_rewarding.dpo.label_smoothing: 0.1 is used by objective: cdpo only, and the objective is dpo"));
    assertTrue(rejection("meta_rewarding.dpo.objective=ipo", "meta_rewarding.dpo.nll_weight=1")
        .startsWith("meta_rewarding.dpo.nll_weight: 1.0 is used by objective: rpo only"));
  }

  @Test
  void theTrainersConfigurationIsBuiltFromTheSection() {
    var cdpo = load("meta_rewarding.dpo.objective=cdpo", "meta_rewarding.dpo.label_smoothing=0.1").metaRewarding().dpo();
    var training = cdpo.training(3);
    assertEquals(dev.tribunal.worker.train.Objective.CDPO, training.objective());
    assertEquals(0.1, training.labelSmoothing());
    assertEquals(3L, training.seed(), "the shuffle follows the iteration");
    var rpo = load("meta_rewarding.dpo.objective=rpo", "meta_rewarding.dpo.nll_weight=0.5").metaRewarding().dpo();
    assertEquals(0.5, rpo.training(0).nllWeight());
    assertEquals(dev.tribunal.worker.train.Objective.IPO,
        load("meta_rewarding.dpo.objective=IPO").metaRewarding().dpo().objective(), "names bind in any case");
  }

  @Test
  void templatesAndEndpointsAreCheckedWhenLoaded() {
    assertEquals("roles.judge_template: judge template is missing slot {response}",
        rejection("roles.judge_template=Rate {question}"));
    assertTrue(rejection("roles.meta_judge_template={question} {response} {judgement_a} {judgement_b} {extra}")
        .startsWith("roles.meta_judge_template: meta-judge template has unknown slot {extra}"));
    assertTrue(rejection("roles.actor_template=plain").startsWith("roles.actor_template: actor template is missing slot {question}"));
    assertTrue(rejection("models.backend=http", "models.http.base_url=ftp://host/").startsWith("models.http: "));
    assertTrue(rejection("models.backend=http", "models.http.backend=triton").contains("unknown backend 'triton'"));
    assertTrue(rejection("models.backend=http").startsWith("meta_rewarding.dpo.end_of_turn: must be false with models.backend: http"));
    assertEquals("ftp://host/", load("models.http.base_url=ftp://host/").models().http().baseUrl(),
        "an unused endpoint is not checked");
  }

  @Test
  void theWorldDrawsOnlyItsFamiliesAndLevels() {
    WorldConfig w = load("world.families=[REVERSE, add]", "world.min_level=2", "world.max_level=3").world();
    assertEquals(java.util.EnumSet.of(Family.REVERSE, Family.ADD), w.familySet());
    for (Task t : w.tasks().tasks(200)) {
      assertTrue(w.familySet().contains(t.family()) && t.level() >= 2, t.toString());
    }
    assertTrue(rejection("world.families=[add, divide]").startsWith("world.families: 'divide' is not allowed"));
    assertTrue(rejection("world.families=[]").startsWith("world.families: needs at least one family"));
    assertTrue(rejection("world.min_level=3", "world.max_level=2").startsWith("world.max_level: 2 is out of range"));
    assertTrue(rejection("world.max_level=4").startsWith("world.max_level: 4 is out of range"));
  }

  @Test
  void goldFeedbackIsForWorldPromptsWithoutMetaJudging() {
    assertEquals(MetaRewardingConfig.Feedback.SELF, load().metaRewarding().feedbackSource());
    assertEquals(MetaRewardingConfig.Feedback.GOLD,
        load("meta_rewarding.feedback=gold", "meta_rewarding.meta_judging=false").metaRewarding().feedbackSource());
    assertTrue(rejection("meta_rewarding.feedback=gold", "meta_rewarding.judge_iterations=[0]")
        .contains("meta_rewarding.meta_judging: false"));
    assertTrue(rejection("meta_rewarding.feedback=gold", "meta_rewarding.meta_judging=false",
        "meta_rewarding.prompts=imported").contains("imported prompts have no gold answer"));
    assertTrue(rejection("meta_rewarding.feedback=oracle").contains("meta_rewarding.feedback: 'oracle' is not allowed"));
  }
}
