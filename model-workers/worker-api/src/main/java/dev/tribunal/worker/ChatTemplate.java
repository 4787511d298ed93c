package dev.tribunal.worker;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.io.Serializable;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checkpoint's chat template (the Jinja source from tokenizer_config.json), rendered the way
 * transformers' apply_chat_template does: trim_blocks and lstrip_blocks on, the special tokens as
 * variables, and raise_exception available. The only place chat prompts become text: the in-JVM
 * runtime renders with it, and so does the HTTP client where the API wants text (prompt log-probs
 * exist only for text completions), so both score the same string. Serializable, so it travels to
 * executors inside an endpoint's settings.
 */
public final class ChatTemplate implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final Jinjava JINJA = create();

  private final String template;
  private final Map<String, String> specialTokens;

  /** specialTokens: bos_token, eos_token, ... to their text, as the template sees them. */
  public ChatTemplate(String template, Map<String, String> specialTokens) {
    if (template == null || template.isBlank()) throw new IllegalArgumentException("chat template is empty");
    this.template = template;
    this.specialTokens = Map.copyOf(specialTokens);
  }

  /** The checkpoint's template (see {@link TokenizerConfig}), or null when it has none. */
  public static ChatTemplate of(TokenizerConfig config) {
    return config.chatTemplate() == null ? null : new ChatTemplate(config.chatTemplate(), config.specialTokens());
  }

  public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
    Map<String, Object> context = new HashMap<>(specialTokens);
    context.put("messages", messages.stream().map(m -> {
      Map<String, Object> msg = new LinkedHashMap<>();
      msg.put("role", m.role());
      msg.put("content", m.content());
      return msg;
    }).toList());
    context.put("add_generation_prompt", addGenerationPrompt);
    RenderResult result = JINJA.renderForResult(template, context);
    for (TemplateError e : result.getErrors()) {
      if (e.getSeverity() == TemplateError.ErrorType.FATAL) {
        throw new IllegalArgumentException("chat template failed: " + reason(e));
      }
    }
    return result.getOutput();
  }

  /** Called by templates as raise_exception(message), e.g. on a role they do not accept. */
  public static String raiseException(String message) {
    throw new TemplateRaised(message);
  }

  private static String reason(TemplateError e) {
    for (Throwable t = e.getException(); t != null; t = t.getCause()) {
      if (t instanceof TemplateRaised) return t.getMessage();
    }
    return e.getMessage() + " at line " + e.getLineno();
  }

  private static Jinjava create() {
    Jinjava jinja = new Jinjava(JinjavaConfig.newBuilder().withTrimBlocks(true).withLstripBlocks(true).build());
    jinja.getGlobalContext().registerFunction(
        new ELFunctionDefinition("", "raise_exception", ChatTemplate.class, "raiseException", String.class));
    return jinja;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChatTemplate t && t.template.equals(template) && t.specialTokens.equals(specialTokens);
  }

  @Override
  public int hashCode() {
    return template.hashCode() * 31 + specialTokens.hashCode();
  }

  private static final class TemplateRaised extends RuntimeException {
    TemplateRaised(String message) {
      super(message);
    }
  }
}
