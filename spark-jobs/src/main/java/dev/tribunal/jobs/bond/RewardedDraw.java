package dev.tribunal.jobs.bond;

import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.TableRef;
import java.util.List;

/**
 * A stage that chooses among a draw of samples by their rewards (Best-of-N, and Best-of-n at each
 * n for its evaluation): it reads the samples and their rewards, and nothing else.
 */
interface RewardedDraw extends Stage {
  TableRef samples();

  TableRef rewards();

  @Override
  default List<TableRef> inputs() {
    return List.of(samples(), rewards());
  }
}
