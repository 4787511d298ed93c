package dev.tribunal.worker.train;

import java.util.Locale;

/** What the trainer optimises (spec section 4); the loss classes say the equations. */
public enum Objective {
  /** Supervised fine-tuning: negative log-likelihood of the response (chosen) tokens. */
  SFT,
  /** Direct preference optimisation. */
  DPO,
  /** Conservative DPO: DPO with label smoothing. */
  CDPO,
  /** Identity preference optimisation: a squared loss on the log-ratio margin. */
  IPO,
  /** DPO plus a length-normalised NLL term on the chosen response (RPO). */
  RPO;

  /** Whether examples need a rejected response and reference log-probabilities. */
  public boolean isPreference() {
    return this != SFT;
  }

  /** The lower-case name used in lineage files and configuration ("dpo"). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Objective parse(String name) {
    for (Objective o : values()) {
      if (o.id().equalsIgnoreCase(name)) return o;
    }
    throw new IllegalArgumentException("unknown training objective '" + name + "' (sft, dpo, cdpo, ipo, rpo)");
  }
}
