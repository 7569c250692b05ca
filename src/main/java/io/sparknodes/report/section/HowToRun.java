package io.sparknodes.report.section;

import static io.sparknodes.config.Knobs.BATCH_SIZE;

import io.sparknodes.results.analysis.Recommendation;

/** How to run a recommended point: its Java snippet, its spark-submit line and its profile.json entry. */
final class HowToRun {
  private HowToRun() {}

  static void render(DocumentWriter out, Recommendation r) {
    out.codeBlock("java", r.javaSnippet());
    submit(out, r);
  }

  /** The spark-submit line, the profile.json entry and where batch_size goes, without the Java snippet. */
  static void submit(DocumentWriter out, Recommendation r) {
    StringBuilder submit = new StringBuilder("spark-submit \\");
    for (String arg : r.sparkSubmitArgs()) {
      submit.append("\n  ").append(arg).append(" \\");
    }
    out.codeBlock("bash", submit.append("\n  --class <your.Main> <your-app>.jar").toString());
    String key = io.sparknodes.results.TunedProfile.key(r.useCase());
    out.paragraph("Or from this sweep's `profile.json` (beside results.json): `ExecutionConfig.fromProfile(Path.of(\"profile.json\"), \""
        + key + "\")` in code, `scripts/submit --profile profile.json --use-case " + key + " ...` to submit."
        + (r.params().containsKey(BATCH_SIZE)
            ? " `batch_size` is an engine setting, not a Spark one: it goes in the `ExecutionConfig`." : ""));
  }
}
