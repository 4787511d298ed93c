package dev.tribunal.worker.djl.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.SamplingParams;
import dev.tribunal.worker.djl.model.KvCache;
import dev.tribunal.worker.djl.model.LlamaModel;
import dev.tribunal.worker.djl.model.PaddedBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Batched decoding with a KV cache. Sequences are packed into batches of at most maxBatch rows,
 * shortest prompts together; each distinct prompt is prefilled once and its cache copied to its
 * samples. Every step runs one forward for the whole batch; finished rows are dropped from the
 * cache once they are half of it, so late steps do not pay for sequences already done.
 */
public final class Generator {

  /** One sequence to generate: its prompt ids, its parameters, and its index among the request's samples. */
  public record Sequence(int[] prompt, SamplingParams params, int index) {}

  /** Text of the first length ids (special tokens skipped). */
  public interface Detokenizer {
    String decode(int[] ids, int length);
  }

  private final LlamaModel model;
  private final NDManager manager;
  private final Detokenizer detokenizer;
  private final Set<Integer> eosIds;
  private final int padId;
  private final int maxBatch;
  private final int maxPrefillTokens;

  /** maxBatch rows decode together; a prefill forward holds at most maxPrefillTokens padded tokens. */
  public Generator(LlamaModel model, NDManager manager, Detokenizer detokenizer, Set<Integer> eosIds,
      int padId, int maxBatch, int maxPrefillTokens) {
    this.model = model;
    this.manager = manager;
    this.detokenizer = detokenizer;
    this.eosIds = Set.copyOf(eosIds);
    this.padId = padId;
    this.maxBatch = maxBatch;
    this.maxPrefillTokens = maxPrefillTokens;
  }

  /** Completions in the order of the sequences. */
  public List<Completion> generate(List<Sequence> sequences) {
    Completion[] out = new Completion[sequences.size()];
    for (List<Integer> batch : plan(sequences)) {
      List<Sequence> seqs = batch.stream().map(sequences::get).toList();
      List<Completion> done = run(seqs);
      for (int i = 0; i < batch.size(); i++) out[batch.get(i)] = done.get(i);
    }
    return Arrays.asList(out);
  }

  /** Batches of sequence indices: sorted by prompt length, a prompt's samples kept together when they fit. */
  private List<List<Integer>> plan(List<Sequence> sequences) {
    Map<String, List<Integer>> byPrompt = new LinkedHashMap<>();
    for (int i = 0; i < sequences.size(); i++) {
      byPrompt.computeIfAbsent(Arrays.toString(sequences.get(i).prompt()), k -> new ArrayList<>()).add(i);
    }
    List<List<Integer>> groups = new ArrayList<>(byPrompt.values());
    groups.sort(Comparator.comparingInt(g -> sequences.get(g.get(0)).prompt().length));
    List<List<Integer>> batches = new ArrayList<>();
    List<Integer> current = new ArrayList<>();
    for (List<Integer> group : groups) {
      for (int i : group) {
        if (current.size() == maxBatch) {
          batches.add(current);
          current = new ArrayList<>();
        }
        current.add(i);
      }
    }
    if (!current.isEmpty()) batches.add(current);
    return batches;
  }

  private List<Completion> run(List<Sequence> seqs) {
    int maxPositions = model.config().maxPositionEmbeddings();
    List<int[]> prompts = new ArrayList<>();
    long[] rowPrompt = new long[seqs.size()];
    Map<String, Integer> promptIndex = new LinkedHashMap<>();
    DecodingRow[] rows = new DecodingRow[seqs.size()];
    int longestNew = 0;
    for (int b = 0; b < seqs.size(); b++) {
      Sequence s = seqs.get(b);
      if (s.prompt().length == 0) throw new IllegalArgumentException("a prompt encodes to no tokens");
      if (s.prompt().length >= maxPositions) {
        throw new IllegalArgumentException("a prompt of " + s.prompt().length
            + " tokens leaves no room under max_position_embeddings " + maxPositions);
      }
      rowPrompt[b] = promptIndex.computeIfAbsent(Arrays.toString(s.prompt()), k -> {
        prompts.add(s.prompt());
        return prompts.size() - 1;
      });
      int limit = Math.min(s.params().maxNewTokens(), maxPositions - s.prompt().length);
      rows[b] = new DecodingRow(s, limit, eosIds, detokenizer);
      longestNew = Math.max(longestNew, limit);
    }
    int promptWidth = prompts.stream().mapToInt(p -> p.length).max().orElseThrow();
    Decoding d = prefill(prompts, rowPrompt, promptWidth + longestNew);
    try {
      decode(d, rows);
    } finally {
      d.close();
    }
    return Arrays.stream(rows).map(DecodingRow::completion).toList();
  }

