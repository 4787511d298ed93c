package dev.tribunal.worker.djl.tokenizer;

import dev.tribunal.worker.ChatMessage;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.train.TrainingExample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Chat examples in token space, as the trainer takes them. The prompt is rendered the way the
 * worker renders it at inference (the checkpoint's chat template with the assistant's generation
 * prompt); the response is what the same template writes for the assistant's turn after that.
 * The prompt/response boundary is found in token space, as the longest common prefix of the two
 * tokenizations, so a token merged across the boundary belongs to the response (as in scoring).
 *
 * <p>The response ends with the template's end-of-turn token, so the model learns to stop; text
 * the template writes after it (a newline) is never generated and so is not learned. Takes and
 * returns plain Java values: callers that must not touch tensors can use it.
 */
public final class TrainingData {

  /** A tokenized chat example: the prompt ids, then the response ids that carry the loss. */
  public record Split(int[] promptIds, int[] responseIds) {}

  private final ModelTokenizer tokenizer;

  public TrainingData(ModelTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  /** The SFT example that teaches {@code response} as the assistant's reply to {@code prompt}. */
  public TrainingExample sft(List<ChatMessage> prompt, String response) {
    Split s = split(prompt, response);
    return TrainingExample.sft(s.promptIds(), s.responseIds());
  }

  /** SFT examples for (prompt, response) pairs in order; a bad one is named by its index. */
  public List<TrainingExample> sft(List<List<ChatMessage>> prompts, List<String> responses) {
    if (prompts.size() != responses.size()) {
      throw new IllegalArgumentException(prompts.size() + " prompts but " + responses.size() + " responses");
    }
    List<TrainingExample> out = new ArrayList<>(prompts.size());
    for (int i = 0; i < prompts.size(); i++) {
      try {
        out.add(sft(prompts.get(i), responses.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("training example " + i + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /**
   * A preference example whose chosen and rejected spans are exactly the tokens the runtime's
   * score sums for them ({@link ModelTokenizer#continuation}, with the end-of-turn token when
   * endOfTurn, as the reference was scored), so the reference log-probs fit.
   */
  public TrainingExample preference(Prompt prompt, String chosen, String rejected,
      double refChosenLogp, double refRejectedLogp, boolean endOfTurn) {
    TrainingExample c = scored(prompt, chosen, endOfTurn);
    TrainingExample r = scored(prompt, rejected, endOfTurn);
    if (!Arrays.equals(c.promptIds(), r.promptIds())) {
      throw new IllegalArgumentException("chosen and rejected split the prompt differently in token space");
    }
    return TrainingExample.preference(c.promptIds(), c.chosenIds(), r.chosenIds(), refChosenLogp, refRejectedLogp);
  }

  /**
   * The example (in SFT form) whose response span is exactly the tokens the runtime's score sums
   * for {@code response}, with the end-of-turn token when endOfTurn: what BOND's log π(y) and a
   * preference pair's log-probs are sums over.
   */
  public TrainingExample scored(Prompt prompt, String response, boolean endOfTurn) {
    ModelTokenizer.Continuation c = tokenizer.continuation(prompt, response, endOfTurn);
    if (c.start() == 0 || c.start() == c.ids().length) {
      throw new IllegalArgumentException(c.start() == 0 ? "the prompt renders to no tokens"
          : "the response renders to no tokens");
    }
    return TrainingExample.sft(Arrays.copyOf(c.ids(), c.start()), Arrays.copyOfRange(c.ids(), c.start(), c.ids().length));
  }

  /** Prompt and response token ids of one chat example. */
  public Split split(List<ChatMessage> prompt, String response) {
    if (prompt.isEmpty()) throw new IllegalArgumentException("the prompt has no messages");
    String head = tokenizer.renderChat(prompt, true);
    List<ChatMessage> conversation = new ArrayList<>(prompt);
    conversation.add(new ChatMessage("assistant", response));
    String full = tokenizer.renderChat(conversation, false);
    if (!full.startsWith(head)) {
      // Training would then show the model a context it never sees when it generates.
      throw new IllegalArgumentException("the chat template renders the assistant's turn without the generation"
          + " prompt as its prefix, so the response has no boundary to learn from");
    }
    int[] headIds = tokenizer.encode(head, false);
    int[] fullIds = tokenizer.encode(full, false);
    int k = 0;
    while (k < headIds.length && k < fullIds.length && headIds[k] == fullIds[k]) k++;
    int end = endOfTurn(fullIds, k);
    if (k == 0 || end <= k) {
      throw new IllegalArgumentException(k == 0 ? "the prompt renders to no tokens" : "the response renders to no tokens");
    }
    return new Split(Arrays.copyOf(fullIds, k), Arrays.copyOfRange(fullIds, k, end));
  }

  /**
   * The end (exclusive) of the response: just after the end-of-turn token the template wrote, or
   * the whole rest when the template writes none. An end-of-turn token inside the response text
   * is refused: the model would learn to stop there.
   */
  private int endOfTurn(int[] ids, int from) {
    Set<Integer> eos = tokenizer.eosIds();
    int last = -1;
    for (int i = from; i < ids.length; i++) {
      if (!eos.contains(ids[i])) continue;
      if (last >= 0) {
        throw new IllegalArgumentException("the response contains the end-of-turn token (id " + ids[last]
            + ") before its end");
      }
      last = i;
    }
    return last < 0 ? ids.length : last + 1;
  }
}
