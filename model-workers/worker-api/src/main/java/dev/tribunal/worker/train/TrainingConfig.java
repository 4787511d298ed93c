package dev.tribunal.worker.train;

/**
 * How to train, validated at construction. Names follow TRL where it has one.
 *
 * @param beta               DPO's β: the strength of the pull towards the reference (also IPO's τ)
 * @param labelSmoothing     conservative DPO's ε, the assumed share of flipped labels, in [0, 0.5)
 * @param nllWeight          RPO's α, the weight of the chosen response's per-token NLL
 * @param ipoReduction       whether IPO's h uses summed or per-token mean log-probabilities
 * @param bondBeta           BOND's β in [0, 1], the weight of the backward (mode-seeking) KL term
 *                           against the forward (mode-covering) one; 0 for other objectives
 * @param warmupSteps        optimizer steps of linear warmup before the schedule's decay
 * @param weightDecay        AdamW's decoupled weight decay, applied to matrices only
 * @param gradClipNorm       the global gradient norm is clipped to this; 0 turns clipping off
 * @param gradAccumulation   micro-batches summed into one optimizer step
 * @param batchSize          examples per micro-batch (a preference pair counts once)
 * @param epochs             passes over the data; ignored when maxSteps is positive
 * @param maxSteps           optimizer steps to run when positive, cycling the data as needed
 * @param seed               the shuffle order; the same seed and data give the same batches
 * @param maxSkippedBatches  batches with a non-finite loss or gradient that are skipped before
 *                           training stops on the next one
 */