  /** The cache, key mask and last-position logits after running every distinct prompt once. */
  private Decoding prefill(List<int[]> prompts, long[] rowPrompt, int capacity) {
    try (NDScope scope = new NDScope(); PaddedBatch batch = PaddedBatch.left(manager, prompts, padId)) {
      int width = batch.width();
      KvCache cache = new KvCache(model.config(), manager, prompts.size(), capacity, model.weights().dataType());
      // Columns past the prompt hold generated tokens, which are always real.
      NDArray keyBias = model.paddingBias(
          batch.mask().concat(manager.ones(new Shape(prompts.size(), capacity - width)), 1));
      NDArray logits = model.prefill(batch.ids(), batch.mask(), cache, maxPrefillTokens);
      boolean identity = rowPrompt.length == prompts.size();
      for (int i = 0; identity && i < rowPrompt.length; i++) identity = rowPrompt[i] == i;
      if (!identity) {
        NDArray rows = manager.create(rowPrompt);
        cache = cache.select(rows);
        keyBias = keyBias.get(rows);
        logits = logits.get(rows);
      }
      NDScope.unregister(keyBias);
      return new Decoding(cache, keyBias, floats(logits), toPositions(prompts, rowPrompt));
    }
  }

  private void decode(Decoding d, DecodingRow[] rowsIn) {
    DecodingRow[] rows = rowsIn;
    int vocab = model.config().vocabSize();
    while (true) {
      long[] tokens = new long[rows.length];
      int active = 0;
      for (int b = 0; b < rows.length; b++) {
        tokens[b] = rows[b].finished() ? padId : rows[b].accept(d.logits, b * vocab, vocab);
        if (!rows[b].finished()) active++;
      }
      if (active == 0) return;
      if (active * 2 <= rows.length && rows.length >= 4) {
        int[] keep = new int[active];
        for (int b = 0, j = 0; b < rows.length; b++) if (!rows[b].finished()) keep[j++] = b;
        rows = d.keep(manager, keep, rows);
        tokens = pick(tokens, keep);
      }
      try (NDScope scope = new NDScope()) {
        int length = d.cache.length() + 1;
        NDArray ids = manager.create(tokens, new Shape(rows.length, 1));
        NDArray positions = manager.create(d.positions, new Shape(rows.length, 1));
        NDArray bias = d.keyBias.get(new NDIndex().addAllDim(4).addSliceDim(0, length));
        NDArray logits = model.forward(ids, positions, bias, d.cache, true);
        d.logits = floats(logits);
      }
      for (int b = 0; b < rows.length; b++) d.positions[b]++;
    }
  }

  private static float[] floats(NDArray logits) {
    return logits.toType(DataType.FLOAT32, false).toFloatArray();
  }

  private static long[] toPositions(List<int[]> prompts, long[] rowPrompt) {
    long[] p = new long[rowPrompt.length];
    for (int b = 0; b < p.length; b++) p[b] = prompts.get((int) rowPrompt[b]).length;
    return p;
  }

  private static long[] pick(long[] values, int[] keep) {
    long[] out = new long[keep.length];
    for (int i = 0; i < keep.length; i++) out[i] = values[keep[i]];
    return out;
  }

  /** What the decoding loop carries between steps: cache, padding bias [B, 1, 1, 1, capacity], logits [B * V], next positions. */
  private static final class Decoding implements AutoCloseable {
    KvCache cache;
    NDArray keyBias;
    float[] logits;
    long[] positions;

    Decoding(KvCache cache, NDArray keyBias, float[] logits, long[] positions) {
      this.cache = cache;
      this.keyBias = keyBias;
      this.logits = logits;
      this.positions = positions;
    }

    /** Keeps only the given rows (finished ones are dropped) and returns those rows' states. */
    DecodingRow[] keep(NDManager manager, int[] keep, DecodingRow[] rows) {
      long[] idx = Arrays.stream(keep).asLongStream().toArray();
      try (NDArray index = manager.create(idx)) {
        cache = cache.select(index);
        NDArray bias = keyBias.get(index);
        keyBias.close();
        keyBias = bias;
      }
      positions = pick(positions, keep);
      return Arrays.stream(keep).mapToObj(i -> rows[i]).toArray(DecodingRow[]::new);
    }

    @Override
    public void close() {
      cache.close();
      keyBias.close();
    }
  }
}
