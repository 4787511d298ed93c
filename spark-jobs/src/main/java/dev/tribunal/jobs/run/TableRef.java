package dev.tribunal.jobs.run;

/** One table of a run: iter=<iteration>/<name>. */
public record TableRef(int iteration, String name) implements java.io.Serializable {
  public TableRef {
    if (iteration < 0) throw new IllegalArgumentException("iteration must be >= 0, was " + iteration);
    if (!name.matches("[a-z][a-z0-9_]*")) throw new IllegalArgumentException("bad table name: " + name);
  }

  public String path() {
    return "iter=" + iteration + "/" + name;
  }

  @Override
  public String toString() {
    return path();
  }
}
