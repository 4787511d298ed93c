package dev.tribunal.worker.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The routes, the token naming and the reading of replies that both sides of the wire share. */
public final class Wire {
  public static final String COMPLETIONS = "/v1/completions";
  public static final String CHAT = "/v1/chat/completions";

  private static final Pattern TOKEN_ID = Pattern.compile("token_id:(\\d+)");
  private static final ObjectMapper STRICT = strict();

  private Wire() {}

  /** A token named by its id, vLLM's convention for return_tokens_as_token_ids. */
  public static String tokenName(int id) {
    return "token_id:" + id;
  }

  /** The id in a name made by {@link #tokenName}, or -1 when the text is not one. */
  public static int tokenId(String name) {
    Matcher m = TOKEN_ID.matcher(name == null ? "" : name);
    return m.matches() ? Integer.parseInt(m.group(1)) : -1;
  }

  /**
   * A reply as the record {@code type}: fields the record does not name are ignored, but a field
   * of the wrong kind (a log-prob sent as text, a text sent as a number) is refused rather than
   * converted, so a server that breaks the format is noticed.
   *
   * @throws IllegalArgumentException naming where the reply does not fit
   */
  public static <T> T read(JsonNode json, Class<T> type) {
    try {
      return STRICT.treeToValue(json, type);
    } catch (JsonMappingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage() + " at " + e.getPathReference(), e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
  }

  private static ObjectMapper strict() {
    ObjectMapper m = JsonMapper.builder().disable(MapperFeature.ALLOW_COERCION_OF_SCALARS).build();
    m.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    return m;
  }
}
