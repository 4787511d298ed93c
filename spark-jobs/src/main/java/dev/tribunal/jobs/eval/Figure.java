package dev.tribunal.jobs.eval;

/** One figure measured against gold: its name, value and how many items it was computed over. */
public record Figure(String name, double value, long count) {
  public Figure {
    if (!Double.isFinite(value)) throw new IllegalArgumentException("figure " + name + " is not finite: " + value);
  }
}
