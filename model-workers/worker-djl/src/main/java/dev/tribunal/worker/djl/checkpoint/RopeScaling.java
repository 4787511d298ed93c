package dev.tribunal.worker.djl.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * config.json's rope_scaling: "linear" (positions divided by factor) or "llama3" (Llama 3.1's
 * frequency-dependent scaling). Other kinds are refused rather than silently ignored, since
 * ignoring them gives wrong logits past the original context.
 */
public record RopeScaling(String type, double factor, double lowFreqFactor, double highFreqFactor,
    int originalMaxPositionEmbeddings) {

  public RopeScaling {
    if (!"linear".equals(type) && !"llama3".equals(type)) {
      throw new IllegalArgumentException("rope_scaling type '" + type + "' is not supported (linear, llama3)");
    }
    if (!(factor > 0)) throw new IllegalArgumentException("rope_scaling factor must be > 0, was " + factor);
  }

  /** Null when absent or "default" (no scaling). */
  static RopeScaling parse(JsonNode n, String source) {
    if (n == null || n.isNull()) return null;
    String type = n.path("rope_type").asText(n.path("type").asText("default"));
    if ("default".equals(type)) return null;
    return new RopeScaling(type, n.path("factor").asDouble(1.0), n.path("low_freq_factor").asDouble(1.0),
        n.path("high_freq_factor").asDouble(4.0), n.path("original_max_position_embeddings").asInt(8192));
  }

  JsonNode toJson() {
    ObjectNode n = LlamaConfig.JSON.createObjectNode();
    n.put("rope_type", type);
    n.put("factor", factor);
    if ("llama3".equals(type)) {
      n.put("low_freq_factor", lowFreqFactor);
      n.put("high_freq_factor", highFreqFactor);
      n.put("original_max_position_embeddings", originalMaxPositionEmbeddings);
    }
    return n;
  }

  /** Scales RoPE inverse frequencies in place, as transformers' rope initialisers do. */
  public void apply(double[] invFreq) {
    if ("linear".equals(type)) {
      for (int i = 0; i < invFreq.length; i++) invFreq[i] /= factor;
      return;
    }
    double lowWavelen = originalMaxPositionEmbeddings / lowFreqFactor;
    double highWavelen = originalMaxPositionEmbeddings / highFreqFactor;
    for (int i = 0; i < invFreq.length; i++) {
      double wavelen = 2 * Math.PI / invFreq[i];
      if (wavelen > lowWavelen) {
        invFreq[i] /= factor;
      } else if (wavelen >= highWavelen) {
        double smooth = (originalMaxPositionEmbeddings / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
        invFreq[i] = (1 - smooth) * invFreq[i] / factor + smooth * invFreq[i];
      }
    }
  }
}
