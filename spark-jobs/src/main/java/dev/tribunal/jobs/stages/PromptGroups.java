package dev.tribunal.jobs.stages;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.apache.spark.sql.Row;

/**
 * Consecutive rows with the same key as one group: a partition sorted by prompt_id becomes one
 * group per prompt, without a shuffle. Fails if a key comes back after its group ended, which
 * would mean the input was not sorted and a prompt's work would be split.
 */
public final class PromptGroups implements Iterator<List<Row>> {
  private final Iterator<Row> rows;
  private final String key;
  private final java.util.Set<String> seen = new java.util.HashSet<>();
  private Row pending;

  public PromptGroups(Iterator<Row> rows, String key) {
    this.rows = rows;
    this.key = key;
    this.pending = rows.hasNext() ? rows.next() : null;
  }

  @Override
  public boolean hasNext() {
    return pending != null;
  }

  @Override
  public List<Row> next() {
    if (pending == null) throw new NoSuchElementException();
    String id = pending.getAs(key);
    if (!seen.add(id)) throw new IllegalStateException(key + " " + id + " appears in two runs of rows: input not sorted by " + key);
    List<Row> group = new ArrayList<>();
    group.add(pending);
    pending = null;
    while (rows.hasNext()) {
      Row r = rows.next();
      if (!Objects.equals(r.getAs(key), id)) {
        pending = r;
        break;
      }
      group.add(r);
    }
    return group;
  }
}
