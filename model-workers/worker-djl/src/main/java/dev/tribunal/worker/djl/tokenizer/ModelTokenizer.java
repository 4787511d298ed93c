package dev.tribunal.worker.djl.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.worker.ChatMessage;
import dev.tribunal.worker.ChatTemplate;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.TokenizerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A checkpoint's tokenizer: tokenizer.json through DJL's Hugging Face tokenizer, plus what
 * tokenizer_config.json and generation_config.json say about special tokens, end-of-sequence ids
 * and the chat template. Thread-safe.
 */
public final class ModelTokenizer implements AutoCloseable {

  private final HuggingFaceTokenizer hf;
  private final String source;
  private final Map<String, String> specialTokens;
  private final ChatTemplate template; // null when the checkpoint has none
  private final Set<Integer> eosIds;
  private final int endOfTurnId;
  private final int padId;

  private ModelTokenizer(HuggingFaceTokenizer hf, Path dir, TokenizerConfig config, Set<Integer> genEos) {
    this.hf = hf;
    this.source = dir.toString();
    Map<String, String> special = config.specialTokens();
    this.specialTokens = special;
    this.template = ChatTemplate.of(config);
    Set<Integer> eos = new LinkedHashSet<>(genEos);
    if (special.containsKey("eos_token")) eos.add(tokenId(special.get("eos_token")));
    this.eosIds = Set.copyOf(eos);
    this.endOfTurnId = special.containsKey("eos_token") ? tokenId(special.get("eos_token"))
        : eos.isEmpty() ? -1 : eos.iterator().next();
    this.padId = special.containsKey("pad_token") ? tokenId(special.get("pad_token"))
        : eos.isEmpty() ? 0 : eos.iterator().next();
  }

  /** Loads tokenizer.json, tokenizer_config.json and (if present) generation_config.json from dir. */
  public static ModelTokenizer load(Path dir) {
    Path json = dir.resolve("tokenizer.json");
    if (!Files.exists(json)) throw new IllegalArgumentException("no tokenizer.json in " + dir);
    TokenizerConfig config = TokenizerConfig.read(dir);
    JsonNode eosNode = TokenizerConfig.json(dir.resolve("generation_config.json")).path("eos_token_id"); // int or list
    Set<Integer> genEos = new LinkedHashSet<>();
    if (eosNode.isArray()) eosNode.forEach(n -> genEos.add(n.asInt()));
    else if (eosNode.canConvertToInt()) genEos.add(eosNode.asInt());
    try {
      // No truncation: a prompt longer than the model accepts is refused later, never silently cut.
      HuggingFaceTokenizer hf = HuggingFaceTokenizer.builder().optTokenizerPath(dir).optAddSpecialTokens(false)
          .optTruncation(false).optPadding(false).optMaxLength(1 << 20).build();
      return new ModelTokenizer(hf, dir, config, genEos);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load tokenizer from " + dir, e);
    }
  }

  public int[] encode(String text, boolean addSpecialTokens) {
    long[] ids = hf.encode(text, addSpecialTokens, false).getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) out[i] = (int) ids[i];
    return out;
  }

  /** Text of generated ids, special tokens left out. */
  public String decode(int[] ids, int length) {
    long[] l = new long[length];
    for (int i = 0; i < length; i++) l[i] = ids[i];
    return hf.decode(l, true);
  }

  /** The prompt as the model sees it: chat through the template with a generation prompt, text as it is. */
  public String render(Prompt prompt) {
    return prompt.isChat() ? renderChat(prompt.messages(), true) : prompt.text();
  }

  /** Chat messages through the checkpoint's template, with or without the assistant's generation prompt. */
  public String renderChat(List<ChatMessage> messages, boolean addGenerationPrompt) {
    if (template == null) {
      throw new IllegalArgumentException("checkpoint " + source + " has no chat_template; send text prompts");
    }
    return template.render(messages, addGenerationPrompt);
  }

  /**
   * Whether tokenizing this prompt adds the tokenizer's own special tokens (BOS): not for chat
   * (the template writes them), and not for text that already starts with the BOS token.
   */
  public boolean addsSpecialTokens(Prompt prompt) {
    String bos = specialTokens.get("bos_token");
    return !prompt.isChat() && (bos == null || !prompt.text().startsWith(bos));
  }

  public int[] encodePrompt(Prompt prompt) {
    return encode(render(prompt), addsSpecialTokens(prompt));
  }

  /** The tokens of render(prompt) + continuation, and the index of the continuation's first token. */
  public record Continuation(int[] ids, int start) {}

  /**
   * Where a continuation starts in token space: past the longest common prefix of render(prompt)'s
   * tokens and render(prompt)+continuation's, so a token merged across the boundary belongs to the
   * continuation. Scoring and preference training both use this, so the reference log-probs a
   * pair carries cover exactly the tokens the trainer sums.
   */
  public Continuation continuation(Prompt prompt, String continuation) {
    return continuation(prompt, continuation, false);
  }

  /** The same, with the end-of-turn token appended when the continuation is a whole turn. */
  public Continuation continuation(Prompt prompt, String continuation, boolean endOfTurn) {
    String head = render(prompt);
    boolean special = addsSpecialTokens(prompt);
    int[] headIds = encode(head, special);
    int[] full = encode(head + continuation, special);
    int k = 0;
    while (k < headIds.length && k < full.length && headIds[k] == full[k]) k++;
    if (endOfTurn) {
      full = Arrays.copyOf(full, full.length + 1);
      full[full.length - 1] = endOfTurnId();
    }
    return new Continuation(full, k);
  }

  /**
   * What a reward model reads for a response: render(prompt) + response, then the end-of-turn
   * token, where the reward is taken (a response is judged as a whole turn, including its end).
   * Training and serving both build it here, so the reward is read where it was learnt.
   */
  public int[] rewardSequence(Prompt prompt, String response) {
    return continuation(prompt, response, true).ids();
  }

  /**
   * The token that ends an assistant turn: tokenizer_config.json's eos_token (what chat models
   * set to their end-of-turn marker), else generation_config.json's first eos id.
   */
  public int endOfTurnId() {
    if (endOfTurnId < 0) {
      throw new IllegalArgumentException("the tokenizer of " + source + " names no eos token, so a turn has no end to score");
    }
    return endOfTurnId;
  }

  /** The id of a text that must be exactly one token (a special token, or a label like "1"). */
  public int tokenId(String text) {
    int[] ids = encode(text, false);
    if (ids.length != 1) {
      throw new IllegalArgumentException("'" + text + "' encodes to " + ids.length
          + " tokens with the tokenizer of " + source + "; exactly one is required");
    }
    return ids[0];
  }

  public Set<Integer> eosIds() {
    return eosIds;
  }

  public int padId() {
    return padId;
  }

  @Override
  public void close() {
    hf.close();
  }
}
