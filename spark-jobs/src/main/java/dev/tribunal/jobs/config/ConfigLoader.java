package dev.tribunal.jobs.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Builds the configuration tree: built-in defaults, then the user's YAML file (with ${ENV}
 * substitution), then --set overrides, checked against the defaults' shape so that an unknown key
 * is named with the keys allowed beside it, and finally bound to the immutable records.
 */
public final class ConfigLoader {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper BINDER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
      // Enum-typed settings read as Check.oneOf reads names: "dpo" and "DPO" alike.
      .enable(com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS);

  private final UnaryOperator<String> env;

  public ConfigLoader(UnaryOperator<String> env) {
    this.env = env;
  }

  public static ConfigLoader fromSystemEnvironment() {
    return new ConfigLoader(System::getenv);
  }

  /** The effective tree: defaults, file (may be null), overrides "key.path=value". */
  public ObjectNode tree(Path file, List<String> overrides) {
    return tree(null, file, overrides);
  }

  /**
   * The same with a built-in profile (a YAML resource, e.g. the demo's) laid over the defaults
   * before the user's file, so the user can still change any of its keys.
   */
  public ObjectNode tree(String profile, Path file, List<String> overrides) {
    ObjectNode defaults = defaults();
    ObjectNode merged = defaults.deepCopy();
    if (profile != null) {
      ObjectNode layer = resource(profile);
      new EnvSubstitution(env).apply(layer, "");
      ConfigShape.check(layer, defaults, "");
      ConfigTree.merge(merged, layer);
    }
    if (file != null) {
      ObjectNode user = readFile(file);
      new EnvSubstitution(env).apply(user, "");
      ConfigShape.check(user, defaults, "");
      ConfigTree.merge(merged, user);
    }
    for (String override : overrides) {
      ConfigTree.set(merged, defaults, override);
    }
    return merged;
  }

  public TribunalConfig load(Path file, List<String> overrides) {
    return bind(tree(file, overrides));
  }

  public static TribunalConfig bind(ObjectNode tree) {
    try {
      return BINDER.treeToValue(tree, TribunalConfig.class);
    } catch (ValueInstantiationException e) {
      if (e.getCause() instanceof ConfigException ce) throw ce;
      if (e.getCause() instanceof SettingException se) throw new ConfigException(path(e) + "." + se.getMessage());
      throw new ConfigException(path(e) + ": " + e.getOriginalMessage());
    } catch (MismatchedInputException e) {
      if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
        throw Check.notAllowed(path(e), f.getValue(), f.getTargetType().getEnumConstants());
      }
      throw new ConfigException(path(e) + ": bad value; expected "
          + e.getTargetType().getSimpleName().toLowerCase(java.util.Locale.ROOT));
    } catch (IOException e) {
      throw new ConfigException("configuration: " + e.getMessage());
    }
  }

  private static String path(com.fasterxml.jackson.databind.JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (var ref : e.getPath()) {
      if (ref.getFieldName() == null) continue;
      if (sb.length() > 0) sb.append('.');
      sb.append(ref.getFieldName());
    }
    return sb.length() == 0 ? "configuration" : sb.toString();
  }

  static ObjectNode defaults() {
    return resource("/dev/tribunal/jobs/tribunal-defaults.yaml");
  }

  private static ObjectNode resource(String name) {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("built-in configuration " + name + " is missing");
      return (ObjectNode) YAML.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("built-in configuration " + name + " unreadable", e);
    }
  }

  private static ObjectNode readFile(Path file) {
    if (!Files.isRegularFile(file)) throw new ConfigException("--config: no such file " + file);
    try {
      JsonNode node = YAML.readTree(file.toFile());
      if (node == null || node.isMissingNode() || node.isNull()) return YAML.createObjectNode();
      if (!node.isObject()) throw new ConfigException(file + ": the top level must be a mapping");
      return (ObjectNode) node;
    } catch (IOException e) {
      throw new ConfigException(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }
}
