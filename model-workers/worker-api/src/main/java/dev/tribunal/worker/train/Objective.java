package dev.tribunal.worker.train;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.tribunal.worker.train.loss.ConservativeDpoLoss;
import dev.tribunal.worker.train.loss.DpoLoss;
import dev.tribunal.worker.train.loss.IpoLoss;
import dev.tribunal.worker.train.loss.Loss;
import dev.tribunal.worker.train.loss.RpoLoss;
import dev.tribunal.worker.train.loss.SftLoss;
import dev.tribunal.worker.train.loss.SoftBradleyTerryLoss;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * What the trainer optimises (spec section 4): the one list of objectives, each with the knob only
 * it reads and its loss definition (the loss classes say the equations). Engines translate the
 * definitions, so adding an objective here is the whole registration.
 */
public enum Objective {
  /** Supervised fine-tuning: negative log-likelihood of the response (chosen) tokens. */
  SFT(null, c -> new SftLoss()),
  /** Direct preference optimisation. */
  DPO(null, c -> new DpoLoss(c.beta())),
  /** Conservative DPO: DPO with label smoothing. */
  CDPO(Knob.LABEL_SMOOTHING, c -> new ConservativeDpoLoss(c.beta(), c.labelSmoothing())),
  /** Identity preference optimisation: a squared loss on the log-ratio margin. */
  IPO(null, c -> new IpoLoss(c.beta(), c.ipoReduction())),
  /** DPO plus a length-normalised NLL term on the chosen response (RPO). */
  RPO(Knob.NLL_WEIGHT, c -> new RpoLoss(c.beta(), c.nllWeight())),
  /**
   * Distilled reward model (spec 2.6): a scalar head on the policy's body, trained on soft labels
   * with the {@link SoftBradleyTerryLoss}. Its examples are labelled response pairs, not policy
   * log-probabilities, so it has no policy {@link Loss}; only the reward trainer runs it.
   */
  REWARD(null, null),
  /**
   * BOND (spec 3.3): distil the Best-of-N distribution by the Jeffreys divergence
   * J_β = (1−β)·KL(π_BoN ‖ π) + β·KL(π ‖ π_BoN), SFT on Best-of-N samples (forward term) plus a
   * policy gradient on the policy's own samples (backward term). Its examples are scored
   * responses, not pairs, so it has no pair {@link Loss}; only the BOND trainer runs it, with
   * {@link dev.tribunal.worker.train.loss.BondLoss}.
   */
  BOND(Knob.BOND_BETA, null);

  private final Knob knob;
  private final Function<TrainingConfig, Loss> loss;

  Objective(Knob knob, Function<TrainingConfig, Loss> loss) {
    this.knob = knob;
    this.loss = loss;
  }

  /** Whether examples need a rejected response and reference log-probabilities. */
  public boolean isPreference() {
    return this != SFT && hasPairLoss();
  }

  /**
   * Whether the objective is a {@link Loss} over (chosen, rejected) log-probabilities, which the
   * policy trainer runs; the reward model and BOND have their own examples and trainers.
   */
  public boolean hasPairLoss() {
    return loss != null;
  }

  /** Whether this trains a reward model rather than a policy. */
  public boolean trainsRewardModel() {
    return this == REWARD;
  }

  /**
   * The lower-case name used in lineage files and configuration ("dpo"); also its JSON form, so
   * recorded stage configurations keep the spelling they had when the objective was a string.
   */
  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this objective reads the knob; each knob is read by exactly one objective. */
  public boolean uses(Knob k) {
    return knob == k;
  }

  /** The scalar definition of this policy objective's loss under the configuration's settings. */
  public Loss loss(TrainingConfig config) {
    if (loss == null) {
      throw new IllegalStateException(this == REWARD
          ? "objective " + id() + " trains a reward model on rewards, not a policy on log-probabilities; its loss"
              + " is the soft Bradley-Terry loss"
          : "objective " + id() + " trains on scored responses, not pairs; its loss is BondLoss");
    }
    return loss.apply(config);
  }

  /**
   * A setting that only one objective reads. At 0 a DPO-family knob's objective is plain DPO, so
   * configurations insist it is set exactly when its objective is chosen, rather than silently
   * ignoring it. BOND's β is 0 for every other objective; at 0 BOND itself is SFT on Best-of-N
   * samples, a legitimate setting.
   */
  public enum Knob {
    LABEL_SMOOTHING(TrainingConfig::labelSmoothing),
    NLL_WEIGHT(TrainingConfig::nllWeight),
    BOND_BETA(TrainingConfig::bondBeta);

    private final ToDoubleFunction<TrainingConfig> value;

    Knob(ToDoubleFunction<TrainingConfig> value) {
      this.value = value;
    }

    /** The setting's name in configuration files and refusals ("nll_weight"). */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    public double valueIn(TrainingConfig config) {
      return value.applyAsDouble(config);
    }

    /** The objective that reads this knob. */
    public Objective owner() {
      for (Objective o : Objective.values()) {
        if (o.uses(this)) return o;
      }
      throw new IllegalStateException("no objective reads " + key());
    }
  }
}
