package dev.tribunal.jobs.world;

import java.util.List;

/** Edit distances between answers. */
final class EditDistance {
  private EditDistance() {}

  /**
   * Optimal string alignment distance: insertions, deletions, substitutions and transpositions
   * of adjacent elements each cost 1. Transpositions count once because swapping two
   * neighbours is the typical near-miss of a sort or a reversal.
   */
  static int osa(List<?> a, List<?> b) {
    int[][] d = new int[a.size() + 1][b.size() + 1];
    for (int i = 0; i <= a.size(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.size(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.size(); i++) {
      for (int j = 1; j <= b.size(); j++) {
        int cost = a.get(i - 1).equals(b.get(j - 1)) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.get(i - 1).equals(b.get(j - 2))
            && a.get(i - 2).equals(b.get(j - 1))) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.size()][b.size()];
  }
}
