package dev.tribunal.jobs.config;

import dev.tribunal.jobs.roles.ActorRole;
import dev.tribunal.jobs.roles.ContextOverflow;
import dev.tribunal.jobs.roles.JudgeRole;
import dev.tribunal.jobs.roles.MetaJudgeRole;
import dev.tribunal.jobs.roles.Template;
import java.util.List;
import java.util.function.Function;

/**
 * The prompt templates of the three roles, built and validated when the configuration is loaded,
 * so a template with a missing or unknown slot fails before any work starts, naming its key.
 * "compact" and "full" name the built-in templates, "auto" the form the model was trained on
 * ({@link #resolved}); anything else is the template text itself. The full templates spell out the
 * rubric and the verdict line any instruction-following model needs; the compact ones are the
 * embedded model's own, which learned the rubric from data.
 *
 * @param rejectConflicting several different verdict lines in one output is a parse failure
 * @param templateMarkers chat-template markers whose presence in a response excludes it
 *     (template_leak): such a response would teach the model to emit them
 * @param contextOverflow exclude or truncate: what the judge and meta-judge do with a composed
 *     prompt longer than the model's context ({@link ContextOverflow})
 */
public record RolesConfig(String actorTemplate, String judgeTemplate, String metaJudgeTemplate,
    boolean rejectConflicting, List<String> templateMarkers, String contextOverflow) {
  public RolesConfig {
    Check.oneOf("roles.context_overflow", contextOverflow, ContextOverflow.class);
    templateMarkers = templateMarkers == null ? List.of() : List.copyOf(templateMarkers);
    for (String m : templateMarkers) {
      if (m == null || m.isBlank()) throw new ConfigException("roles.template_markers: a marker is empty");
    }
    build("roles.actor_template", actorTemplate, ActorRole::of);
    build("roles.judge_template", judgeTemplate, t -> judge(t, true));
    build("roles.meta_judge_template", metaJudgeTemplate, t -> metaJudge(t, true, false));
  }

  /** The value that defers the judge and meta-judge forms to the model. */
  public static final String AUTO = "auto";

  /**
   * These roles with "auto" replaced by {@code modelForm}: "compact" or "full", what the model
   * declares it was trained on (see {@code ModelsConfig#declaredRoleForm}).
   */
  public RolesConfig resolved(String modelForm) {
    if (!modelForm.equals("compact") && !modelForm.equals("full")) {
      throw new ConfigException("the model declares role templates '" + modelForm + "'; expected compact or full");
    }
    return new RolesConfig(actorTemplate, AUTO.equals(judgeTemplate) ? modelForm : judgeTemplate,
        AUTO.equals(metaJudgeTemplate) ? modelForm : metaJudgeTemplate, rejectConflicting, templateMarkers,
        contextOverflow);
  }

  public ContextOverflow overflow() {
    return Check.oneOf("roles.context_overflow", contextOverflow, ContextOverflow.class);
  }

  public ActorRole actor() {
    return ActorRole.of(actorTemplate);
  }

  public JudgeRole judge() {
    return judge(judgeTemplate, rejectConflicting);
  }

  public MetaJudgeRole metaJudge(boolean stripScores) {
    return metaJudge(metaJudgeTemplate, rejectConflicting, stripScores);
  }

  private static JudgeRole judge(String text, boolean rejectConflicting) {
    return JudgeRole.of(builtIn(text, JudgeRole.COMPACT, JudgeRole.FULL), rejectConflicting);
  }

  private static MetaJudgeRole metaJudge(String text, boolean rejectConflicting, boolean strip) {
    Template t = Template.of("meta-judge", builtIn(text, MetaJudgeRole.COMPACT, MetaJudgeRole.FULL),
        MetaJudgeRole.SLOTS);
    return new MetaJudgeRole(t, rejectConflicting, strip);
  }

  private static String builtIn(String text, String compact, String full) {
    return switch (text == null ? "" : text) {
      case AUTO -> throw new IllegalStateException("role templates are 'auto' until resolved against the model");
      case "compact" -> compact;
      case "full" -> full;
      default -> text;
    };
  }

  private static void build(String key, String text, Function<String, ?> role) {
    Check.notBlank(key, text);
    if (AUTO.equals(text)) return;
    try {
      role.apply(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key + ": " + e.getMessage());
    }
  }
}
