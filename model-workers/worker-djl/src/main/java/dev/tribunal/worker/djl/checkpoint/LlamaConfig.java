package dev.tribunal.worker.djl.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The architecture of a Llama-family checkpoint, as Hugging Face's config.json spells it. Two
 * families share one forward: Llama and Qwen2 (which adds biases to the q/k/v projections). Each
 * comes with one of two heads: a causal language model's lm_head ({@code *ForCausalLM}), or a
 * reward model's scalar score head ({@code *ForSequenceClassification} with num_labels 1), which
 * Hugging Face reads at the last token that is not padding.
 *
 * @param padTokenId Hugging Face's pad_token_id, or null. A reward model needs one distinct from
 *     its end-of-turn token: Hugging Face finds each row's last token as the last non-pad one
 */
public record LlamaConfig(
    String architecture,
    int vocabSize,
    int hiddenSize,
    int intermediateSize,
    int numHiddenLayers,
    int numAttentionHeads,
    int numKeyValueHeads,
    int headDim,
    int maxPositionEmbeddings,
    double rmsNormEps,
    double ropeTheta,
    RopeScaling ropeScaling,
    boolean tieWordEmbeddings,
    boolean qkvBias,
    boolean outputBias,
    List<Integer> eosTokenIds,
    Integer padTokenId) {

  public static final String LLAMA = "LlamaForCausalLM";
  public static final String QWEN2 = "Qwen2ForCausalLM";
  public static final String LLAMA_REWARD = "LlamaForSequenceClassification";
  public static final String QWEN2_REWARD = "Qwen2ForSequenceClassification";
  private static final List<String> SUPPORTED = List.of(LLAMA, QWEN2, LLAMA_REWARD, QWEN2_REWARD);
  static final ObjectMapper JSON = new ObjectMapper();

  public LlamaConfig {
    if (!SUPPORTED.contains(architecture)) {
      throw new IllegalArgumentException("config: unsupported architecture '" + architecture
          + "' (supported: " + String.join(", ", SUPPORTED) + ")");
    }
    positive("vocab_size", vocabSize);
    positive("hidden_size", hiddenSize);
    positive("intermediate_size", intermediateSize);
    positive("num_hidden_layers", numHiddenLayers);
    positive("num_attention_heads", numAttentionHeads);
    positive("num_key_value_heads", numKeyValueHeads);
    positive("head_dim", headDim);
    positive("max_position_embeddings", maxPositionEmbeddings);
    if (numAttentionHeads % numKeyValueHeads != 0) {
      throw new IllegalArgumentException("config: num_attention_heads " + numAttentionHeads
          + " is not a multiple of num_key_value_heads " + numKeyValueHeads);
    }
    if (headDim % 2 != 0) {
      throw new IllegalArgumentException("config: head_dim must be even for RoPE, was " + headDim);
    }
    if (!(rmsNormEps > 0) || !(ropeTheta > 0)) {
      throw new IllegalArgumentException("config: rms_norm_eps and rope_theta must be > 0");
    }
    eosTokenIds = eosTokenIds == null ? List.of() : List.copyOf(eosTokenIds);
  }

  /** A plain Llama: untied embeddings, no biases, eps 1e-5, rope_theta 10000. */
  public static LlamaConfig llama(int vocab, int hidden, int intermediate, int layers, int heads,
      int kvHeads, int maxPositions) {
    return new LlamaConfig(LLAMA, vocab, hidden, intermediate, layers, heads, kvHeads,
        hidden / heads, maxPositions, 1e-5, 10000.0, null, false, false, false, List.of(), null);
  }

  /** The same dimensions as a Qwen2 model: biases on the q, k and v projections. */
  public LlamaConfig asQwen2() {
    return new LlamaConfig(isReward() ? QWEN2_REWARD : QWEN2, vocabSize, hiddenSize, intermediateSize,
        numHiddenLayers, numAttentionHeads, numKeyValueHeads, headDim, maxPositionEmbeddings, rmsNormEps, ropeTheta,
        ropeScaling, tieWordEmbeddings, true, false, eosTokenIds, padTokenId);
  }

  /**
   * The same body under a reward model's score head. The lm_head is gone, so nothing is tied; pad
   * is the id Hugging Face's pooling treats as padding.
   */
  public LlamaConfig asReward(int padTokenId) {
    return new LlamaConfig(isQwen2() ? QWEN2_REWARD : LLAMA_REWARD, vocabSize, hiddenSize, intermediateSize,
        numHiddenLayers, numAttentionHeads, numKeyValueHeads, headDim, maxPositionEmbeddings, rmsNormEps, ropeTheta,
        ropeScaling, false, qkvBias, outputBias, eosTokenIds, padTokenId);
  }

  /** Whether this is a reward model: a scalar score head where a language model has its lm_head. */
  public boolean isReward() {
    return architecture.endsWith("ForSequenceClassification");
  }

  private boolean isQwen2() {
    return architecture.startsWith("Qwen2");
  }

  public LlamaConfig withTiedEmbeddings(boolean tied) {
    return new LlamaConfig(architecture, vocabSize, hiddenSize, intermediateSize, numHiddenLayers,
        numAttentionHeads, numKeyValueHeads, headDim, maxPositionEmbeddings, rmsNormEps, ropeTheta,
        ropeScaling, tied, qkvBias, outputBias, eosTokenIds, padTokenId);
  }

  public LlamaConfig withEosTokenIds(List<Integer> ids) {
    return new LlamaConfig(architecture, vocabSize, hiddenSize, intermediateSize, numHiddenLayers,
        numAttentionHeads, numKeyValueHeads, headDim, maxPositionEmbeddings, rmsNormEps, ropeTheta,
        ropeScaling, tieWordEmbeddings, qkvBias, outputBias, ids, padTokenId);
  }

  /** Query heads per key/value head (grouped-query attention). */
  public int kvGroups() {
    return numAttentionHeads / numKeyValueHeads;
  }

  public static LlamaConfig read(Path dir) {
    Path file = dir.resolve("config.json");
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public static LlamaConfig parse(String json, String source) {
    JsonNode n;
    try {
      n = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": not valid JSON: " + e.getMessage(), e);
    }
    String arch = n.path("architectures").path(0).asText(
        "qwen2".equals(n.path("model_type").asText()) ? QWEN2 : LLAMA);
    String act = n.path("hidden_act").asText("silu");
    if (!"silu".equals(act)) {
      throw new IllegalArgumentException(source + ": hidden_act '" + act + "' is not supported (silu only)");
    }
    if (n.path("mlp_bias").asBoolean(false) || n.path("use_sliding_window").asBoolean(false)) {
      throw new IllegalArgumentException(source + ": mlp_bias and use_sliding_window are not supported");
    }
    boolean qwen = arch.startsWith("Qwen2");
    rewardLabels(n, arch, source);
    boolean attentionBias = n.path("attention_bias").asBoolean(false);
    int hidden = required(n, "hidden_size", source);
    int heads = required(n, "num_attention_heads", source);
    try {
      return new LlamaConfig(arch, required(n, "vocab_size", source), hidden,
          required(n, "intermediate_size", source), required(n, "num_hidden_layers", source), heads,
          n.path("num_key_value_heads").asInt(heads), n.path("head_dim").asInt(hidden / heads),
          n.path("max_position_embeddings").asInt(2048), n.path("rms_norm_eps").asDouble(1e-6),
          n.path("rope_theta").asDouble(10000.0), RopeScaling.parse(n.get("rope_scaling"), source),
          n.path("tie_word_embeddings").asBoolean(false), qwen || attentionBias,
          !qwen && attentionBias, ids(n.get("eos_token_id")),
          n.path("pad_token_id").canConvertToInt() ? n.get("pad_token_id").asInt() : null);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  public void write(Path dir) {
    try {
      Files.writeString(dir.resolve("config.json"), toJson());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write config.json in " + dir, e);
    }
  }

  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.putArray("architectures").add(architecture);
    n.put("model_type", isQwen2() ? "qwen2" : "llama");
    n.put("vocab_size", vocabSize);
    n.put("hidden_size", hiddenSize);
    n.put("intermediate_size", intermediateSize);
    n.put("num_hidden_layers", numHiddenLayers);
    n.put("num_attention_heads", numAttentionHeads);
    n.put("num_key_value_heads", numKeyValueHeads);
    n.put("head_dim", headDim);
    n.put("max_position_embeddings", maxPositionEmbeddings);
    n.put("rms_norm_eps", rmsNormEps);
    n.put("rope_theta", ropeTheta);
    if (ropeScaling != null) n.set("rope_scaling", ropeScaling.toJson());
    n.put("hidden_act", "silu");
    n.put("tie_word_embeddings", tieWordEmbeddings);
    if (!isQwen2()) n.put("attention_bias", qkvBias);
    if (eosTokenIds.size() == 1) n.put("eos_token_id", eosTokenIds.get(0));
    if (eosTokenIds.size() > 1) eosTokenIds.forEach(n.putArray("eos_token_id")::add);
    if (padTokenId != null) n.put("pad_token_id", padTokenId);
    if (isReward()) { // one label, spelt both ways transformers reads it
      n.put("num_labels", 1);
      n.putObject("id2label").put("0", "LABEL_0");
      n.putObject("label2id").put("LABEL_0", 0);
    }
    n.put("torch_dtype", "float32");
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An int, or a list of ints, or nothing (HF allows each for eos_token_id). */
  static List<Integer> ids(JsonNode node) {
    List<Integer> out = new ArrayList<>();
    if (node == null || node.isNull()) return out;
    if (node.isArray()) node.forEach(x -> out.add(x.asInt()));
    else out.add(node.asInt());
    return out;
  }

  /**
   * A sequence classifier is a reward model only with one label. transformers counts id2label when
   * present, else num_labels, else assumes 2.
   */
  private static void rewardLabels(JsonNode n, String arch, String source) {
    if (!arch.endsWith("ForSequenceClassification")) return;
    int labels = n.has("id2label") ? n.get("id2label").size() : n.path("num_labels").asInt(2);
    if (labels != 1) {
      throw new IllegalArgumentException(source + ": " + arch + " with " + labels
          + " labels is a classifier, not a reward model (num_labels must be 1)");
    }
  }

  private static int required(JsonNode n, String field, String source) {
    if (!n.path(field).canConvertToInt()) {
      throw new IllegalArgumentException(source + ": missing or non-integer field '" + field + "'");
    }
    return n.get(field).asInt();
  }

  private static void positive(String field, int value) {
    if (value <= 0) throw new IllegalArgumentException("config: " + field + " must be > 0, was " + value);
  }
}
