package dev.tribunal.worker.nd4j.train;

import dev.tribunal.worker.djl.Checkpoints;
import dev.tribunal.worker.djl.checkpoint.HostTensor;
import dev.tribunal.worker.djl.checkpoint.ShardedSafetensors;
import dev.tribunal.worker.djl.model.LlamaWeights;
import dev.tribunal.worker.djl.train.DjlRewardTrainer;
import dev.tribunal.worker.nd4j.Nd4jBackend;
import dev.tribunal.worker.nd4j.model.Nd4jWeights;
import dev.tribunal.worker.train.BatchPlan;
import dev.tribunal.worker.train.OptimizerLoop;
import dev.tribunal.worker.train.RewardEvaluation;
import dev.tribunal.worker.train.RewardModelTrainer;
import dev.tribunal.worker.train.RewardPair;
import dev.tribunal.worker.train.RewardTrainingRequest;
import dev.tribunal.worker.train.RewardTrainingResult;
import dev.tribunal.worker.train.TrainingConfig;
import dev.tribunal.worker.train.TrainingResult;
import dev.tribunal.worker.train.TrainingRun;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ND4J engine's distilled reward model (spec 2.6), in parity with {@link DjlRewardTrainer}:
 * the same tokenized pairs, the same score head drawn from the seed on the parent's body, the soft
 * Bradley–Terry loss through the hand-written backward and the shared optimizer loop, the same
 * held-out figures, and the same sequence-classification checkpoint with its lineage.
 */
public final class Nd4jRewardTrainer implements RewardModelTrainer {

  @Override
  public RewardTrainingResult train(RewardTrainingRequest request) {
    DjlRewardTrainer.Prepared data = DjlRewardTrainer.prepare(request);
    TrainingRun run = request.run();
    TrainingConfig config = request.config();
    Nd4jBackend.require();
    Nd4jWeights weights = rewardModel(run.parent(), data, config.seed());
    BatchPlan plan = BatchPlan.of(data.training().size(), config);
    Nd4jRewardLoop loop = new Nd4jRewardLoop(weights, config, data.training());
    OptimizerLoop.Outcome outcome = Nd4jTrainer.optimise(loop, plan, run);
    RewardEvaluation evaluation = RewardEvaluation.of(loop.rewards(data.heldOut()));
    TrainingResult result = Nd4jTrainer.write(weights, config, plan, outcome, run,
        RewardPair.fingerprint(request.pairs()), evaluation.metrics("heldout/"));
    return new RewardTrainingResult(result, evaluation);
  }

  /** A reward checkpoint as it is; a causal one's body under a new score head, as the DJL engine draws it. */
  private static Nd4jWeights rewardModel(Path parent, DjlRewardTrainer.Prepared data, long seed) {
    if (data.base().isReward()) return Nd4jWeights.load(parent, data.base());
    Map<String, HostTensor> hf = new LinkedHashMap<>(ShardedSafetensors.readHost(parent));
    hf.put(LlamaWeights.SCORE, LlamaWeights.initialScore(data.base(), seed, Checkpoints.INIT_STD));
    return Nd4jWeights.fromHf(data.base().asReward(data.pad()), hf, parent.toString());
  }
}
