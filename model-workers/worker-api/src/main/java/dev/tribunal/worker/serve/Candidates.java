package dev.tribunal.worker.serve;

import dev.tribunal.worker.Capabilities;
import dev.tribunal.worker.ModelWorker;
import dev.tribunal.worker.NextTokenRequest;
import dev.tribunal.worker.NextTokenResult;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.TopToken;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Our "candidates" request field: named next tokens whose log-probs join the first position's
 * top_logprobs, whether or not they are among its top-k, which is what RLAIF ("1" or "2") and
 * direct scoring ("1".."10") need.
 */
final class Candidates {
  private Candidates() {}

  static List<String> read(Fields f, boolean logprobs, Capabilities caps) {
    List<String> candidates = f.strings("candidates");
    if (candidates.isEmpty()) return candidates;
    if (!logprobs) throw ApiError.badField("candidates", "needs logprobs");
    if (!caps.nextTokenLogprobs()) throw ApiError.badField("candidates", "this model cannot return next-token log-probs");
    return candidates;
  }

  /** Per prompt, candidate to log-prob (absent where the worker could not see it); empty maps without candidates. */
  static List<Map<String, Double>> logprobs(ModelWorker worker, List<Prompt> prompts, List<String> candidates) {
    if (candidates.isEmpty()) return Collections.nCopies(prompts.size(), Map.of());
    List<NextTokenResult> results = worker.nextTokenLogprobs(
        prompts.stream().map(p -> new NextTokenRequest(p, candidates)).toList());
    return results.stream().map(NextTokenResult::logprobs).toList();
  }

  /** The candidates the worker could see as alternatives (their ids unknown here), in the order named. */
  static List<TopToken> asTop(List<String> candidates, Map<String, Double> logprobs) {
    List<TopToken> out = new ArrayList<>();
    for (String c : candidates) {
      if (logprobs.containsKey(c)) out.add(new TopToken(-1, c, logprobs.get(c).floatValue()));
    }
    return out;
  }

  /** The positions with the candidates joining the first one's alternatives. */
  static List<Position> atFirst(List<Position> positions, List<TopToken> candidates) {
    if (candidates.isEmpty() || positions.isEmpty()) return positions;
    List<Position> out = new ArrayList<>(positions);
    out.set(0, positions.get(0).withAlternatives(candidates));
    return out;
  }
}