public record TrainingConfig(
    Objective objective,
    double beta,
    double labelSmoothing,
    double nllWeight,
    LogpReduction ipoReduction,
    double bondBeta,
    double learningRate,
    int warmupSteps,
    Schedule schedule,
    double weightDecay,
    double adamBeta1,
    double adamBeta2,
    double adamEpsilon,
    double gradClipNorm,
    int gradAccumulation,
    int batchSize,
    int epochs,
    int maxSteps,
    long seed,
    int maxSkippedBatches) {

  public TrainingConfig {
    require(objective != null, "objective", "is missing");
    require(schedule != null, "schedule", "is missing");
    require(ipoReduction != null, "ipo_reduction", "is missing");
    require(finite(beta) && beta > 0, "beta", "must be > 0, was " + beta);
    require(finite(labelSmoothing) && labelSmoothing >= 0 && labelSmoothing < 0.5,
        "label_smoothing", "must be in [0, 0.5), was " + labelSmoothing);
    require(finite(nllWeight) && nllWeight >= 0, "nll_weight", "must be >= 0, was " + nllWeight);
    require(finite(bondBeta) && bondBeta >= 0 && bondBeta <= 1, "bond_beta", "must be in [0, 1], was " + bondBeta);
    require(finite(learningRate) && learningRate > 0, "learning_rate", "must be > 0, was " + learningRate);
    require(warmupSteps >= 0, "warmup_steps", "must be >= 0, was " + warmupSteps);
    require(finite(weightDecay) && weightDecay >= 0, "weight_decay", "must be >= 0, was " + weightDecay);
    require(adamBeta1 >= 0 && adamBeta1 < 1, "adam_beta1", "must be in [0, 1), was " + adamBeta1);
    require(adamBeta2 >= 0 && adamBeta2 < 1, "adam_beta2", "must be in [0, 1), was " + adamBeta2);
    require(finite(adamEpsilon) && adamEpsilon > 0, "adam_epsilon", "must be > 0, was " + adamEpsilon);
    require(finite(gradClipNorm) && gradClipNorm >= 0, "grad_clip_norm", "must be >= 0 (0: off), was " + gradClipNorm);
    require(gradAccumulation >= 1, "grad_accumulation", "must be >= 1, was " + gradAccumulation);
    require(batchSize >= 1, "batch_size", "must be >= 1, was " + batchSize);
    require(maxSteps >= 0, "max_steps", "must be >= 0 (0: use epochs), was " + maxSteps);
    require(maxSteps > 0 || epochs >= 1, "epochs", "must be >= 1 when max_steps is 0, was " + epochs);
    require(maxSkippedBatches >= 0, "max_skipped_batches", "must be >= 0, was " + maxSkippedBatches);
  }

  /**
   * TRL's defaults for an objective: β 0.1, lr 1e-6 (SFT 2e-5), linear decay, clip 1.0, batch 8.
   * A reward model starts at lr 1e-5: its head starts from scratch, so it moves further than a policy.
   * BOND starts at β 0.5, the paper's best balance of its two KL terms.
   */
  public static Builder builder(Objective objective) {
    return new Builder(objective);
  }

  /** Examples consumed by one optimizer step. */
  public int examplesPerStep() {
    return batchSize * gradAccumulation;
  }

  /** Optimizer steps planned for {@code examples} examples. */
  public int totalSteps(int examples) {
    if (examples < 1) throw new IllegalArgumentException("no training examples");
    if (maxSteps > 0) return maxSteps;
    return epochs * stepsPerEpoch(examples);
  }

  public int stepsPerEpoch(int examples) {
    return (examples + examplesPerStep() - 1) / examplesPerStep();
  }

  /** The learning rate of optimizer step {@code step} of {@code totalSteps}. */
  public double learningRateAt(int step, int totalSteps) {
    return schedule.at(step, totalSteps, learningRate, Math.min(warmupSteps, totalSteps));
  }

  private static boolean finite(double x) {
    return Double.isFinite(x);
  }

  private static void require(boolean ok, String field, String problem) {
    if (!ok) throw new InvalidException(field, problem);
  }

  /**
   * A refused setting, with the field it concerns kept apart from the problem, so that a caller
   * binding its own configuration to these rules can name its own key for it.
   */
  public static final class InvalidException extends IllegalArgumentException {
    private final String field;
    private final String problem;

    InvalidException(String field, String problem) {
      super("training config: " + field + " " + problem);
      this.field = field;
      this.problem = problem;
    }

    /** The field as named here (snake case, e.g. "label_smoothing"). */
    public String field() {
      return field;
    }

    /** What is wrong with it, e.g. "must be in [0, 0.5), was 0.5". */
    public String problem() {
      return problem;
    }
  }

  /** Mutable defaults, validated when {@link #build()} makes the record. */
  public static final class Builder {
    private final Objective objective;
    private double beta = 0.1;
    private double labelSmoothing = 0;
    private double nllWeight = 1.0;
    private LogpReduction ipoReduction = LogpReduction.MEAN;
    private double bondBeta;
    private double learningRate;
    private int warmupSteps = 0;
    private Schedule schedule = Schedule.LINEAR;
    private double weightDecay = 0;
    private double adamBeta1 = 0.9;
    private double adamBeta2 = 0.999;
    private double adamEpsilon = 1e-8;
    private double gradClipNorm = 1.0;
    private int gradAccumulation = 1;
    private int batchSize = 8;
    private int epochs = 1;
    private int maxSteps = 0;
    private long seed = 42;
    private int maxSkippedBatches = 10;

    private Builder(Objective objective) {
      this.objective = objective;
      this.bondBeta = objective == Objective.BOND ? 0.5 : 0;
      this.learningRate = switch (objective) {
        case SFT -> 2e-5;
        case REWARD -> 1e-5;
        default -> 1e-6;
      };
    }

    public Builder beta(double v) { beta = v; return this; }
    public Builder labelSmoothing(double v) { labelSmoothing = v; return this; }
    public Builder nllWeight(double v) { nllWeight = v; return this; }
    public Builder ipoReduction(LogpReduction v) { ipoReduction = v; return this; }
    public Builder bondBeta(double v) { bondBeta = v; return this; }
    public Builder learningRate(double v) { learningRate = v; return this; }
    public Builder warmupSteps(int v) { warmupSteps = v; return this; }
    public Builder schedule(Schedule v) { schedule = v; return this; }
    public Builder weightDecay(double v) { weightDecay = v; return this; }
    public Builder adamBetas(double b1, double b2) { adamBeta1 = b1; adamBeta2 = b2; return this; }
    public Builder adamEpsilon(double v) { adamEpsilon = v; return this; }
    public Builder gradClipNorm(double v) { gradClipNorm = v; return this; }
    public Builder gradAccumulation(int v) { gradAccumulation = v; return this; }
    public Builder batchSize(int v) { batchSize = v; return this; }
    public Builder epochs(int v) { epochs = v; return this; }
    public Builder maxSteps(int v) { maxSteps = v; return this; }
    public Builder seed(long v) { seed = v; return this; }
    public Builder maxSkippedBatches(int v) { maxSkippedBatches = v; return this; }

    public TrainingConfig build() {
      return new TrainingConfig(objective, beta, labelSmoothing, nllWeight, ipoReduction, bondBeta, learningRate,
          warmupSteps, schedule, weightDecay, adamBeta1, adamBeta2, adamEpsilon, gradClipNorm,
          gradAccumulation, batchSize, epochs, maxSteps, seed, maxSkippedBatches);
    }
  }
}
