package dev.tribunal.jobs.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ${VAR} and ${VAR:-default} in string values; an unset variable without default is an error. */
final class EnvSubstitution {
  private static final Pattern REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
  private final UnaryOperator<String> env;

  EnvSubstitution(UnaryOperator<String> env) {
    this.env = env;
  }

  void apply(JsonNode node, String prefix) {
    if (node instanceof ObjectNode obj) {
      obj.fields().forEachRemaining(e -> {
        String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
        if (e.getValue().isTextual()) {
          e.setValue(substitute(key, e.getValue().textValue()));
        } else {
          apply(e.getValue(), key);
        }
      });
    } else if (node instanceof ArrayNode arr) {
      for (int i = 0; i < arr.size(); i++) {
        if (arr.get(i).isTextual()) arr.set(i, substitute(prefix + "[" + i + "]", arr.get(i).textValue()));
        else apply(arr.get(i), prefix + "[" + i + "]");
      }
    }
  }

  private JsonNode substitute(String key, String text) {
    Matcher m = REF.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = env.apply(m.group(1));
      if (value == null) value = m.group(2);
      if (value == null) {
        throw new ConfigException(key + ": environment variable " + m.group(1) + " is not set");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return TextNode.valueOf(out.toString());
  }
}
