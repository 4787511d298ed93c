package dev.tribunal.jobs.cli;

import dev.tribunal.jobs.bond.BestOfNStages;
import dev.tribunal.jobs.bond.BondDriver;
import dev.tribunal.jobs.config.TribunalConfig;
import dev.tribunal.jobs.metarewarding.MetaRewardingStages;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "bond", mixinStandardHelpOptions = true,
    description = {
        "BOND (spec section 3): distil Best-of-N into the policy, starting from the models section's model, in"
            + " bond.rounds rounds over fresh world prompts (world.prompts per round). bond.variant j_bond (default)"
            + " distils Best-of-2 of a moving anchor; bond distils Best-of-bond.n of the fixed reference, the backward"
            + " term's reward (N-1)*log p<=(y) + log pi_ref(y) - log pi(y) with p<= the sample's quantile among the"
            + " reference's samples.",
        "Round t: one sample per prompt from the policy pi_t and two from the anchor (bond.sampling), rewarded by"
            + " bond.reward (gold, direct_rlaif or reward_model); on the driver the forward term is SFT on the better"
            + " anchor sample, the backward term a policy gradient on the policy's sample with reward 0 when it beats"
            + " the worse anchor sample and bond.negative_reward otherwise, weighted by bond.beta (Jeffreys); then"
            + " the anchor moves towards pi_{t+1} by the EMA step bond.eta, and pi_{t+1} is evaluated on the world's"
            + " held-out set against gold and pi_0 (iter=<t+1>/eval and eval.json).",
        "Before the rounds: Best-of-n of the reference at n = 1, 2, 4, ... bond.n on round 0's prompts; per round"
            + " the policy's reward, gold and KL to pi_0 at one sample (iter=t/bond_figures); at the end the reward-KL"
            + " table over rounds beside Best-of-n.",
        "Every step is a stage: a run killed between rounds resumes with the same policy and anchor."})
final class BondCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    SeededConfig loaded = SeededConfig.load(common);
    TribunalConfig config = loaded.config();
    BestOfNStages build = BestOfNStages.of(config);
    MetaRewardingStages evaluation = new MetaRewardingStages(config.metaRewarding(), build.roles(), config.world());
    try (RunSession s = loaded.open(common, "bond")) {
      WorkerSpec last = new BondDriver(s.runner, build, evaluation, config.bond(), config.world(),
          build.roles().actor()).run(loaded.seed());
      System.out.println("final policy: " + last.modelVersion() + " (" + s.run.uri() + ")");
      s.report();
      return ExitCodes.OK;
    }
  }
}
