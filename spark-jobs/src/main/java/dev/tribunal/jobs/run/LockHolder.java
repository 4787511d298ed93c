package dev.tribunal.jobs.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who holds a run's lock, as written in {@code <run>/_lock} (JSON). The process start time tells
 * a live holder from a later process that was given the same pid; the token tells the holder its
 * own lock from one that replaced it. Instants are ISO-8601 strings, as in the manifest.
 *
 * <p>Locks written by older versions read {@code pid@host since <instant>}: they parse with no
 * start time, heartbeat, namespace or token.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LockHolder(String host, String pidNamespace, long pid, String processStart,
    String acquired, String heartbeat, String token) {
  private static final Pattern LEGACY = Pattern.compile("^\\s*(\\d+)@(\\S+) since (\\S+)\\s*$");
  private static final String UNKNOWN_HOST = "unknown-host";
  // Looked up once: a host name lookup can take seconds where name resolution is slow.
  private static final String HOST = lookUpHost();
  private static final String PID_NAMESPACE = lookUpPidNamespace();

  /** This process, acquiring now. */
  static LockHolder current(Instant now) {
    ProcessHandle self = ProcessHandle.current();
    String start = self.info().startInstant().map(Instant::toString).orElse(null);
    return new LockHolder(localHost(), localPidNamespace(), self.pid(), start, now.toString(),
        now.toString(), UUID.randomUUID().toString());
  }

  LockHolder withHeartbeat(Instant now) {
    return new LockHolder(host, pidNamespace, pid, processStart, acquired, now.toString(), token);
  }

  /** The holder a lock file names, or empty when it is neither format (e.g. cut short by a crash). */
  static Optional<LockHolder> parse(byte[] content) {
    String text = new String(content, java.nio.charset.StandardCharsets.UTF_8);
    if (text.stripLeading().startsWith("{")) return parseJson(content);
    Matcher m = LEGACY.matcher(text);
    if (!m.matches()) return Optional.empty();
    return Optional.of(new LockHolder(m.group(2), null, Long.parseLong(m.group(1)), null,
        m.group(3), null, null));
  }

  private static Optional<LockHolder> parseJson(byte[] content) {
    try {
      // A newer version may add fields; what this one needs is still there.
      LockHolder h = RunDirectory.JSON.readerFor(LockHolder.class)
          .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(content);
      return h.host() == null || h.pid() <= 0 ? Optional.empty() : Optional.of(h);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  byte[] toJson() {
    try {
      return RunDirectory.JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Written by an older version: no heartbeat is ever refreshed. */
  boolean legacy() {
    return token == null;
  }

  /**
   * Same host name and, where both sides know it, the same pid namespace: containers that share
   * a host name but not their pids must not judge each other's pids.
   */
  boolean onThisHost() {
    // Hosts that could not name themselves would all look alike.
    if (!host.equals(localHost()) || host.equals(UNKNOWN_HOST)) return false;
    String here = localPidNamespace();
    return pidNamespace == null || here == null || pidNamespace.equals(here);
  }

  Optional<Instant> heartbeatInstant() {
    return instant(heartbeat == null ? acquired : heartbeat);
  }

  Optional<Instant> processStartInstant() {
    return instant(processStart);
  }

  /** E.g. {@code pid 4711@node-3 (started 2026-..., acquired 2026-..., last heartbeat 2026-...)}. */
  public String describe() {
    StringBuilder sb = new StringBuilder("pid ").append(pid).append('@').append(host).append(" (");
    if (processStart != null) sb.append("started ").append(processStart).append(", ");
    sb.append("acquired ").append(acquired);
    sb.append(heartbeat == null ? ", no heartbeat: written by an older version" : ", last heartbeat " + heartbeat);
    return sb.append(')').toString();
  }

  private static Optional<Instant> instant(String s) {
    try {
      return s == null ? Optional.empty() : Optional.of(Instant.parse(s));
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  static String localHost() {
    return HOST;
  }

  static String localPidNamespace() {
    return PID_NAMESPACE;
  }

  private static String lookUpHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return UNKNOWN_HOST;
    }
  }

  /** Linux names each pid namespace, e.g. {@code pid:[4026531836]}; elsewhere there is none. */
  private static String lookUpPidNamespace() {
    try {
      return Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/ns/pid")).toString();
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return null;
    }
  }
}
