package dev.tribunal.jobs.roles;

/** The additive 5-point rubric, shared by the full judge and meta-judge templates. */
final class Rubric {
  static final String ADDITIVE = """
      - Add 1 point if the response is relevant and gives some information related to the \
      question, even if it is incomplete or contains some irrelevant content.
      - Add a 2nd point if it addresses a substantial portion of the question, but does not \
      completely resolve it.
      - Add a 3rd point if it answers the basic elements of the question in a useful way, \
      whatever its flaws.
      - Add a 4th point if it is written clearly from an assistant's perspective, addresses the \
      question directly and comprehensively, and is well organized.
      - Add a 5th point if it is impeccably tailored to the question, reflects expert \
      knowledge, and contains no extraneous content.
      """;

  private Rubric() {}
}
