package dev.tribunal.worker.djl.train;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import dev.tribunal.worker.djl.model.LlamaModel;
import dev.tribunal.worker.djl.model.LlamaWeights;
import dev.tribunal.worker.djl.tokenizer.ModelTokenizer;
import dev.tribunal.worker.djl.tokenizer.TrainingData;
import dev.tribunal.worker.train.AnchorUpdate;
import dev.tribunal.worker.train.BondExample;
import dev.tribunal.worker.train.BondTrainer;
import dev.tribunal.worker.train.BondTrainingRequest;
import dev.tribunal.worker.train.TrainingExample;
import dev.tribunal.worker.train.TrainingResult;
import dev.tribunal.worker.train.TrainingRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The DJL engine's BOND (spec 3.3, 3.4): the policy in fp32, trained with the J_β loss of {@link
 * BondBatchLoss} through the policy trainer's loop (same AdamW, clipping, non-finite guard,
 * schedule and metrics) and written as the policy trainer writes (causal layout, the parent's
 * tokenizer files, a lineage with objective "bond" and its bond_beta). Each response is read as
 * render(prompt) + response + end-of-turn, the span the runtime's score sums, so a backward
 * example's reward may be built from scores of the same tokens (log π_ref(y), log π_anchor(y)).
 * J-BOND's anchor moves by {@link #updateAnchor}, an EMA of the weights.
 */
public final class DjlBondTrainer implements BondTrainer {

  private final Device device;

  public DjlBondTrainer(Device device) {
    this.device = device;
  }

  @Override
  public TrainingResult train(BondTrainingRequest request) {
    TrainingRun run = request.run();
    LlamaConfig model = DjlTrainer.parentConfig(run);
    if (model.isReward()) {
      throw new IllegalArgumentException("checkpoint " + run.parent() + " is a reward model (" + model.architecture()
          + "); BOND trains a language model (*ForCausalLM)");
    }
    List<TrainingExample> sequences;
    try (ModelTokenizer tokenizer = ModelTokenizer.load(run.parent())) {
      sequences = tokenize(tokenizer, model, request.examples());
    }
    try (LlamaWeights weights = LlamaWeights.load(run.parent(), model, device, DataType.FLOAT32)) {
      BondBatchLoss loss = new BondBatchLoss(new LlamaModel(weights), request.config().bondBeta(), request.examples(),
          sequences);
      return DjlTrainer.train(weights, request.config(), loss, sequences.size(), run,
          BondExample.fingerprint(request.examples()));
    }
  }

  @Override
  public Path updateAnchor(AnchorUpdate update) {
    return AnchorEma.write(update);
  }

  /** Each example as prompt and scored response tokens; one the model cannot take is named. */
  static List<TrainingExample> tokenize(ModelTokenizer tokenizer, LlamaConfig model, List<BondExample> examples) {
    TrainingData data = new TrainingData(tokenizer);
    List<TrainingExample> out = new ArrayList<>(examples.size());
    for (int i = 0; i < examples.size(); i++) {
      BondExample e = examples.get(i);
      String where = "bond example " + i + " (" + e.term().name().toLowerCase(Locale.ROOT) + ")";
      TrainingExample t;
      try {
        t = data.scored(e.prompt(), e.response(), true);
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(where + ": " + ex.getMessage(), ex);
      }
      DjlTrainer.fits(t, where, model);
      out.add(t);
    }
    return out;
  }
}
